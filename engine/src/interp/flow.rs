//! Control flow and gas: the interpreter's [`Cursor`] and the handlers that move it.
//!
//! The cursor holds the next op index, the gas left and the module's tables. It lives
//! in the hot loop's frame and every method is `#[inline(always)]`, so after inlining
//! its fields are plain locals (host registers), as if the loop had declared them.
//! A handler that stops execution returns a [`Fault`] naming the pc the trap belongs
//! to; the loop returns it unchanged. Gas is charged only here: at block entry
//! ([`Cursor::charge`]), on static jumps and both edges of a branch ([`Cursor::take`]
//! pays the target block, whose charge op is then skipped) and on `jalr`.

use super::{enter, Fault, Regs, Tracer};
use crate::error::TrapKind;
use crate::module::Module;
use crate::op::{Op, SINK};
use std::convert::Infallible;

/// Where the hot loop is: next op index, gas left, and the tables of its module.
pub(super) struct Cursor<'m> {
    pub(super) module: &'m Module,
    pub(super) ops: &'m [Op],
    pub(super) pcs: &'m [u32],
    target_cost: &'m [u32],
    code_base: u32,
    /// Index of the next op to dispatch.
    pub(super) i: usize,
    /// Gas left.
    pub(super) gas: u64,
}

impl<'m> Cursor<'m> {
    #[inline(always)]
    pub(super) fn new(module: &'m Module, i: usize, gas: u64) -> Self {
        Cursor {
            module,
            ops: &module.ops,
            pcs: &module.op_pc,
            target_cost: &module.target_cost,
            code_base: module.code_base(),
            i,
            gas,
        }
    }

    /// The op at the cursor (`ops[i]`), read without a bounds check: the in-place op
    /// a fused op continues with, or the first op of a block a checked access entered.
    #[inline(always)]
    pub(super) fn next_op(&self) -> Op {
        debug_assert!(self.i < self.ops.len());
        // SAFETY: only fused-op handlers call this, with `i` at most `span` ops past
        // their own index, and `Module::new` checked every op's `i + span` to be
        // inside the array (`module::indices_in_range`) before any machine could run.
        unsafe { *self.ops.get_unchecked(self.i) }
    }

    /// The op `k` places after the cursor (`ops[i + k]`), read without a bounds check.
    #[inline(always)]
    pub(super) fn op_after(&self, k: usize) -> Op {
        debug_assert!(self.i + k < self.ops.len());
        // SAFETY: as for `next_op`: the handlers that call this read inside their
        // op's span, which `module::indices_in_range` checked.
        unsafe { *self.ops.get_unchecked(self.i + k) }
    }

    /// A trap of `kind` at the pc of op `at`.
    #[inline(always)]
    pub(super) fn fault(&self, at: usize, kind: TrapKind<Infallible>) -> Fault {
        Fault {
            pc: self.pcs[at],
            kind,
        }
    }

    /// Gives a handler's trap kind the pc of op `at`.
    #[inline(always)]
    pub(super) fn at(&self, at: usize, r: Result<(), TrapKind<Infallible>>) -> Result<(), Fault> {
        match r {
            Ok(()) => Ok(()),
            Err(kind) => Err(self.fault(at, kind)),
        }
    }

    /// Traces the `n` instructions from op `at` on (a fused op runs them with no
    /// charge in between).
    #[inline(always)]
    pub(super) fn trace<T: Tracer>(&self, tracer: &mut T, at: usize, n: usize) {
        let pc = self.pcs[at];
        let idx = (pc.wrapping_sub(self.code_base) >> 2) as usize;
        for k in 0..n {
            let pc = pc.wrapping_add(4 * k as u32);
            tracer.step(pc, self.module.inst_by_index(idx + k));
        }
    }

    /// Traces the instruction(s) op `at` runs (none for a charge or the end marker).
    /// A fused op runs the instructions after it too; a checked access's third one
    /// (after its branch falls through) is traced where it runs.
    #[inline(always)]
    pub(super) fn trace_op<T: Tracer>(&self, tracer: &mut T, at: usize, op: Op) {
        if !T::ON {
            return;
        }
        let n = match op {
            Op::Charge { .. } | Op::End => return,
            // The access after the checked access's branch is traced where it runs,
            // as is the op a branch ending its block runs after it.
            Op::ChkLw { .. } | Op::ChkSw { .. } | Op::AddiBgeuSb { .. } => 2,
            Op::BgeuLbu { .. }
            | Op::BgeuTable { .. }
            | Op::BltuLbu { .. }
            | Op::Bltu2Lbu { .. } => 1,
            Op::LiAddChk { skip, .. } => 3 + skip as usize,
            Op::SlliAddChk { .. } => 4,
            _ => op.width(),
        };
        self.trace(tracer, at, n);
    }

    /// Moves the cursor past op `at` (on it now), tracing it, before a fused op's
    /// handler runs it in place.
    #[inline(always)]
    pub(super) fn enter<T: Tracer>(&mut self, tracer: &mut T, at: usize, op: Op) {
        self.trace_op(tracer, at, op);
        self.i += 1;
    }

    /// Block entry (op `at`): pay `cost` or stop out of gas.
    #[inline(always)]
    pub(super) fn charge(&mut self, at: usize, cost: u32) -> Result<(), Fault> {
        let cost = cost as u64;
        if self.gas < cost {
            return Err(self.fault(at, TrapKind::OutOfGas));
        }
        self.gas -= cost;
        Ok(())
    }

    /// A static jump to op index `target`: pay its block (its charge op is skipped).
    /// Out of gas is reported at the target's pc.
    #[inline(always)]
    pub(super) fn take(&mut self, target: usize) -> Result<(), Fault> {
        debug_assert!(target < self.target_cost.len());
        // SAFETY: `target` is a static target or fall-through of a branch or checked
        // access, which `Module::new` checked to be inside the op array
        // (`module::indices_in_range`), and `target_cost` is as long as the op array
        // (checked there too).
        let cost = unsafe { *self.target_cost.get_unchecked(target) } as u64;
        self.i = target;
        if self.gas < cost {
            return Err(self.fault(target, TrapKind::OutOfGas));
        }
        self.gas -= cost;
        Ok(())
    }

    /// The branch of op `at`: to `target` if `cond(rs1, rs2)`, else to the fall-through
    /// block (whose charge is the op after the branch: paid here).
    #[inline(always)]
    pub(super) fn branch(
        &mut self,
        regs: &Regs,
        at: usize,
        rs1: u8,
        rs2: u8,
        target: u32,
        cond: impl FnOnce(u32, u32) -> bool,
    ) -> Result<(), Fault> {
        if cond(regs[rs1 as usize], regs[rs2 as usize]) {
            self.take(target as usize)
        } else {
            self.take(at + 2)
        }
    }

    /// A select hammock (op `at`, see [`Op::Select`]): the branch, and when it
    /// falls through the block of one or two `addi`s after it, all ending at
    /// `target`. With gas for both blocks the moves are conditional ones and the
    /// two charges one subtraction: no host branch depends on the condition.
    /// Short of gas, or tracing, the branch runs alone and the loop runs the
    /// moves' block op by op (which finds where gas runs out, and traces it).
    #[inline(always)]
    pub(super) fn select<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let Op::Select {
            rs1,
            rs2,
            cond,
            target,
        } = op
        else {
            return Ok(());
        };
        let (a, b) = (regs[rs1 as usize], regs[rs2 as usize]);
        let flip = (cond as u32 >> 2 & 1) << 31;
        let lt = (a ^ flip) < (b ^ flip);
        let taken = (if cond & 2 != 0 { lt } else { a == b }) != (cond & 1 != 0);
        let t = target as usize;
        // Built only over one or two moves (`fuse::select`): the target says which.
        let two = t == at + 5;
        let (Op::Addi { rd, rs1: src, imm }, false) = (self.op_after(1), T::ON) else {
            return self.take(if taken { t } else { at + 2 });
        };
        // SAFETY: `Module::new` checked `target` and `at + 4` to be inside the op
        // array (`module::indices_in_range`), which `target_cost` is as long as.
        let (to, through) = unsafe {
            (
                *self.target_cost.get_unchecked(t) as u64,
                *self.target_cost.get_unchecked(at + 2) as u64,
            )
        };
        // Chosen without a branch: the condition is data (a sort's comparisons).
        let cost = to + std::hint::select_unpredictable(taken, 0, through);
        if self.gas < cost {
            return self.take(if taken { t } else { at + 2 });
        }
        self.gas -= cost;
        let v = regs[src as usize].wrapping_add(imm as u32);
        let d = &mut regs[rd as usize];
        *d = std::hint::select_unpredictable(taken, *d, v);
        if two {
            if let Op::Addi { rd, rs1: src, imm } = self.op_after(2) {
                let v = regs[src as usize].wrapping_add(imm as u32);
                let d = &mut regs[rd as usize];
                *d = std::hint::select_unpredictable(taken, *d, v);
            }
        }
        self.i = t;
        Ok(())
    }

    /// `jal rd` (op `at`): link, then a static jump.
    #[inline(always)]
    pub(super) fn call(
        &mut self,
        regs: &mut Regs,
        at: usize,
        rd: u8,
        target: u32,
    ) -> Result<(), Fault> {
        regs[rd as usize] = self.pcs[at].wrapping_add(4);
        self.take(target as usize)
    }

    /// `jalr` (op `at`): a dynamic entry, paying the rest of the target's block.
    #[inline(always)]
    pub(super) fn jalr(
        &mut self,
        regs: &mut Regs,
        at: usize,
        rd: u8,
        rs1: u8,
        imm: i32,
    ) -> Result<(), Fault> {
        let target = regs[rs1 as usize].wrapping_add(imm as u32) & !1;
        let link = self.pcs[at].wrapping_add(4);
        let mut gas = self.gas;
        let entered = enter(self.module, target, &mut gas);
        self.gas = gas;
        match entered {
            Ok(next) => {
                self.i = next;
                regs[rd as usize] = link;
                Ok(())
            }
            // The jump itself happened; the target block is unpaid.
            Err(TrapKind::OutOfGas) => {
                regs[rd as usize] = link;
                Err(Fault {
                    pc: target,
                    kind: TrapKind::OutOfGas,
                })
            }
            Err(_) => Err(self.fault(at, TrapKind::MisalignedJump { target })),
        }
    }

    /// The compiler's `br_table` dispatch (op `at`, an [`Op::BrTable`]): the three
    /// register steps, the `jalr` as its own op `at + 3` runs it (same link, fault
    /// pc and gas), then the table's `jal` it entered, if that is what it entered
    /// (the loop's `trace_op` traced the four instructions of op `at`; the `jal` is
    /// traced here).
    #[inline(always)]
    pub(super) fn br_table<T: Tracer>(
        &mut self,
        regs: &mut Regs,
        tracer: &mut T,
        at: usize,
        op: Op,
    ) -> Result<(), Fault> {
        let Op::BrTable { t, idx, u, imm } = op else {
            return Ok(());
        };
        let sum = (regs[idx as usize] << 2).wrapping_add(imm);
        regs[u as usize] = imm;
        regs[t as usize] = sum;
        self.jalr(regs, at + 3, SINK, t, 12)?;
        if let Op::Jump { target } = self.next_op() {
            if T::ON {
                self.trace(tracer, self.i, 1);
            }
            self.take(target as usize)?;
        }
        Ok(())
    }

    /// `ebreak` (op `at`).
    #[inline(always)]
    pub(super) fn ebreak(&self, at: usize) -> Result<(), Fault> {
        Err(self.fault(at, TrapKind::Ebreak))
    }

    /// The end marker after the code (op `at`): control fell off the end.
    #[inline(always)]
    pub(super) fn end(&self, at: usize) -> Result<(), Fault> {
        let end = self.pcs[at];
        Err(Fault {
            pc: end,
            kind: TrapKind::MisalignedJump { target: end },
        })
    }
}
