//! Direct calls beyond a `jal`'s reach.
//!
//! A direct call is one `jal ra, f`, which reaches ±1 MiB. A module whose code
//! outgrows that still calls every function: between functions, once the calls not
//! yet served lie [`ISLAND_SPAN`] bytes back, the compiler places an *island* of
//! veneers, one per function those calls name:
//!
//! ```text
//! veneer_f: auipc t0, hi(f - veneer_f)
//!           jalr  zero, lo(f - veneer_f)(t0)
//! ```
//!
//! When the calls are patched (all entry pcs known), every veneer is pointed at its
//! callee; a call whose callee lies within reach stays a direct `jal ra, f`, one
//! that does not becomes `jal ra, veneer_f` in the island that serves it, and the
//! veneer jumps on with `ra` untouched, so the callee returns straight to the
//! caller. Such a call runs two instructions more (and is charged them); `t0` is a
//! scratch register, dead across a call. Islands sit between functions, where no
//! code falls through. Code under [`ISLAND_SPAN`] bytes gets no island and is
//! exactly what it was without them. A function longer than a `jal` reaches makes
//! its own calls far (`auipc ra; jalr ra`, see `func::labels`), patched here to
//! their targets directly. What remains out of reach: the calls made before, or
//! inside, a function of between 512 KiB and 1 MiB of code, whose island can then
//! lie more than 1 MiB on (the module is refused with the call's pc).

use crate::asm::{Asm, T0, ZERO};
use rivet_format::rv32::{fits_signed, Inst};
use std::collections::HashMap;

/// How far back (bytes) the first call an island serves may lie: half a `jal`'s
/// reach, so that the calls of the function just translated (up to the other half)
/// reach the island after it.
pub(crate) const ISLAND_SPAN: usize = 512 * 1024;

/// The islands of one module.
#[derive(Default)]
pub(crate) struct Islands {
    /// Calls (indices into the module's call list) before this one are served.
    open: usize,
    /// Per island: the first call it serves and its veneer (word index) per callee.
    islands: Vec<(usize, HashMap<u32, usize>)>,
}

impl Islands {
    /// After a function: places an island for the unserved `calls` (word index,
    /// callee) when the first of them lies [`ISLAND_SPAN`] bytes back, or, with
    /// `last` (the end of the module's own code), when any island exists or the code
    /// is that long at all.
    pub fn after_function(&mut self, asm: &mut Asm, calls: &[(usize, u32)], last: bool) {
        let Some(&(first, _)) = calls.get(self.open) else {
            return;
        };
        let back = 4 * (asm.code.len() - first);
        let due = if last {
            !self.islands.is_empty() || 4 * asm.code.len() > ISLAND_SPAN
        } else {
            back > ISLAND_SPAN
        };
        if !due {
            return;
        }
        let mut veneers = HashMap::new();
        for &(_, callee) in &calls[self.open..] {
            veneers.entry(callee).or_insert_with(|| {
                let at = asm.code.len();
                asm.emit(Inst::Auipc { rd: T0, imm: 0 });
                asm.emit(Inst::Jalr {
                    rd: ZERO,
                    rs1: T0,
                    offset: 0,
                });
                at
            });
        }
        self.islands.push((self.open, veneers));
        self.open = calls.len();
    }

    /// Points every veneer at its callee (`pcs`: entry pc per function).
    pub fn patch_veneers(&self, asm: &mut Asm, pcs: &[u32]) {
        for (_, veneers) in &self.islands {
            for (&callee, &at) in veneers {
                let off = (pcs[callee as usize] as i64 - 4 * at as i64) as i32;
                asm.patch_far(at, T0, ZERO, off);
            }
        }
    }

    /// Patches call `index` (at word `at`, calling `callee` at pc `target`): a
    /// far call (`auipc ra; jalr ra`, from a function too long for `jal`s) to its
    /// target; a direct `jal` when that reaches, else a `jal` to its island's
    /// veneer. False when neither reaches.
    pub fn patch(&self, asm: &mut Asm, index: usize, at: usize, callee: u32, target: u32) -> bool {
        if asm.code[at] & 0x7f == rivet_format::rv32::opcode::AUIPC {
            let off = (target as i64 - 4 * at as i64) as i32;
            asm.patch_far(at, crate::asm::RA, crate::asm::RA, off);
            return true;
        }
        let jal = |asm: &mut Asm, to: i64| {
            let off = to - 4 * at as i64;
            let fits = off == off as i32 as i64 && fits_signed(off as i32, 21);
            if fits {
                asm.patch(
                    at,
                    Inst::Jal {
                        rd: crate::asm::RA,
                        offset: off as i32,
                    },
                );
            }
            fits
        };
        jal(asm, target as i64)
            || self
                .veneer(index, callee)
                .is_some_and(|veneer| jal(asm, 4 * veneer as i64))
    }

    /// The veneer for `callee` in the island serving call `index`.
    fn veneer(&self, index: usize, callee: u32) -> Option<usize> {
        if index >= self.open {
            return None;
        }
        let k = self.islands.partition_point(|(first, _)| *first <= index);
        let (_, veneers) = self.islands.get(k.checked_sub(1)?)?;
        veneers.get(&callee).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_code_has_no_island_and_long_code_gets_one_per_span() {
        let mut asm = Asm::default();
        let mut islands = Islands::default();
        for _ in 0..100 {
            asm.emit(Inst::Jal { rd: 0, offset: 0 });
        }
        let calls = vec![(10, 1), (20, 2)];
        islands.after_function(&mut asm, &calls, false);
        islands.after_function(&mut asm, &calls, true);
        assert!(islands.islands.is_empty(), "400 bytes of code: no island");
        assert_eq!(asm.code.len(), 100);
        // Past the span: one veneer per distinct callee.
        asm.code.resize(ISLAND_SPAN / 4 + 20, 0);
        let calls = vec![(10, 1), (20, 2), (30, 1)];
        islands.after_function(&mut asm, &calls, false);
        assert_eq!(islands.islands.len(), 1);
        assert_eq!(asm.code.len(), ISLAND_SPAN / 4 + 20 + 4);
        assert_eq!(islands.veneer(2, 1), islands.veneer(0, 1));
        assert!(islands.veneer(0, 3).is_none());
    }

    #[test]
    fn far_calls_go_through_their_veneer() {
        let mut asm = Asm::default();
        let mut islands = Islands::default();
        asm.code.resize(ISLAND_SPAN / 4 + 8, 0);
        let calls = vec![(4, 7)];
        islands.after_function(&mut asm, &calls, false);
        let veneer = islands.veneer(0, 7).unwrap();
        // A target 3 MiB on: the call reaches the veneer, the veneer the target.
        let target = 3 << 20;
        let mut pcs = vec![0; 8];
        pcs[7] = target;
        islands.patch_veneers(&mut asm, &pcs);
        assert!(islands.patch(&mut asm, 0, 4, 7, target));
        let Ok(Inst::Jal { rd: 1, offset }) = Inst::decode(asm.code[4]) else {
            panic!("not a call")
        };
        assert_eq!(16 + offset as i64, 4 * veneer as i64);
        let (Ok(Inst::Auipc { imm, .. }), Ok(Inst::Jalr { offset: lo, .. })) = (
            Inst::decode(asm.code[veneer]),
            Inst::decode(asm.code[veneer + 1]),
        ) else {
            panic!("not a veneer")
        };
        let reached = (4 * veneer as i64 + imm as i32 as i64 + lo as i64) as u32;
        assert_eq!(reached, target);
        // A near target stays a direct call.
        assert!(islands.patch(&mut asm, 0, 4, 7, 64));
        assert_eq!(
            Inst::decode(asm.code[4]),
            Ok(Inst::Jal { rd: 1, offset: 48 })
        );
    }
}
