//! Chains across a block's end: passes that run after every pair and idiom is fused,
//! because what they chain to must already be its final op.
//!
//! * [`branch_next`]: a `bgeu` or `bltu` that ends its block, whose fall-through
//!   block starts with an op the branch can run itself, becomes one op with it
//!   ([`chained`]: [`Op::BgeuLbu`], [`Op::BgeuTable`], [`Op::BltuLbu`],
//!   [`Op::Bltu2Lbu`]); an [`Op::AddiBgeu`] whose `bgeu` falls into an `sb`
//!   becomes [`Op::AddiBgeuSb`]. The compiler's checks end
//!   their block with exactly such a branch: a one-byte access's `bgeu addr, gp`,
//!   the two `bltu`s of an access at a large offset, `br_table`'s default check.
//!   The branch pays the next block's charge as it would alone; the next op stays
//!   in place (a jump into that block runs it as before).
//! * [`checked_access`]: an address computation ([`Op::LiAdd`], [`Op::SlliAdd`])
//!   whose next op is a checked access becomes [`Op::LiAddChk`] or
//!   [`Op::SlliAddChk`].
//!
//! A branch that another fused op reads in place (the second op of an
//! [`Op::AddiBgeu`], [`Op::ChkLw`], ...) keeps its plain op: that op expects it.

use crate::op::Op;

/// The op a block-ending branch at `at` becomes, by the next block's first op
/// (after its charge), if any.
fn chained(ops: &[Op], at: usize) -> Option<Op> {
    let next = match ops.get(at + 1..at + 3)? {
        [Op::Charge { .. }, next] => *next,
        _ => return None,
    };
    Some(match (ops[at], next) {
        (Op::Bgeu { rs1, rs2, target }, Op::Lbu { .. }) => Op::BgeuLbu { rs1, rs2, target },
        (Op::Bgeu { rs1, rs2, target }, Op::BrTable { .. }) => Op::BgeuTable { rs1, rs2, target },
        (Op::Bltu { rs1, rs2, target }, Op::Lbu { .. }) => Op::BltuLbu { rs1, rs2, target },
        (Op::Bltu { rs1, rs2, target }, Op::BltuLbu { .. }) => Op::Bltu2Lbu { rs1, rs2, target },
        _ => return None,
    })
}

/// True when the op before `at` reads op `at` in place as its second instruction.
fn read_in_place(ops: &[Op], at: usize) -> bool {
    at > 0 && {
        let prev = ops[at - 1];
        prev.ends_in_branch() || matches!(prev, Op::ChkLw { .. } | Op::ChkSw { .. })
    }
}

/// The branch-and-next-op pass. Runs from the end so that a branch sees whether
/// the one it falls into was chained.
pub(super) fn branch_next(ops: &mut [Op]) {
    for at in (0..ops.len()).rev() {
        if let Op::AddiBgeu { rd, rs1, imm } = ops[at] {
            if let Some([Op::Bgeu { .. }, Op::Charge { .. }, Op::Sb { .. }]) =
                ops.get(at + 1..at + 4)
            {
                ops[at] = Op::AddiBgeuSb { rd, rs1, imm };
            }
        } else if !read_in_place(ops, at) {
            if let Some(op) = chained(ops, at) {
                ops[at] = op;
            }
        }
    }
}

/// Turns an address computation ([`Op::LiAdd`], [`Op::SlliAdd`]) whose next op is a
/// checked access (in the same block: a block starts with a charge op) into
/// [`Op::LiAddChk`] or [`Op::SlliAddChk`]. Runs after the checked accesses exist.
pub(super) fn checked_access(ops: &mut [Op]) {
    for at in 0..ops.len() {
        let (op, next) = match ops[at] {
            Op::LiAdd { rd, rs1, skip, imm } => {
                (Op::LiAddChk { rd, rs1, skip, imm }, at + 1 + skip as usize)
            }
            Op::SlliAdd { rd, rs1, imm } => (Op::SlliAddChk { rd, rs1, imm }, at + 2),
            _ => continue,
        };
        if matches!(ops.get(next), Some(Op::ChkLw { .. } | Op::ChkSw { .. })) {
            ops[at] = op;
        }
    }
}
