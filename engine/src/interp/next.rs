//! Ops that run past their block's end: a branch that ends its block and, when it
//! falls through, the next block's first op ([`Op::BgeuLbu`], [`Op::BgeuTable`],
//! [`Op::BltuLbu`], [`Op::Bltu2Lbu`], [`Op::AddiBgeuSb`]; `crate::fuse_chain`
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

/// The chained ops, as the const parameter `K` of [`Cursor::chained`]: which
/// branch each runs and what after it.
pub(super) const GEU_LBU: u8 = 0;
pub(super) const GEU_TABLE: u8 = 1;
pub(super) const LTU_LBU: u8 = 2;
pub(super) const LTU2_LBU: u8 = 3;
const ADDI_GEU_SB: u8 = 4;

impl Cursor<'_> {
    /// [`Op::BgeuLbu`], [`Op::BgeuTable`], [`Op::BltuLbu`], [`Op::Bltu2Lbu`]
    /// (op `at`, of kind `K`).
    #[inline(always)]
    pub(super) fn chained<const K: u8>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut impl Tracer,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let (Op::BgeuLbu { rs1, rs2, target }
        | Op::BgeuTable { rs1, rs2, target }
        | Op::BltuLbu { rs1, rs2, target }
        | Op::Bltu2Lbu { rs1, rs2, target }) = op
        else {
            return Ok(());
        };
        self.branch_then::<_, K>(regs, mem, tracer, at, (rs1, rs2, target))
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
        self.branch_then::<T, ADDI_GEU_SB>(regs, mem, tracer, at + 1, (rs1, rs2, target))
    }

    /// The branch of kind `K` (op `at`, ending its block) and, when it falls
    /// through, the next block's first op that `K` expects (for
    /// [`LTU2_LBU`], a [`Op::BltuLbu`]: its branch and load too).
    #[inline(always)]
    fn branch_then<T: Tracer, const K: u8>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        (rs1, rs2, target): (u8, u8, u32),
    ) -> Result<(), Fault> {
        let (a, b) = (regs[rs1 as usize], regs[rs2 as usize]);
        let taken = match K {
            GEU_LBU | GEU_TABLE | ADDI_GEU_SB => geu(a, b),
            _ => ltu(a, b),
        };
        if taken {
            return self.take(target as usize);
        }
        let at = at + 2;
        self.take(at)?;
        let op = self.next_op();
        let r = match (K, op) {
            (GEU_LBU | LTU_LBU, Op::Lbu { rd, rs1, imm }) => {
                self.enter(tracer, at, op);
                mem.load(regs, rd, rs1, imm, u8_word)
            }
            (ADDI_GEU_SB, Op::Sb { rs1, rs2, imm }) => {
                self.enter(tracer, at, op);
                mem.store(regs, rs1, rs2, imm, word_u8)
            }
            (GEU_TABLE, Op::BrTable { .. }) => {
                self.enter(tracer, at, op);
                return self.br_table(regs, tracer, at, op);
            }
            (LTU2_LBU, Op::BltuLbu { rs1, rs2, target }) => {
                self.enter(tracer, at, op);
                let br = (rs1, rs2, target);
                return self.branch_then::<T, LTU_LBU>(regs, mem, tracer, at, br);
            }
            _ => return Ok(()),
        };
        self.at(at, r)
    }
}
