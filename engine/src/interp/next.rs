//! Ops that run past their block's end: a branch that ends its block and, when it
//! falls through, the next block's first op ([`Op::BgeuLbu`], [`Op::BgeuBrTable`],
//! [`Op::BltuLbu`], [`Op::BltuBltuLbu`], [`Op::AddiBgeuSb`]; `crate::fuse_chain`
//! says which branches become them).
//!
//! The branch runs as its own op would: taken, it pays its target block; falling
//! through, it pays the next block's charge (out of gas is reported there) and then
//! runs that block's first op, read in place, at that op's own index (its trap pc
//! and trace are the ones it has alone). An op it does not expect is dispatched
//! next instead.
//!
//! Which op follows is part of the op's kind, not looked up when it runs: a first
//! version with one op per branch that matched on the next op ran vm and sieve
//! with a quarter and a third fewer dispatches and hardly faster (vm 0.7%, sieve
//! 5%), as that match was one more indirect jump, which is what a dispatch costs.

use super::alu::{geu, ltu, ri};
use super::flow::Cursor;
use super::memory::{u8_word, word_u8, Memory};
use super::{Fault, Regs, Tracer};
use crate::op::Op;

/// What a chained branch runs when it falls through (the `K` of
/// [`Cursor::branch_then`]).
const LBU: u8 = 0;
const SB: u8 = 1;
const BR_TABLE: u8 = 2;
const BLTU_LBU: u8 = 3;

impl Cursor<'_> {
    /// A branch (op `at`) that ends its block and, when it falls through, the next
    /// block's first op of kind `K` (or a [`Op::BltuLbu`]'s branch and load).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)] // state, tracer, op index and the branch
    fn branch_then<T: Tracer, const K: u8>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        (rs1, rs2, target): (u8, u8, u32),
        cond: impl FnOnce(u32, u32) -> bool,
    ) -> Result<(), Fault> {
        if cond(regs[rs1 as usize], regs[rs2 as usize]) {
            return self.take(target as usize);
        }
        let at = at + 2;
        self.take(at)?;
        let op = self.next_op();
        let r = match (K, op) {
            (LBU, Op::Lbu { rd, rs1, imm }) => {
                self.enter(tracer, at, op);
                mem.load(regs, rd, rs1, imm, u8_word)
            }
            (SB, Op::Sb { rs1, rs2, imm }) => {
                self.enter(tracer, at, op);
                mem.store(regs, rs1, rs2, imm, word_u8)
            }
            (BR_TABLE, Op::BrTable { .. }) => {
                self.enter(tracer, at, op);
                return self.br_table(regs, tracer, at, op);
            }
            (BLTU_LBU, Op::BltuLbu { rs1, rs2, target }) => {
                self.enter(tracer, at, op);
                let br = (rs1, rs2, target);
                return self.branch_then::<T, LBU>(regs, mem, tracer, at, br, ltu);
            }
            _ => return Ok(()),
        };
        self.at(at, r)
    }

    /// [`Op::BgeuLbu`] (op `at`).
    #[inline(always)]
    pub(super) fn bgeu_lbu<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let Op::BgeuLbu { rs1, rs2, target } = op else {
            return Ok(());
        };
        self.branch_then::<T, LBU>(regs, mem, tracer, at, (rs1, rs2, target), geu)
    }

    /// [`Op::BgeuBrTable`] (op `at`).
    #[inline(always)]
    pub(super) fn bgeu_br_table<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let Op::BgeuBrTable { rs1, rs2, target } = op else {
            return Ok(());
        };
        self.branch_then::<T, BR_TABLE>(regs, mem, tracer, at, (rs1, rs2, target), geu)
    }

    /// [`Op::BltuLbu`] (op `at`).
    #[inline(always)]
    pub(super) fn bltu_lbu<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let Op::BltuLbu { rs1, rs2, target } = op else {
            return Ok(());
        };
        self.branch_then::<T, LBU>(regs, mem, tracer, at, (rs1, rs2, target), ltu)
    }

    /// [`Op::BltuBltuLbu`] (op `at`).
    #[inline(always)]
    pub(super) fn bltu_bltu_lbu<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let Op::BltuBltuLbu { rs1, rs2, target } = op else {
            return Ok(());
        };
        self.branch_then::<T, BLTU_LBU>(regs, mem, tracer, at, (rs1, rs2, target), ltu)
    }

    /// [`Op::AddiBgeuSb`] (op `at`): the `addi`, then its in-place `bgeu` and the
    /// `sb` after it.
    #[inline(always)]
    pub(super) fn addi_bgeu_sb<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let Op::AddiBgeuSb { rd, rs1, imm } = op else {
            return Ok(());
        };
        ri(regs, rd, rs1, imm, u32::wrapping_add);
        // Always a plain `bgeu` by construction; anything else simply runs next.
        let Op::Bgeu { rs1, rs2, target } = self.next_op() else {
            return Ok(());
        };
        self.branch_then::<T, SB>(regs, mem, tracer, at + 1, (rs1, rs2, target), geu)
    }

    /// Moves the cursor past op `at` (on it now), tracing it, before running it
    /// from inside another op's handler.
    #[inline(always)]
    fn enter<T: Tracer>(&mut self, tracer: &mut T, at: usize, op: Op) {
        self.trace_op(tracer, at, op);
        self.i += 1;
    }
}
