//! Slot stores left out when a later instruction overwrites the register.
//!
//! An unpinned guest register lives in its context slot; an instruction that
//! computes it in `rcx` for the next instruction (the mirror, [`Tr::fwd`]) also
//! stores it to the slot. In a chain of ALU instructions on one unpinned
//! register (sha256's `ch`/`maj`: `xor a5, a5, a3; and a5, a5, a2; xor a5, a5, a3`)
//! every store but the last is overwritten before anything reads the slot.
//!
//! So the main pass leaves out the store of an ALU instruction's or a load's
//! result when a later instruction of the block overwrites the same register and
//! reads its old value, if at all, from `rcx` before anything else writes `rcx`
//! ([`overwrites`]), with at most a few instructions between them: ALU
//! instructions into pinned registers, which read it from `rcx` too, and loads
//! into or stores of pinned registers through a checked `sp`, which cannot
//! fault ([`super::sp_reach`]) and use no `rcx` ([`Tr::passes`]). The slot is
//! then *stale* ([`Tr::lazy`]): `rcx` alone holds the value. The overwrite
//! either leaves its own store out again or stores its result. Anything else
//! first stores `rcx` to the slot ([`Tr::flush_lazy`]): every instruction that
//! neither overwrites nor passes, every group (their emitters flush in
//! [`Tr::reload_entry`]), a block start, the end of the code.
//!
//! Invariant: between instructions, `lazy == Some(r)` implies `fwd == Some(r)`.
//! Only the inline fall-through from the store left out to its overwrite sees a
//! stale slot: a dynamic entry into an instruction between them comes from code
//! that left every slot current (its [`super::translate::Stub::Entry`] loads
//! `rcx` from the slot), nothing between them can trap, exit or run out of gas
//! (no leader between them, ALU instructions and accesses through a checked
//! `sp` only, no write of sp; a load that left its store out had completed),
//! and out-of-line copies of instructions (stubs) never leave a store out.

use super::translate::{reg_slot, Tr};
use super::x86::reg::*;
use rivet_format::rv32::{ImmOp, Inst, RegOp};

/// At most this many instructions between a store left out and the overwrite.
const PASS: usize = 4;

/// The stack pointer.
const SP: u8 = rivet_format::abi::reg::SP;

/// The destination of an ALU instruction whose emitter (`alu.rs`) reads its
/// sources through [`Tr::gr`] before it writes `rcx` for anything else (an
/// immediate op, `lui`, `add/sub/and/or/xor/mul`). Register shifts are not
/// among them (they load the amount into `rcx` before reading the shifted
/// value), nor are register comparisons, divisions and the high multiplies.
fn alu_rd(inst: Inst) -> Option<u8> {
    match inst {
        Inst::Lui { rd, .. } | Inst::Imm { rd, .. } => Some(rd),
        Inst::Reg {
            op: RegOp::Add | RegOp::Sub | RegOp::And | RegOp::Or | RegOp::Xor | RegOp::Mul,
            rd,
            ..
        } => Some(rd),
        _ => None,
    }
}

/// Neither x0 nor sp: a write of sp marks its pages right after (`stack`).
fn plain(rd: u8) -> bool {
    rd != 0 && rd != SP
}

/// The register `inst` overwrites, reading its old value only through `rcx`
/// ([`alu_rd`]). Loads are not among them: a fault would show the slot.
pub(super) fn overwrites(inst: Inst) -> Option<u8> {
    alu_rd(inst).filter(|&rd| plain(rd))
}

impl Tr<'_> {
    /// Main pass, before instruction `i`: stores a stale slot unless `i`
    /// overwrites or passes it; true when the slot stays stale into `i`.
    pub(super) fn keep_or_flush(&mut self, i: usize, leader: bool) -> bool {
        let keep = self.lazy.is_some_and(|r| {
            let inst = self.module.inst_by_index(i);
            !leader && (overwrites(inst) == Some(r) || self.passes(i, inst, r))
        });
        if keep {
            self.rely_on_sp(i..i + 1);
        } else {
            self.flush_lazy();
        }
        keep
    }

    /// Main pass: instruction `i`, not fused, through [`Tr::emit`], which may
    /// leave its slot store out ([`Tr::deferrable`]) and, with `keep`, leaves a
    /// stale slot stale ([`Tr::reload_entry`] stores it otherwise).
    pub(super) fn emit_main(&mut self, i: usize, pc: u32, dynamic: bool, keep: bool) {
        (self.keep_lazy, self.defer) = (keep && self.lazy.is_some(), self.deferrable(i));
        self.emit(i, pc, dynamic);
        (self.keep_lazy, self.defer) = (false, None);
    }

    /// Stores `rcx` to the stale slot, if there is one.
    pub(super) fn flush_lazy(&mut self) {
        if let Some(r) = self.lazy.take() {
            debug_assert_eq!(self.fwd, Some(r), "a stale slot without its mirror");
            self.a.mov_rm_r(reg_slot(r), RCX);
        }
    }

    /// Whether `inst`, instruction `i`, may run between a store left out of
    /// `r` and the overwrite of `r`: an ALU instruction into a pinned register
    /// other than `r` and sp (or into x0), which reads `r`, if at all, through
    /// `rcx` and writes no `rcx` (`alu.rs` computes a pinned destination in
    /// place or in `rax`), or a load into or a store of such a register
    /// through a checked `sp` ([`Tr::sp_proven`]; the translation then relies
    /// on it, [`Tr::rely_on_sp`]).
    pub(super) fn passes(&self, i: usize, inst: Inst, r: u8) -> bool {
        let pinned = |x: u8| x != r && x != SP && self.pins.get(x).is_some();
        // A load into or a store of a pinned register through a checked `sp`
        // (it cannot fault, see `stack`; `access.rs` uses `rax` alone besides).
        match inst {
            Inst::Load { rd, .. } if self.sp_proven(i) => return pinned(rd),
            Inst::Store { rs2, .. } if self.sp_proven(i) => return pinned(rs2),
            _ => {}
        }
        // The immediate comparisons write `rcx` (their result).
        let compares = matches!(
            inst,
            Inst::Imm {
                op: ImmOp::Slti | ImmOp::Sltiu,
                ..
            }
        );
        let Some(rd) = alu_rd(inst).filter(|_| !compares) else {
            return false;
        };
        rd == 0 || pinned(rd)
    }

    /// In the main pass, before instruction `i` (not fused): the register whose
    /// store instruction `i` may leave out, because an instruction of its block
    /// overwrites it ([`overwrites`]) with at most [`PASS`] instructions that
    /// [`Tr::passes`] allows between them. Only instructions whose translation
    /// ends with that store qualify (the same ALU family and loads).
    pub(super) fn deferrable(&self, i: usize) -> Option<u8> {
        // A region's later range checks (checked memory only) may leave for its
        // ordinary copy between the two instructions.
        if self.plan.is_some() && !self.guard {
            return None;
        }
        let rd = match self.module.inst_by_index(i) {
            // A load's translation ends with the store too; a fault before it
            // shows the register's old value, and a guarded load's redo (a
            // wrapped address) resumes right before it.
            Inst::Load { rd, .. } => Some(rd),
            inst => alu_rd(inst),
        }
        .filter(|&rd| plain(rd))?;
        let end = self.leaders.len().min(i + 2 + PASS);
        for j in i + 1..end {
            if self.leaders[j] {
                return None;
            }
            let inst = self.module.inst_by_index(j);
            if overwrites(inst) == Some(rd) {
                return Some(rd);
            }
            if !self.passes(j, inst, rd) {
                return None;
            }
        }
        None
    }
}
