//! Jump threading, once a function's code is final: a `jal zero` or a
//! conditional branch whose target is itself a `jal zero` goes straight to where
//! that jump leads (following up to [`MAX_HOPS`] jumps, within the function).
//!
//! Wasm's structured control makes such chains common: a `br` out of a nested
//! block lands on the `jal` that closes the enclosing `if`, and a `br_table`
//! entry (a `jal` of the jump table) lands on the trampoline of a target that
//! carries no values, itself one `jal`. Each skipped jump is one instruction
//! (one unit of gas, one interpreter dispatch, one native jump with its block's
//! gas check) less on that path; the code and its size are otherwise unchanged.
//! A retargeted offset must fit the instruction's field (13 bits for branches,
//! 21 for `jal`), else the jump keeps its target. Calls (`jal ra`) and jumps
//! leaving the function (to the module's trap code) are never touched.

use rivet_format::rv32::{fits_signed, Inst};

/// Jumps followed from one target at most (a cycle of jumps ends the walk).
const MAX_HOPS: usize = 8;

/// Threads every jump and branch of the function in words `lo..hi` of `code`.
pub(crate) fn thread_jumps(code: &mut [u32], lo: usize, hi: usize) {
    for i in lo..hi {
        let Ok(inst) = Inst::decode(code[i]) else {
            continue;
        };
        let (offset, width) = match inst {
            Inst::Jal { rd: 0, offset } => (offset, 21),
            Inst::Branch { offset, .. } => (offset, 13),
            _ => continue,
        };
        let Some(target) = jump_target(i, offset) else {
            continue;
        };
        let end = follow(code, lo, hi, target);
        if end == target {
            continue;
        }
        let off = 4 * (end as i64 - i as i64);
        let Ok(off) = i32::try_from(off) else {
            continue;
        };
        if !fits_signed(off, width) {
            continue;
        }
        code[i] = match inst {
            Inst::Jal { rd, .. } => Inst::Jal { rd, offset: off },
            Inst::Branch { op, rs1, rs2, .. } => Inst::Branch {
                op,
                rs1,
                rs2,
                offset: off,
            },
            _ => unreachable!("only jumps and branches are threaded"),
        }
        .encode();
    }
}

/// Word index of the target of the jump at word `i` with byte `offset`.
fn jump_target(i: usize, offset: i32) -> Option<usize> {
    let t = i as i64 + (offset as i64) / 4;
    usize::try_from(t).ok()
}

/// Where control that enters word `t` ends up after the `jal zero`s it meets
/// (inside `lo..hi`, at most [`MAX_HOPS`] of them).
fn follow(code: &[u32], lo: usize, hi: usize, mut t: usize) -> usize {
    for _ in 0..MAX_HOPS {
        if !(lo..hi).contains(&t) {
            break;
        }
        match Inst::decode(code[t]) {
            Ok(Inst::Jal { rd: 0, offset }) => match jump_target(t, offset) {
                Some(n) if n != t => t = n,
                _ => break,
            },
            _ => break,
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use rivet_format::rv32::BranchOp;

    fn jal(offset: i32) -> u32 {
        Inst::Jal { rd: 0, offset }.encode()
    }

    fn beq(offset: i32) -> u32 {
        Inst::Branch {
            op: BranchOp::Beq,
            rs1: 10,
            rs2: 0,
            offset,
        }
        .encode()
    }

    const NOP: u32 = 0x0000_0013;

    #[test]
    fn chains_collapse_to_their_end() {
        // 0: beq -> 2; 1: jal -> 2; 2: jal -> 4; 3: nop; 4: jal -> 5; 5: nop
        let mut code = vec![beq(8), jal(4), jal(8), NOP, jal(4), NOP];
        thread_jumps(&mut code, 0, 6);
        assert_eq!(code, vec![beq(20), jal(16), jal(12), NOP, jal(4), NOP]);
    }

    #[test]
    fn calls_cycles_and_other_functions_are_left_alone() {
        let call = Inst::Jal { rd: 1, offset: 4 }.encode();
        // 0: call -> 1 (a jal); 1: jal -> 1 (itself); 2: jal -> 3, outside lo..hi.
        let mut code = vec![call, jal(0), jal(4), jal(-12)];
        let before = code.clone();
        thread_jumps(&mut code, 0, 3);
        assert_eq!(code, before);
        // A two-jump cycle stays a cycle (each jump then targets itself's
        // partner's partner: itself).
        let mut cyc = vec![jal(4), jal(-4)];
        thread_jumps(&mut cyc, 0, 2);
        assert!(cyc
            .iter()
            .all(|&w| matches!(Inst::decode(w), Ok(Inst::Jal { rd: 0, .. }))));
    }

    #[test]
    fn a_branch_keeps_its_target_when_the_end_is_out_of_reach() {
        // beq -> 1 (a jal 8 KiB ahead): 13 bits cannot reach it.
        let mut code = vec![beq(4), jal(8192), NOP];
        code.resize(2 + 2048 + 2, NOP);
        let (before, n) = (code[0], code.len());
        thread_jumps(&mut code, 0, n);
        assert_eq!(code[0], before);
    }
}
