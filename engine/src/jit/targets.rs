//! Static control-flow facts the translation reads: which instructions a static
//! branch or `jal` targets (they keep their own charge and never join a chain),
//! and which are loop heads (their native code is aligned).

use crate::module::Module;
use rivet_format::rv32::Inst;

/// Instruction index a branch or `jal` at index `j` with `offset` goes to, if it
/// is not below the code (callers check the upper end).
pub(super) fn jump_target(j: usize, offset: i32) -> Option<usize> {
    usize::try_from(j as i64 + (offset as i64 >> 2)).ok()
}

/// Alignment of a loop head's native code (the target of a backward branch or
/// `jal`), padded with NOPs that only a fall-through into the loop runs. 16
/// measured best on the peers' workloads (bench/README.md): keccak -3%, bignum
/// -2%; 32 made vm 7% slower.
pub(super) const LOOP_ALIGN: usize = 16;

/// Per instruction: whether a static branch or `jal` targets it, and whether
/// one at or after it does (a loop head).
pub(super) fn static_targets(module: &Module) -> (Vec<bool>, Vec<bool>) {
    let n = module.len();
    let (mut targets, mut heads) = (vec![false; n + 1], vec![false; n + 1]);
    for j in 0..n {
        if let Inst::Branch { offset, .. } | Inst::Jal { offset, .. } = module.inst_by_index(j) {
            if let Some(k) = jump_target(j, offset).filter(|&k| k <= n) {
                targets[k] = true;
                heads[k] |= offset <= 0;
            }
        }
    }
    (targets, heads)
}
