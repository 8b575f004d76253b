//! Fused ops: two (or three) instructions of one block in one dispatch.
//!
//! A fused op replaces only the first instruction's op; the next one stays in place
//! right after it (so dynamic jumps into it, tracing and trap pcs see the original
//! code), and the handler reads its operands from there. If that op is not the
//! expected one (it was itself fused with its successor), the handler does only the
//! first instruction and the next op runs normally. A fault in the second
//! instruction is reported at its own pc (op index `at + 1`).

use super::alu::{and, ri, rr, sll, xor};
use super::flow::Cursor;
use super::memory::Memory;
use super::{Fault, Regs, Tracer};
use crate::op::Op;

/// The conditional branch a compare-and-branch pair ends with.
#[derive(Clone, Copy)]
pub(super) enum Br {
    Eq,
    Ne,
    Ltu,
    Geu,
}

impl Cursor<'_> {
    /// Runs the `addi` that follows, if it is one.
    #[inline(always)]
    fn then_addi(&mut self, regs: &mut Regs) {
        if let Op::Addi { rd, rs1, imm } = self.next_op() {
            self.i += 1;
            ri(regs, rd, rs1, imm, u32::wrapping_add);
        }
    }

    /// `lui` + `addi`: the sum was folded into `imm` when the module was built.
    #[inline(always)]
    pub(super) fn li_pair(&mut self, regs: &mut Regs, rd: u8, imm: u32) {
        regs[rd as usize] = imm;
        self.i += 1;
    }

    /// Two `lui` + `addi` pairs: the first folded into `imm`, the second read from its
    /// in-place ops (always a `lui` and an `addi` of one register by construction).
    /// When an i64 multiply ([`Op::Mul64`]) follows (the constant is its operand, as in
    /// a hash's multiply by a prime), runs it too: one dispatch for ten instructions.
    #[inline(always)]
    pub(super) fn li_li<T: Tracer>(&mut self, regs: &mut Regs, tracer: &mut T, rd: u8, imm: u32) {
        regs[rd as usize] = imm;
        if let (Op::Li { rd, imm }, Op::Addi { imm: lo, .. }) = (self.op_after(1), self.op_after(2))
        {
            regs[rd as usize] = imm.wrapping_add(lo as u32);
            self.i += 3;
            let op = self.next_op();
            if let Op::Mul64 { .. } = op {
                self.enter(tracer, self.i, op);
                self.mul64(regs, op);
            }
        } else {
            self.i += 1;
        }
    }

    /// `addi` + `bltu` (the compiler's bounds check), op `at`.
    #[inline(always)]
    pub(super) fn addi_bltu(
        &mut self,
        regs: &mut Regs,
        at: usize,
        rd: u8,
        rs1: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        ri(regs, rd, rs1, imm, u32::wrapping_add);
        // Always a bltu by construction; anything else simply runs next.
        if let Op::Bltu { rs1, rs2, target } = self.next_op() {
            return self.branch(regs, at + 1, rs1, rs2, target, |a, b| a < b);
        }
        Ok(())
    }

    /// `addi` + `bltu` + the fall-through block's `lw` or `sw` it guards (op `at`).
    #[inline(always)]
    #[allow(clippy::too_many_arguments)] // state, tracer, op index and the addi's operands
    pub(super) fn chk_access<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let (Op::ChkLw { rd, rs1, imm } | Op::ChkSw { rd, rs1, imm }) = op else {
            return Ok(());
        };
        ri(regs, rd, rs1, imm, u32::wrapping_add);
        // By construction: bltu, the fall-through charge, then lw or sw.
        let Op::Bltu { rs1, rs2, target } = self.next_op() else {
            return Ok(());
        };
        if regs[rs1 as usize] < regs[rs2 as usize] {
            return self.take(target as usize);
        }
        // Pays the fall-through block, lands on its first op.
        self.take(at + 3)?;
        let op = self.next_op();
        match op {
            Op::Lw { rd, rs1, imm } => {
                self.enter(tracer, at + 3, op);
                self.at(at + 3, mem.load(regs, rd, rs1, imm, u32::from_le_bytes))
            }
            Op::Sw { rs1, rs2, imm } => {
                self.enter(tracer, at + 3, op);
                self.at(at + 3, mem.store(regs, rs1, rs2, imm, u32::to_le_bytes))
            }
            // The two words of an i64: both accesses.
            Op::LwLw { rd, rs1, imm } => {
                self.enter(tracer, at + 3, op);
                self.lw_lw(regs, mem, at + 3, rd, rs1, imm)
            }
            Op::SwSw { rs1, rs2, imm } => {
                self.enter(tracer, at + 3, op);
                self.sw_sw(regs, mem, at + 3, rs1, rs2, imm)
            }
            // The access was itself fused otherwise: dispatch it normally.
            _ => Ok(()),
        }
    }

    /// [`Op::LiAddChk`]: the address as [`Op::LiAdd`] computes it, then the checked
    /// access next to it.
    #[inline(always)]
    pub(super) fn li_add_chk<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        op: Op,
    ) -> Result<(), Fault> {
        self.li_add(regs, op);
        self.then_chk(regs, mem, tracer)
    }

    /// [`Op::SlliAddChk`]: the address as [`Op::SlliAdd`] computes it, then the
    /// checked access next to it.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)] // state, tracer and the slli's operands
    pub(super) fn slli_add_chk<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
        rd: u8,
        rs1: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        self.slli_add(regs, rd, rs1, imm);
        self.then_chk(regs, mem, tracer)
    }

    /// The bounds-checked access next to an address computation (op `self.i`),
    /// run as its own op runs it.
    #[inline(always)]
    fn then_chk<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        tracer: &mut T,
    ) -> Result<(), Fault> {
        let at = self.i;
        let op = self.next_op();
        if !matches!(op, Op::ChkLw { .. } | Op::ChkSw { .. }) {
            return Ok(());
        }
        self.i += 1;
        self.chk_access(regs, mem, tracer, at, op)
    }

    /// `add` + `addi`.
    #[inline(always)]
    pub(super) fn add_addi(&mut self, regs: &mut Regs, rd: u8, rs1: u8, rs2: u8) {
        rr(regs, rd, rs1, rs2, u32::wrapping_add);
        self.then_addi(regs);
    }

    /// An ALU op with an immediate (op `at`), then the in-place `br` branch after it.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)] // state, op index, the ALU op and the branch kind
    pub(super) fn ri_br(
        &mut self,
        regs: &mut Regs,
        at: usize,
        rd: u8,
        rs1: u8,
        imm: i32,
        f: impl FnOnce(u32, u32) -> u32,
        br: Br,
    ) -> Result<(), Fault> {
        ri(regs, rd, rs1, imm, f);
        self.then_branch(regs, at, br)
    }

    /// A register-register ALU op (op `at`), then the in-place `br` branch after it.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)] // state, op index, the ALU op and the branch kind
    pub(super) fn rr_br(
        &mut self,
        regs: &mut Regs,
        at: usize,
        rd: u8,
        rs1: u8,
        rs2: u8,
        f: impl FnOnce(u32, u32) -> u32,
        br: Br,
    ) -> Result<(), Fault> {
        rr(regs, rd, rs1, rs2, f);
        self.then_branch(regs, at, br)
    }

    /// The in-place branch after the ALU op `at`, when it is of kind `br` (always, by
    /// construction; `br` is a constant at each inlined call, so the match folds).
    #[inline(always)]
    fn then_branch(&mut self, regs: &Regs, at: usize, br: Br) -> Result<(), Fault> {
        let (rs1, rs2, target, cond): (_, _, _, fn(u32, u32) -> bool) = match (br, self.next_op()) {
            (Br::Eq, Op::Beq { rs1, rs2, target }) => (rs1, rs2, target, |a, b| a == b),
            (Br::Ne, Op::Bne { rs1, rs2, target }) => (rs1, rs2, target, |a, b| a != b),
            (Br::Ltu, Op::Bltu { rs1, rs2, target }) => (rs1, rs2, target, |a, b| a < b),
            (Br::Geu, Op::Bgeu { rs1, rs2, target }) => (rs1, rs2, target, |a, b| a >= b),
            _ => return Ok(()),
        };
        self.branch(regs, at + 1, rs1, rs2, target, cond)
    }

    /// `addi` + `addi`.
    #[inline(always)]
    pub(super) fn addi_addi(&mut self, regs: &mut Regs, rd: u8, rs1: u8, imm: i32) {
        ri(regs, rd, rs1, imm, u32::wrapping_add);
        self.then_addi(regs);
    }

    /// `xor` + `xor` (an i64 xor).
    #[inline(always)]
    pub(super) fn xor_xor(&mut self, regs: &mut Regs, rd: u8, rs1: u8, rs2: u8) {
        rr(regs, rd, rs1, rs2, xor);
        if let Op::Xor { rd, rs1, rs2 } = self.next_op() {
            self.i += 1;
            rr(regs, rd, rs1, rs2, xor);
        }
    }

    /// `and` + `and` (an i64 and).
    #[inline(always)]
    pub(super) fn and_and(&mut self, regs: &mut Regs, rd: u8, rs1: u8, rs2: u8) {
        rr(regs, rd, rs1, rs2, and);
        if let Op::And { rd, rs1, rs2 } = self.next_op() {
            self.i += 1;
            rr(regs, rd, rs1, rs2, and);
        }
    }

    /// `xori` + `xori`.
    #[inline(always)]
    pub(super) fn xori_xori(&mut self, regs: &mut Regs, rd: u8, rs1: u8, imm: i32) {
        ri(regs, rd, rs1, imm, xor);
        if let Op::Xori { rd, rs1, imm } = self.next_op() {
            self.i += 1;
            ri(regs, rd, rs1, imm, xor);
        }
    }

    /// `sw` + `addi` (op `at`).
    #[inline(always)]
    pub(super) fn sw_addi(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        at: usize,
        rs1: u8,
        rs2: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        self.at(at, mem.store(regs, rs1, rs2, imm, u32::to_le_bytes))?;
        self.then_addi(regs);
        Ok(())
    }

    /// `lw` + `addi` (op `at`).
    #[inline(always)]
    pub(super) fn lw_addi(
        &mut self,
        regs: &mut Regs,
        mem: &Memory,
        at: usize,
        rd: u8,
        rs1: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        self.at(at, mem.load(regs, rd, rs1, imm, u32::from_le_bytes))?;
        self.then_addi(regs);
        Ok(())
    }

    /// `lw` + `xor` (op `at`).
    #[inline(always)]
    pub(super) fn lw_xor(
        &mut self,
        regs: &mut Regs,
        mem: &Memory,
        at: usize,
        rd: u8,
        rs1: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        self.at(at, mem.load(regs, rd, rs1, imm, u32::from_le_bytes))?;
        if let Op::Xor { rd, rs1, rs2 } = self.next_op() {
            self.i += 1;
            rr(regs, rd, rs1, rs2, xor);
        }
        Ok(())
    }

    /// `slli` + `add`.
    #[inline(always)]
    pub(super) fn slli_add(&mut self, regs: &mut Regs, rd: u8, rs1: u8, imm: i32) {
        ri(regs, rd, rs1, imm, sll);
        if let Op::Add { rd, rs1, rs2 } = self.next_op() {
            self.i += 1;
            rr(regs, rd, rs1, rs2, u32::wrapping_add);
        }
    }

    /// `lw` + `lw` (op `at`).
    #[inline(always)]
    pub(super) fn lw_lw(
        &mut self,
        regs: &mut Regs,
        mem: &Memory,
        at: usize,
        rd: u8,
        rs1: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        self.at(at, mem.load(regs, rd, rs1, imm, u32::from_le_bytes))?;
        if let Op::Lw { rd, rs1, imm } = self.next_op() {
            self.i += 1;
            return self.at(at + 1, mem.load(regs, rd, rs1, imm, u32::from_le_bytes));
        }
        Ok(())
    }

    /// `sw` + `sw` (op `at`).
    #[inline(always)]
    pub(super) fn sw_sw(
        &mut self,
        regs: &mut Regs,
        mem: &mut Memory,
        at: usize,
        rs1: u8,
        rs2: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        self.at(at, mem.store(regs, rs1, rs2, imm, u32::to_le_bytes))?;
        if let Op::Sw { rs1, rs2, imm } = self.next_op() {
            self.i += 1;
            return self.at(at + 1, mem.store(regs, rs1, rs2, imm, u32::to_le_bytes));
        }
        Ok(())
    }
}
