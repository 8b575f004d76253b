//! Slot stores left out when the next instruction overwrites the register.
//!
//! An unpinned guest register lives in its context slot; an instruction that
//! computes it in `rcx` for the next instruction (the mirror, [`Tr::fwd`]) also
//! stores it to the slot. In a chain of ALU instructions on one unpinned
//! register (sha256's `ch`/`maj`: `xor a5, a5, a3; and a5, a5, a2; xor a5, a5, a3`)
//! every store but the last is overwritten before anything reads the slot.
//!
//! So the main pass leaves out the store of an instruction's result when the
//! next instruction of the block overwrites the same register and reads its old
//! value, if at all, from `rcx` before anything else writes `rcx`
//! ([`overwrites`]). The slot is then *stale* ([`Tr::lazy`]): `rcx` alone holds
//! the value. The next instruction either leaves it out again or stores its own
//! result. Anything else first stores `rcx` to the slot ([`Tr::flush_lazy`]):
//! every instruction that is not such an overwrite, every group (their
//! emitters flush in [`Tr::reload_entry`]), a block start, the end of the code.
//!
//! Invariant: between instructions, `lazy == Some(r)` implies `fwd == Some(r)`.
//! Only the inline fall-through from the store left out to its overwrite sees a
//! stale slot: a dynamic entry into the overwrite comes from code that left every
//! slot current (its [`super::translate::Stub::Entry`] loads `rcx` from the
//! slot), nothing between the two instructions can trap, exit or run out of gas
//! (no leader between them, ALU instructions only), and out-of-line copies of
//! instructions (stubs) never leave a store out.

use super::translate::{reg_slot, Tr};
use super::x86::reg::*;
use rivet_format::rv32::{Inst, RegOp};

/// The stack pointer.
const SP: u8 = rivet_format::abi::reg::SP;

/// The register `inst` overwrites when its translation reads that register's old
/// value only through [`Tr::gr`] before it writes `rcx` for anything else: ALU
/// instructions whose emitters (`alu.rs`) do. Register shifts are not among
/// them (they load the amount into `rcx` before reading the shifted value), nor
/// are loads (a fault would show the slot), comparisons, divisions and the high
/// multiplies.
pub(super) fn overwrites(inst: Inst) -> Option<u8> {
    let rd = match inst {
        Inst::Lui { rd, .. } | Inst::Imm { rd, .. } => rd,
        Inst::Reg {
            op: RegOp::Add | RegOp::Sub | RegOp::And | RegOp::Or | RegOp::Xor | RegOp::Mul,
            rd,
            ..
        } => rd,
        _ => return None,
    };
    // Not x0, and not sp: a write of sp marks its pages right after (`stack`).
    (rd != 0 && rd != SP).then_some(rd)
}

impl Tr<'_> {
    /// Stores `rcx` to the stale slot, if there is one.
    pub(super) fn flush_lazy(&mut self) {
        if let Some(r) = self.lazy.take() {
            debug_assert_eq!(self.fwd, Some(r), "a stale slot without its mirror");
            self.a.mov_rm_r(reg_slot(r), RCX);
        }
    }

    /// In the main pass, before instruction `i` (not fused):
    /// the register whose store instruction `i` may leave out, because the next
    /// instruction of its block overwrites it ([`overwrites`]). Only instructions
    /// whose translation ends with that store qualify (the same ALU family and
    /// loads).
    pub(super) fn deferrable(&self, i: usize) -> Option<u8> {
        let next = i + 1;
        // A region's later range checks (checked memory only) may leave for its
        // ordinary copy between the two instructions.
        let checks = self.plan.is_some() && !self.guard;
        if next >= self.leaders.len() || self.leaders[next] || checks {
            return None;
        }
        let rd = match self.module.inst_by_index(i) {
            // A load's translation ends with the store too; a fault before it
            // shows the register's old value, and a guarded load's redo (a
            // wrapped address) resumes right before it.
            Inst::Load { rd, .. } => Some(rd).filter(|&r| r != 0 && r != SP)?,
            inst => overwrites(inst)?,
        };
        (overwrites(self.module.inst_by_index(next)) == Some(rd)).then_some(rd)
    }
}
