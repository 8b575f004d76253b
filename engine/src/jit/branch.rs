//! Conditional branches: the x86 condition of each RV32 branch, and branches on
//! zero that reuse the flags of the instruction before them.
//!
//! The compiler closes counted loops with `addi i, i, step; bne i, x0, head`
//! and tests bits with `andi t, x, m; beq t, x0, skip`. x86's `add`, `sub`,
//! `and`, `or` and `xor` already set ZF from their 32-bit result, so the
//! branch's `cmp i, 0` is dropped when its register is the one the previous
//! instruction just computed that way.
//!
//! Exactness: the ALU op records `(register, code position)` right after its
//! result reached the register's home (a pinned host register, or the slot
//! through a `mov`, which leaves the flags alone); [`Tr::emit`] binds that
//! record to the instruction's index once its code is complete. A branch
//! `beq`/`bne r, x0` at `i` reuses it only when the record names `r`, instruction
//! `i - 1` and the current position (nothing emitted since, so nothing changed
//! the flags), and `i` is no leader (static jumps land only on leaders, so only
//! the fall-through from `i - 1` reaches the `jcc`).
//!
//! A compare into a register (`slt`, `sltu`, `slti`, `sltiu`: the compiler's
//! `x < k` ahead of an `if`, since RV32 has no branch on an immediate) is a `cmp`
//! and a `setcc`, and the flags of that `cmp` say what the branch asks: `bne
//! t, x0` is taken exactly when the compare's condition holds, `beq t, x0` when
//! it does not. Its record carries that condition, and a dynamic entry's stub
//! makes the flags hold it exactly when the register is not zero (whatever
//! value a `jalr` arrived with): `xor eax, eax; cmp t, 0; setne al; neg eax`
//! leaves ZF, CF and SF != OF all set exactly when `t` is not zero. That needs
//! `rax`, so such a branch reuses the record only when no pair lives in `rax`
//! there ([`super::rax_pair`]). Fused groups do not bind
//! records, so a branch right after one compares as usual. A dynamic entry into
//! the branch (a `jalr` target, or an entry into a region's ordinary copy) goes
//! through [`Stub::Entry`], which compares first. Out-of-line code that rejoins
//! the inline code (an idiom's tail, a guarded access's redo, sp's page marks)
//! resumes after a fused group, an access or code emitted after the ALU op, so
//! never at a branch that reuses flags.

use super::translate::{Stub, Tr};
use super::x86::Cond;
use rivet_format::rv32::{BranchOp, Inst};

/// The x86 condition under which a branch `op` is taken (`taken`), or falls
/// through, after `cmp rs1, rs2`.
pub(super) fn branch_cond(op: BranchOp, taken: bool) -> Cond {
    let (yes, no) = match op {
        BranchOp::Beq => (Cond::E, Cond::Ne),
        BranchOp::Bne => (Cond::Ne, Cond::E),
        BranchOp::Blt => (Cond::L, Cond::Ge),
        BranchOp::Bge => (Cond::Ge, Cond::L),
        BranchOp::Bltu => (Cond::B, Cond::Ae),
        BranchOp::Bgeu => (Cond::Ae, Cond::B),
    };
    if taken {
        yes
    } else {
        no
    }
}

/// Flags reflecting guest register `.0`'s value, set by the code ending at
/// position `.1`, of instruction `.2` (`usize::MAX` until bound): branch `.3`
/// after them is taken exactly when the register is not zero (`Bne` after an
/// ALU op, the compare's own `Blt`/`Bltu` after a `slt`/`sltu`).
pub(super) type Zf = (u8, usize, usize, BranchOp);

impl Tr<'_> {
    /// `b<op> rs1, rs2` to instruction `target`; the compare is left out when the
    /// flags are reused (the fall-through, a leader or End, follows directly).
    pub(super) fn branch(&mut self, op: BranchOp, rs1: u8, rs2: u8, target: usize) {
        let cond = match self.zf.filter(|_| self.zf_reused) {
            // `reuse_flags` admits only `beq`/`bne` on the record's register:
            // `bne` is taken when the record's branch would be, `beq` when not.
            Some((_, _, _, nz)) => branch_cond(nz, op == BranchOp::Bne),
            None => {
                self.compare(rs1, rs2);
                branch_cond(op, true)
            }
        };
        let at = self.a.jcc32(cond);
        self.branch_edge(at, target);
    }

    /// Records that the flags now reflect guest register `rd` (ZF set exactly
    /// when it is zero): call right after its flag-setting op and its `set`.
    pub(super) fn flags_of(&mut self, rd: u8) {
        self.flags_as(rd, BranchOp::Bne);
    }

    /// Records that branch `nz` after the flags is taken exactly when guest
    /// register `rd` is not zero (a `setcc` of its condition just wrote `rd`):
    /// call right after its `set`.
    pub(super) fn flags_as(&mut self, rd: u8, nz: BranchOp) {
        self.zf = Some((rd, self.a.pos(), usize::MAX, nz));
    }

    /// After instruction `i`'s code: binds a record it made to it, drops any other.
    pub(super) fn bind_flags(&mut self, i: usize) {
        self.zf = match self.zf {
            Some((r, at, usize::MAX, nz)) if at == self.a.pos() => Some((r, at, i, nz)),
            _ => None,
        };
    }

    /// Whether instruction `i` (`inst`) is a branch on zero that can reuse the
    /// flags; if so and `dynamic`, its dynamic entry goes through [`Stub::Entry`].
    pub(super) fn reuse_flags(&mut self, inst: Inst, i: usize, dynamic: bool) -> bool {
        let Inst::Branch {
            op: BranchOp::Beq | BranchOp::Bne,
            rs1,
            rs2: 0,
            ..
        } = inst
        else {
            return false;
        };
        let body = self.a.pos();
        let pair = self.live_pair();
        let nz = match self.zf {
            Some((r, at, j, nz)) if rs1 != 0 && i > 0 && (r, at, j) == (rs1, body, i - 1) => nz,
            _ => return false,
        };
        // The entry stub of a compare's condition computes its flags in `rax`.
        if self.leaders[i] || (dynamic && nz != BranchOp::Bne && pair.is_some()) {
            return false;
        }
        if dynamic {
            self.stubs.push(Stub::Entry {
                idx: i,
                fwd: self.fwd,
                pair,
                cmp: Some((rs1, nz)),
                body,
            });
        }
        true
    }
}
