//! Branches on zero that reuse the flags of the instruction before them.
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
//! the fall-through from `i - 1` reaches the `jcc`). Fused groups do not bind
//! records, so a branch right after one compares as usual. A dynamic entry into
//! the branch (a `jalr` target, or an entry into a region's ordinary copy) goes
//! through [`Stub::Flags`], which compares first.

use super::translate::{Stub, Tr};
use rivet_format::rv32::{BranchOp, Inst};

/// Flags reflecting guest register `.0`'s value, set by the code ending at
/// position `.1`, of instruction `.2` (`usize::MAX` until bound).
pub(super) type Zf = (u8, usize, usize);

impl Tr<'_> {
    /// Records that the flags now reflect guest register `rd` (ZF set exactly
    /// when it is zero): call right after its flag-setting op and its `set`.
    pub(super) fn flags_of(&mut self, rd: u8) {
        self.zf = Some((rd, self.a.pos(), usize::MAX));
    }

    /// After instruction `i`'s code: binds a record it made to it, drops any other.
    pub(super) fn bind_flags(&mut self, i: usize) {
        self.zf = match self.zf {
            Some((r, at, usize::MAX)) if at == self.a.pos() => Some((r, at, i)),
            _ => None,
        };
    }

    /// Whether instruction `i` (`inst`) is a branch on zero that can reuse the
    /// flags; if so and `dynamic`, its dynamic entry goes through [`Stub::Flags`].
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
        let ok = rs1 != 0 && i > 0 && !self.leaders[i] && self.zf == Some((rs1, body, i - 1));
        if ok && dynamic {
            self.stubs.push(Stub::Flags {
                idx: i,
                reg: rs1,
                fwd: self.fwd,
                body,
            });
        }
        ok
    }
}
