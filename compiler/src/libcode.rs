//! Translated soft-float library functions, cached once per process.
//!
//! Every package that uses floats gets the reachable soft-float functions appended
//! to its code, and translating them used to dominate the compile time of small
//! float modules (`nbody`: ~4 700 of its 5 533 RV32 instructions are library code).
//! The translation of a library body depends on the package in only two ways:
//!
//! * the stack-overflow check of its prologue (`lui`/`addi` of `stack_limit +
//!   frame size`, always those two words, patched last by the translator), and
//! * the trap stubs' `jal zero` to the package's shared trap `ecall` at `trap_pc`,
//!   which is pc-relative (and becomes `li t0; ecall` when out of `jal` reach).
//!
//! Everything else is position-independent: branches inside the body are relative
//! and direct calls are patched by the module's linker step from the recorded call
//! list. So each function is translated once, at pc 0 with `stack_limit = 0` and the
//! trap `ecall` at [`PROBE_TRAP_PC`] (inside `jal` reach of every word, outside the
//! body), and the words that depend on the package are found by decoding: the two
//! prologue words, and every `jal zero` that lands on `PROBE_TRAP_PC`. Placing a
//! cached function copies its words and re-patches those, giving exactly the words a
//! fresh translation at that place would give. Where one trap jump would be out of
//! `jal` reach at the real place, the caller translates the body afresh instead
//! ([`Cached::place`] returns `None`), so the output never depends on the cache.

use crate::asm::{hi_lo, Asm, T0, ZERO};
use rivet_format::rv32::{fits_signed, ImmOp, Inst};

/// Where the probe translation puts the trap `ecall`: 512 KiB, so that a `jal` from
/// any word of a body shorter than that reaches it, and no jump inside the body
/// (which stays inside the body) can be mistaken for a trap jump.
pub(crate) const PROBE_TRAP_PC: u32 = 1 << 19;

/// One library function translated at pc 0, with what depends on its place.
#[derive(Debug)]
pub(crate) struct Cached {
    /// The words, trap stubs first (placeholders where direct calls go).
    pub code: Vec<u32>,
    /// Word index of the entry (the stack check's `lui` is the first word there).
    pub entry: usize,
    /// Frame size the stack check adds to the package's stack limit.
    pub frame_size: u32,
    /// Word indices of the `jal zero` instructions to the trap `ecall`.
    pub trap_jumps: Vec<usize>,
    /// Direct calls: (word index, callee library function).
    pub calls: Vec<(usize, u32)>,
}

/// Why a probe translation cannot be cached (then every package translates the
/// body itself, as before).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NotCached {
    /// The body is too long for the probe trap pc to lie outside it.
    TooLong,
    /// The prologue is not the expected `lui t0; addi t0, t0` pair.
    Prologue,
}

impl Cached {
    /// Takes apart a probe translation (`code` at pc 0, entry word `entry`, calls
    /// relative to word 0) into the cached form.
    pub fn from_probe(
        code: Vec<u32>,
        entry: usize,
        calls: Vec<(usize, u32)>,
    ) -> Result<Cached, NotCached> {
        if code.len() as u64 * 4 >= PROBE_TRAP_PC as u64 {
            return Err(NotCached::TooLong);
        }
        let frame_size = match (
            code.get(entry).map(|w| Inst::decode(*w)),
            code.get(entry + 1).map(|w| Inst::decode(*w)),
        ) {
            (
                Some(Ok(Inst::Lui { rd: T0, imm: hi })),
                Some(Ok(Inst::Imm {
                    op: ImmOp::Addi,
                    rd: T0,
                    rs1: T0,
                    imm: lo,
                })),
            ) => hi.wrapping_add(lo as u32),
            _ => return Err(NotCached::Prologue),
        };
        let trap_jumps = code
            .iter()
            .enumerate()
            .filter(|(i, w)| match Inst::decode(**w) {
                Ok(Inst::Jal { rd: ZERO, offset }) => {
                    (4 * *i as i64 + offset as i64) == PROBE_TRAP_PC as i64
                }
                _ => false,
            })
            .map(|(i, _)| i)
            .collect();
        Ok(Cached {
            code,
            entry,
            frame_size,
            trap_jumps,
            calls,
        })
    }

    /// Appends the function to `asm` for a package with the given stack limit and
    /// trap `ecall` pc; returns the word index it starts at, or `None` (and appends
    /// nothing) when a trap jump would be out of `jal` reach there.
    pub fn place(&self, asm: &mut Asm, stack_limit: u32, trap_pc: u32) -> Option<usize> {
        let base = asm.code.len();
        let offset = |i: usize| trap_pc.wrapping_sub(4 * (base + i) as u32) as i32;
        if self.trap_jumps.iter().any(|i| !fits_signed(offset(*i), 21)) {
            return None;
        }
        asm.code.extend_from_slice(&self.code);
        for i in &self.trap_jumps {
            asm.patch(
                base + i,
                Inst::Jal {
                    rd: ZERO,
                    offset: offset(*i),
                },
            );
        }
        // As the translator's `patch_prologue` writes it.
        let (hi, lo) = hi_lo(stack_limit.wrapping_add(self.frame_size) as i32);
        asm.patch(base + self.entry, Inst::Lui { rd: T0, imm: hi });
        asm.patch(
            base + self.entry + 1,
            Inst::Imm {
                op: ImmOp::Addi,
                rd: T0,
                rs1: T0,
                imm: lo,
            },
        );
        Some(base)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe() -> Vec<u32> {
        let mut a = Asm::default();
        // Stub: a0 = 1; jal zero -> PROBE_TRAP_PC.
        a.li(10, 1);
        a.jal(ZERO, PROBE_TRAP_PC as i32 - 4);
        // Entry: the stack check with frame size 48, then a jump back to the stub.
        a.emit(Inst::Lui { rd: T0, imm: 0 });
        a.imm(ImmOp::Addi, T0, T0, 48);
        a.jal(ZERO, -16);
        a.code
    }

    #[test]
    fn placing_patches_trap_jumps_and_the_stack_check() {
        let c = Cached::from_probe(probe(), 2, vec![]).unwrap();
        assert_eq!(c.trap_jumps, vec![1]);
        assert_eq!(c.frame_size, 48);
        let mut asm = Asm::default();
        asm.code.resize(100, 0);
        let base = c.place(&mut asm, 0x1000, 8).unwrap();
        assert_eq!(base, 100);
        assert_eq!(
            Inst::decode(asm.code[101]).unwrap(),
            Inst::Jal {
                rd: ZERO,
                offset: 8 - 4 * 101
            }
        );
        let (hi, lo) = hi_lo(0x1000 + 48);
        assert_eq!(
            Inst::decode(asm.code[102]).unwrap(),
            Inst::Lui { rd: T0, imm: hi }
        );
        assert_eq!(asm.code[103], {
            let mut a = Asm::default();
            a.imm(ImmOp::Addi, T0, T0, lo);
            a.code[0]
        });
        // The jump inside the body is untouched.
        assert_eq!(asm.code[104], probe()[4]);
    }

    #[test]
    fn out_of_reach_trap_jumps_are_refused() {
        let c = Cached::from_probe(probe(), 2, vec![]).unwrap();
        let mut asm = Asm::default();
        asm.code.resize(1 << 19, 0);
        assert_eq!(c.place(&mut asm, 0, 8), None);
        assert_eq!(asm.code.len(), 1 << 19);
    }

    #[test]
    fn a_probe_without_the_stack_check_is_not_cached() {
        assert_eq!(
            Cached::from_probe(probe(), 0, vec![]).unwrap_err(),
            NotCached::Prologue
        );
    }
}
