//! Gas chains: a block and the blocks after it that only the compiler's checks
//! separate are paid for with one charge.
//!
//! Rivet's compiler checks an access against `gp` with a branch to its trap code
//! right before it, checks address overflow and stack room the same way, and
//! each such branch ends the interpreter's block: a loop body with two accesses
//! is three blocks, each with its own `sub r15, cost; jb`. The main pass charges
//! a *chain* at its first block (its head): the head's cost plus the cost of each
//! following block entered only by falling through a check (no static jump
//! targets it). A check
//! is a branch on `gp`, or a branch to one of the compiler's trap stubs
//! (`addi a0, zero, code; jal zero, ...`, taken only when the run ends). Any
//! other branch ends the chain: correctness does not depend on which branches
//! join (a taken one gives back what was paid ahead), only the speed does. The
//! later blocks of the chain charge nothing inline. While translating,
//! [`Tr::extra`] is what the chain charged ahead for blocks after
//! the current one; it is given back wherever the interpreter would not have
//! paid it:
//!
//! * a taken check leaves the chain: its edge gives back the rest before
//!   jumping to the target's block start ([`Stub::Refund`]);
//! * a memory fault inside the chain gives it back before reporting the trap
//!   (its [`Stub::Fault`] or guarded access stub carries the amount);
//! * a dynamic entry into the chain pays, with the rest of its own block, the
//!   blocks after it that the chain would have paid (the native entry table's
//!   cost, `Translation::extra`);
//! * when the head's charge (or a dynamic entry's) fails, the interpreter may
//!   still run some of the chain before running out of gas, so native code gives
//!   the whole charge back and exits with [`exit::INTERPRET`]: the interpreter
//!   runs the rest of the run from that pc, paying block by block, with at most
//!   the chain's cost of gas left.
//!
//! Out-of-line copies of instructions inside a chain (an idiom's tail, a paired
//! store's dynamic entry) use the amount of the instruction they copy.
//!
//! A region with shared range checks (see [`super::group`]) chains only up to
//! its end, because its ordinary copy pays block by block and jumps back to the
//! inline code at the region's end, which must then charge for itself. Whatever
//! enters that copy gives back what the chain paid ahead first: a failed check
//! at the region start gives back all of it, a failed later check the rest
//! ([`Stub::RefundEntry`]), and dynamic entries into the region (which go to
//! the copy) pay no more than their own block.

use super::ctx::exit;
use super::targets::jump_target;
use super::translate::{Stub, Tr, GP};
use super::x86::reg::*;
use super::x86::{Alu, Cond, Rm};
use crate::module::Module;
use rivet_format::rv32::{ImmOp, Inst};

/// True if leader `j` may join the chain of the block before it: only one of
/// the compiler's checks (a branch on `gp` or to a trap stub) separates them and
/// no static jump targets `j`.
fn joins(module: &Module, targets: &[bool], j: usize) -> bool {
    if j == 0 || targets[j] {
        return false;
    }
    match module.inst_by_index(j - 1) {
        Inst::Branch {
            rs1, rs2, offset, ..
        } => rs1 == GP || rs2 == GP || to_trap(module, j - 1, offset),
        _ => false,
    }
}

/// True if the branch at `i` with `offset` goes to one of the compiler's trap
/// stubs (`addi a0, zero, code; jal zero, ...`): taken only when the run ends.
pub(super) fn to_trap(module: &Module, i: usize, offset: i32) -> bool {
    let Some(t) = jump_target(i, offset) else {
        return false;
    };
    t + 1 < module.len()
        && matches!(
            module.inst_by_index(t),
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 10,
                rs1: 0,
                ..
            }
        )
        && matches!(module.inst_by_index(t + 1), Inst::Jal { rd: 0, .. })
}

impl Tr<'_> {
    /// At leader `i`, the head of a chain: marks the later blocks of its chain
    /// before `limit` in [`Tr::merged`] and returns their total cost (0 when
    /// nothing joins).
    pub(super) fn chain(&mut self, i: usize, targets: &[bool], limit: usize) -> Option<i32> {
        let mut extra = 0i32;
        for j in i + 1..limit {
            if !self.leaders[j] {
                continue;
            }
            if !joins(self.module, targets, j) {
                break;
            }
            let cost = i32::try_from(self.module.entries[j].cost).ok()?;
            extra = extra.checked_add(cost)?;
            self.merged[j] = true;
        }
        Some(extra)
    }

    /// True if the block after instruction `i` joins `i`'s chain: only the
    /// fall-through from `i` enters it statically.
    pub(super) fn falls_into_chain(&self, i: usize) -> bool {
        self.merged.get(i + 1).copied().unwrap_or(false)
    }

    /// The charge at a chain head (at `pc`) of its own block, `cost`, and the
    /// blocks after it, `extra`.
    pub(super) fn charge_chain(&mut self, pc: u32, cost: i32, extra: i32) -> Option<()> {
        let total = cost.checked_add(extra)?;
        self.a.alu64_rm_imm(Alu::Sub, Rm::Reg(R15), total);
        let at = self.a.jcc32(Cond::B);
        let chain = extra > 0;
        self.stubs.push(Stub::Charge {
            at,
            cost: total,
            pc,
            chain,
        });
        self.extra = extra;
        Some(())
    }

    /// A merged leader `j`: its block was paid by the chain's head.
    pub(super) fn enter_merged(&mut self, j: usize) {
        self.extra -= self.module.entries[j].cost as i32;
        debug_assert!(self.extra >= 0);
    }

    /// The taken edge of a branch to `target` at the current position: through a
    /// stub giving back the chain's prepaid blocks when there are any.
    pub(super) fn branch_edge(&mut self, at: usize, target: usize) {
        if self.extra > 0 {
            self.stubs.push(Stub::Refund {
                at,
                amount: self.extra,
                target,
            });
        } else {
            self.jump_block(at, target);
        }
    }

    /// Failed later range checks (rel32 positions `fails`) before instruction
    /// `i` of a planned region continue at `i`'s entry into the region's
    /// ordinary copy, after giving back what the chain paid ahead.
    pub(super) fn enter_copy(&mut self, fails: Vec<usize>, i: usize) {
        if self.extra > 0 {
            let amount = self.extra;
            let stubs = fails
                .into_iter()
                .map(|at| Stub::RefundEntry { at, amount, idx: i });
            self.stubs.extend(stubs);
        } else {
            self.entry_jumps.extend(fails.into_iter().map(|at| (at, i)));
        }
    }

    /// Before an exit that reports a trap: gives back `amount` prepaid gas.
    pub(super) fn refund(&mut self, amount: i32) {
        if amount > 0 {
            self.a.alu64_rm_imm(Alu::Add, Rm::Reg(R15), amount);
        }
    }

    /// A failed chain charge of `total` at `pc`: give it back, let the
    /// interpreter run from `pc`.
    pub(super) fn interpret_from(&mut self, total: i32, pc: u32) {
        self.refund(total);
        self.exit_at(exit::INTERPRET, pc);
    }
}
