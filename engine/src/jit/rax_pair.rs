//! An i64 left in `rax` by one fused group for the next: the compiler's i64
//! operations work on word pairs, and a group that computes in 64 bits (the
//! rotates, the multiply by a constant) assembles `hi:lo` in `rax` first and
//! splits the result back into two guest registers at its end. When the next
//! such group reads the very pair the last one wrote (xxHash's round: the
//! rotate's result, stored to a frame slot, then multiplied by a prime), the
//! pair is still in `rax`: the split keeps it there and the next group skips
//! its four-instruction assembly.
//!
//! Invariant: while [`Tr::rax_pair`] is `Some(p)` and the assembler has emitted
//! no instruction that may write `rax` since ([`Asm::rax_writes`] equals
//! `p.writes`), `rax` holds `high:low`, the current values of guest registers
//! `p.high` and `p.low` (zero-extended words, as in their registers). It is
//! dropped at every leader and control transfer, by any instruction whose
//! destination is one of the two, and at the start of every out-of-line stub.
//! Code that continues the inline code from elsewhere assembles the pair first:
//! a dynamic entry ([`Stub::Entry`]), a fused group's tail ([`Stub::Tail`])
//! and a guarded access's redo ([`Stub::Redo`](super::translate::Stub::Redo)),
//! which all record the pair live where they join.
//!
//! A kept pair stored next to itself through `sp` (`sw low, o(sp); sw high,
//! o+4(sp)`, in either order: xxHash's rotated lane spilled to its frame slots)
//! is one 64-bit store from `rax` ([`Tr::fuse_pair_store`]) when both stores
//! go through a checked `sp` (they cannot fault, see [`super::sp_reach`]) and
//! need no dirty mark (their pages were marked with `sp`, see [`super::stack`]).
//!
//! [`Asm::rax_writes`]: super::x86::Asm::rax_writes
//! [`Stub::Entry`]: super::translate::Stub::Entry
//! [`Stub::Tail`]: super::translate::Stub::Tail

use super::access::mem_sum;
use super::translate::Tr;
use super::x86::reg::*;
use super::x86::{Alu, Rm, Shift};
use rivet_format::rv32::{Inst, StoreOp};

/// The stack pointer.
const SP: u8 = rivet_format::abi::reg::SP;

/// `(rs2, offset)` of a word store through `sp`.
fn sp_word_store(inst: Inst) -> Option<(u8, i32)> {
    match inst {
        Inst::Store {
            op: StoreOp::Sw,
            rs1: SP,
            rs2,
            offset,
        } => Some((rs2, offset)),
        _ => None,
    }
}

/// The frame offset of the low word when the word accesses `x` and `y`
/// (`(register, offset)`, in either order) touch the pair (`low`, `high`) of two
/// distinct registers in adjacent slots, low first in memory.
pub(super) fn adjacent_pair(x: (u8, i32), y: (u8, i32), (low, high): (u8, u8)) -> Option<i32> {
    [(x, y), (y, x)]
        .into_iter()
        .find(|&(l, h)| low != high && l.0 == low && h.0 == high && h.1 == l.1.wrapping_add(4))
        .map(|(l, _)| l.1)
}

/// The frame offset of the low word when `a` and `b` store the pair (`low`,
/// `high`) to adjacent slots ([`adjacent_pair`]).
pub(super) fn pair_store(a: Inst, b: Inst, pair: (u8, u8)) -> Option<i32> {
    adjacent_pair(sp_word_store(a)?, sp_word_store(b)?, pair)
}

/// A guest register pair whose 64-bit value `rax` holds (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RaxPair {
    /// The register of bits 0..31.
    pub low: u8,
    /// The register of bits 32..63.
    pub high: u8,
    /// [`Asm::rax_writes`](super::x86::Asm::rax_writes) when it was recorded.
    pub writes: u32,
}

impl Tr<'_> {
    /// `(low, high)` when `rax` holds that pair now.
    pub(super) fn live_pair(&self) -> Option<(u8, u8)> {
        self.rax_pair
            .filter(|p| p.writes == self.a.rax_writes)
            .map(|p| (p.low, p.high))
    }

    /// Records that `rax` holds `high:low` (both guest registers just written
    /// from it). Only a pair with a pinned word is kept: [`Tr::assemble_pair`]
    /// then needs no scratch register besides `rax`.
    pub(super) fn keep_pair(&mut self, low: u8, high: u8) {
        let pinned = self.pins.get(low).is_some() || self.pins.get(high).is_some();
        self.rax_pair = (low != high && low != 0 && high != 0 && pinned).then_some(RaxPair {
            low,
            high,
            writes: self.a.rax_writes,
        });
    }

    /// After instructions `[i, i + len)` were emitted from a state where the
    /// pair was `before`: drops a pair they did not record themselves when one
    /// of them writes either register of it.
    pub(super) fn forget_written_pair(&mut self, i: usize, len: usize, before: Option<RaxPair>) {
        let Some(p) = self.rax_pair else {
            return;
        };
        if self.rax_pair != before {
            return;
        }
        let writes = (i..i + len).any(|j| {
            let rd = self.module.inst_by_index(j).registers().0;
            rd == Some(p.low) || rd == Some(p.high)
        });
        if writes {
            self.rax_pair = None;
        }
    }

    /// If instructions `i` and `i + 1` store the pair `rax` holds to adjacent
    /// frame slots (see the module docs), inside one block, through a checked
    /// `sp` and without dirty marks: one 64-bit store, and returns 2.
    pub(super) fn fuse_pair_store(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        let pair = self.live_pair()?;
        let hs = self.pins.get(SP)?;
        let insts = self.module.insts();
        let off = pair_store(*insts.get(i)?, *insts.get(i + 1)?, pair)?;
        let ok = self.groupable(i, 2)
            && (i..i + 2).all(|j| {
                self.sp_proven(j)
                    && !self.checked(j)
                    && self.anchor(j).is_none()
                    && self.store_marked_by_sp(j, SP)
            });
        if !ok {
            return None;
        }
        self.reload_entry(i, dynamic);
        self.rely_on_sp(i..i + 2);
        self.a.mov64_rm_r(mem_sum(hs, off), RAX);
        // The store only reads rax (the assembler counts every form naming it).
        self.keep_pair(pair.0, pair.1);
        self.end_group(i, 2, dynamic);
        Some(2)
    }

    /// `rax = high:low` from the guest registers, touching no other register
    /// (a redone load's value may be in `rcx`): the unpinned word first when
    /// there is one, and the pinned one or'ed in (a word of a kept pair is
    /// always pinned, see [`Tr::keep_pair`]).
    pub(super) fn assemble_pair(&mut self, (low, high): (u8, u8)) {
        match (self.pins.get(low), self.pins.get(high)) {
            (Some(l), _) => {
                let src = self.g(high);
                self.a.mov_r_rm(RAX, src);
                self.a.shift64_imm(Shift::Shl, Rm::Reg(RAX), 32);
                self.a.alu64_r_rm(Alu::Or, RAX, Rm::Reg(l));
            }
            (None, Some(h)) => {
                // low:high, then rotated into high:low.
                let src = self.g(low);
                self.a.mov_r_rm(RAX, src);
                self.a.shift64_imm(Shift::Shl, Rm::Reg(RAX), 32);
                self.a.alu64_r_rm(Alu::Or, RAX, Rm::Reg(h));
                self.a.shift64_imm(Shift::Rol, Rm::Reg(RAX), 32);
            }
            (None, None) => unreachable!("a kept pair has a pinned word"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::x86::Asm;

    #[test]
    fn every_form_that_names_rax_counts_and_others_do_not() {
        use super::super::x86::reg::*;
        use super::super::x86::{mem, Alu, Rm, Shift};
        use super::mem_sum;
        let mut a = Asm::default();
        let mut counts = |f: &dyn Fn(&mut Asm)| {
            let before = a.rax_writes;
            f(&mut a);
            a.rax_writes - before
        };
        assert_eq!(counts(&|a| a.mov_r_rm(RBX, Rm::Reg(RSI))), 0);
        assert_eq!(counts(&|a| a.mov_rm_r(mem_sum(R11, 0), RBX)), 0);
        assert_eq!(counts(&|a| a.alu_rm_imm(Alu::Add, Rm::Reg(RBX), 5)), 0);
        assert_eq!(counts(&|a| a.mov_rm_imm(mem(RBP, 8), 1)), 0);
        assert_eq!(counts(&|a| a.shift_imm(Shift::Shr, Rm::Reg(RSI), 3)), 0);
        assert_eq!(counts(&|a| a.mov_r_rm(RAX, Rm::Reg(RSI))), 1);
        assert_eq!(counts(&|a| a.mov_rm_r(Rm::Reg(RSI), RAX)), 1);
        assert_eq!(counts(&|a| a.mov_rm_imm(Rm::Reg(RAX), 1)), 1);
        assert_eq!(counts(&|a| a.mov64_r_imm(RAX, 1)), 1);
        assert_eq!(counts(&|a| a.alu_rm_imm(Alu::Add, Rm::Reg(RAX), 1)), 1);
        assert_eq!(counts(&|a| a.shift64_imm(Shift::Shr, Rm::Reg(RAX), 3)), 1);
        assert_eq!(counts(&|a| a.cmp8_rm_imm(mem_sum(RAX, 0), 0)), 1);
        assert_eq!(counts(&|a| a.setcc(super::super::x86::Cond::B, RAX)), 1);
        assert_eq!(counts(&|a| a.div(Rm::Reg(RCX))), 1);
        assert_eq!(counts(&|a| a.idiv(Rm::Reg(RCX))), 1);
        assert_eq!(counts(&|a| a.pop(RAX)), 1);
        assert_eq!(counts(&|a| a.call_rm(Rm::Reg(RCX))), 1);
        assert_eq!(
            counts(&|a| {
                a.call32();
            }),
            1
        );
    }
}
