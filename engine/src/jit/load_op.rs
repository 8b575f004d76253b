//! A frame load folded into the ALU instruction that consumes it.
//!
//! Rivet's compiler keeps what does not fit RV32E's registers in frame slots
//! and reads a slot right before the instruction that uses it, through a
//! scratch register that the next few instructions overwrite: keccak's theta
//! step is a run of `lw tp, -188(sp); xor a3, a3, tp` (92 such pairs in its
//! code). Translated one by one, that is a `mov` into `tp`'s register and the
//! `xor`; x86 reads the slot as the `xor`'s memory operand in one instruction.
//!
//! **Recognised** (inside one block): `lw t, imm(sp)` whose bytes a checked
//! `sp` proves inside memory ([`Tr::sp_proven`], so it cannot fault), then
//! `op d, a, t` with `op` one of `add`, `and`, `or`, `xor` (either operand
//! order) or `sub d, a, t`; `t` not `a`, neither `t` nor `d` is `sp` or `gp`,
//! `a` not x0, and `sp` and `d` pinned (an unpinned `d` gains nothing: the
//! ALU instruction then computes it in `rcx` and may leave its slot store out,
//! see [`super::lazy_slot`]). Only in the guarded translation, where such a
//! load is a plain access (the checked one plans its own range checks).
//!
//! **Emitted**: `d = a` (nothing when `d` is `a`), then
//! `op d, [r12 + sp + imm]`; `t` is not written when it is dead after the pair
//! ([`Tr::dead_after`]: overwritten later in the block before any read, exit
//! or access that may fault) and the pair is left alone otherwise, unless
//! `d` is `t` (then the `op`'s result is `t`'s value anyway).
//!
//! **Only where it pays.** Relying on the load not faulting makes the check
//! at the write of `sp` before it run (about five instructions per pass, see
//! [`super::sp_reach`]) where it may have been a `nop`, against one
//! instruction saved per pair. So pairs are folded only where the code
//! between two writes of `sp` (or `ecall`s) has enough of them, a pair inside
//! a loop there counting as [`IN_LOOP`] ([`worth_folding`]): fib's one pair
//! per call would cost it 8% more instructions, keccak's rounds of pairs
//! after one write of `sp` save 3%.
//!
//! Exactness: the load cannot fault and the pair does not trap, so gas and trap
//! pcs are those of the two instructions; every register but a dead `t` holds
//! what they leave. A dynamic entry at the `op` runs it from an out-of-line
//! copy ([`super::idiom`]'s tail), reading `t` as the jumper left it.

use super::stack::{writes_sp, SpPlan};
use super::translate::{Tr, GP};
use super::x86::reg::*;
use super::x86::{Alu, Rm};
use rivet_format::rv32::{Inst, LoadOp, RegOp};

/// The stack pointer.
const SP: u8 = 2;

/// What a pair inside a loop of its stretch of code counts for (its
/// iterations, guessed), against [`CHECK_COST`].
const IN_LOOP: u32 = 8;

/// About what a check of `sp`'s reach costs per pass, in pairs folded.
const CHECK_COST: u32 = 6;

/// Per instruction: the start of a pair worth folding. The code is cut at each
/// write of `sp` and each `ecall` (where the checks are); a stretch's pairs
/// whose load relies on `sp` ([`SpPlan::relying_access`]) are folded when
/// they count at least [`CHECK_COST`], one each, [`IN_LOOP`] inside a
/// backward jump of the stretch.
pub(super) fn worth_folding(insts: &[Inst], plan: Option<&SpPlan>) -> Vec<bool> {
    let mut fold = vec![false; insts.len()];
    let Some(plan) = plan else {
        return fold;
    };
    let cut = |inst: Inst| matches!(inst, Inst::Ecall) || writes_sp(inst);
    let mut start = 0;
    while start < insts.len() {
        let end = (start..insts.len())
            .find(|&k| cut(insts[k]))
            .map_or(insts.len(), |k| k + 1);
        let pairs: Vec<usize> = (start..end.saturating_sub(1))
            .filter(|&i| {
                recognise(&insts[i..end]).is_some() && plan.relying_access(insts, i).is_some()
            })
            .collect();
        // Backward jumps of the stretch, as (target, jump) index ranges.
        let loops: Vec<(usize, usize)> = (start..end)
            .filter_map(|j| {
                let offset = match insts[j] {
                    Inst::Branch { offset, .. } | Inst::Jal { offset, .. } => offset,
                    _ => return None,
                };
                let target = j as i64 + (offset as i64 >> 2);
                (offset < 0 && target >= start as i64).then_some((target as usize, j))
            })
            .collect();
        let worth: u32 = pairs
            .iter()
            .map(|&i| {
                if loops.iter().any(|&(t, j)| (t..j).contains(&i)) {
                    IN_LOOP
                } else {
                    1
                }
            })
            .sum();
        if worth >= CHECK_COST {
            for i in pairs {
                fold[i] = true;
            }
        }
        start = end;
    }
    fold
}

/// A recognised pair: `d = a <alu> [sp + imm]`, the load's register `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct LoadOp2 {
    alu: Alu,
    d: u8,
    a: u8,
    t: u8,
    imm: i32,
}

/// The pair at the start of `code`, if it has the shape (registers only; the
/// translation's own conditions are [`Tr::fuse_load_op`]'s).
fn recognise(code: &[Inst]) -> Option<LoadOp2> {
    let Some(&Inst::Load {
        op: LoadOp::Lw,
        rd: t,
        rs1: SP,
        offset: imm,
    }) = code.first()
    else {
        return None;
    };
    let Some(&Inst::Reg {
        op,
        rd: d,
        rs1,
        rs2,
    }) = code.get(1)
    else {
        return None;
    };
    let alu = match op {
        RegOp::Add => Alu::Add,
        RegOp::And => Alu::And,
        RegOp::Or => Alu::Or,
        RegOp::Xor => Alu::Xor,
        RegOp::Sub => Alu::Sub,
        _ => return None,
    };
    // The other operand; `sub` only subtracts the loaded value.
    let a = match (rs1 == t, rs2 == t) {
        (false, true) => rs1,
        (true, false) if op != RegOp::Sub => rs2,
        _ => return None,
    };
    let plain = |r: u8| r != SP && r != GP;
    (a != 0 && t != 0 && d != 0 && plain(t) && plain(d)).then_some(LoadOp2 { alu, d, a, t, imm })
}

impl Tr<'_> {
    /// If instructions `i` and `i + 1` are a frame load and its consumer (see the
    /// module docs): emits them as one ALU instruction and returns 2.
    pub(super) fn fuse_load_op(&mut self, i: usize, dynamic: bool) -> Option<usize> {
        if !self.guard || !self.fold[i] || self.checked(i) {
            return None;
        }
        let p = recognise(&self.module.insts()[i..])?;
        let sp = self.pins.get(SP)?;
        // An unpinned `d` is computed in rcx and its slot store may be left out
        // (`lazy_slot`): one by one, the pair is no longer.
        let d = self.pins.get(p.d)?;
        if !self.groupable(i, 2) || !self.sp_proven(i) {
            return None;
        }
        if p.d != p.t && !self.dead_after(i + 1, p.t) {
            return None;
        }
        self.rely_on_sp(i..i + 1);
        self.reload_entry(i, dynamic);
        self.load(d, p.a);
        let slot = Rm::Mem {
            base: R12,
            index: Some(sp),
            disp: p.imm,
        };
        self.a.alu_r_rm(p.alu, d, slot);
        self.set(p.d, d);
        // `t` keeps its old value (dead until its overwrite): no reader may take a
        // mirror of it for the loaded value.
        if self.fwd == Some(p.t) {
            self.fwd = None;
        }
        self.end_group(i, 2, dynamic);
        Some(2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::rv32::BranchOp;

    fn lw(rd: u8, rs1: u8, offset: i32) -> Inst {
        Inst::Load {
            op: LoadOp::Lw,
            rd,
            rs1,
            offset,
        }
    }

    fn reg(op: RegOp, rd: u8, rs1: u8, rs2: u8) -> Inst {
        Inst::Reg { op, rd, rs1, rs2 }
    }

    #[test]
    fn recognises_only_the_foldable_pairs() {
        let pair = |op, d, a, b| recognise(&[lw(4, SP, -188), reg(op, d, a, b)]);
        let got = pair(RegOp::Xor, 13, 13, 4).unwrap();
        assert_eq!(
            (got.alu, got.d, got.a, got.t, got.imm),
            (Alu::Xor, 13, 13, 4, -188)
        );
        // Either operand order for commutative ops, the loaded value's side only
        // for sub.
        assert_eq!(pair(RegOp::Add, 13, 4, 12).unwrap().a, 12);
        assert_eq!(pair(RegOp::Sub, 13, 12, 4).unwrap().a, 12);
        assert!(pair(RegOp::Sub, 13, 4, 12).is_none());
        // The loaded value on both sides, no other operand, or x0 as it.
        assert!(pair(RegOp::Xor, 13, 4, 4).is_none());
        assert!(pair(RegOp::Add, 13, 0, 4).is_none());
        // Ops x86 has no memory form of here, or that need rcx.
        for op in [RegOp::Sll, RegOp::Sltu, RegOp::Mul, RegOp::Divu] {
            assert!(pair(op, 13, 13, 4).is_none(), "{op:?}");
        }
        // sp and gp are never the destination (their writes have duties).
        assert!(pair(RegOp::Add, SP, SP, 4).is_none());
        assert!(pair(RegOp::Add, GP, GP, 4).is_none());
        // Only a word load through sp, into a register the op reads.
        assert!(recognise(&[lw(4, 8, 0), reg(RegOp::Xor, 13, 13, 4)]).is_none());
        assert!(recognise(&[
            Inst::Load {
                op: LoadOp::Lbu,
                rd: 4,
                rs1: SP,
                offset: 0
            },
            reg(RegOp::Xor, 13, 13, 4)
        ])
        .is_none());
        assert!(recognise(&[lw(4, SP, 0), reg(RegOp::Xor, 13, 13, 5)]).is_none());
        assert!(recognise(&[
            lw(4, SP, 0),
            Inst::Branch {
                op: BranchOp::Beq,
                rs1: 4,
                rs2: 0,
                offset: 8
            }
        ])
        .is_none());
    }
}
