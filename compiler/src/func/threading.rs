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

use crate::asm::Asm;
use rivet_format::rv32::{branch_offset, fits_signed, jal_offset, opcode, Inst};

/// Jumps followed from one target at most (a cycle of jumps ends the walk).
const MAX_HOPS: usize = 8;

/// Threads the jumps and branches the function in words `lo..` of `asm` emitted
/// (`asm.jumps[from..]`, dropped afterwards).
pub(crate) fn thread_jumps(asm: &mut Asm, from: usize, lo: usize) {
    let hi = asm.code.len();
    for k in from..asm.jumps.len() {
        thread_one(&mut asm.code, asm.jumps[k] as usize, lo, hi);
    }
    asm.jumps.truncate(from);
}

/// Threads the jump or branch at word `i` (nothing if it is neither: the code
/// there may have been taken back and rewritten since it was recorded). Most
/// branches are bounds checks whose target is a trap stub, not a jump: the
/// target is found from the offset bits alone, and only a chain is decoded.
fn thread_one(code: &mut [u32], i: usize, lo: usize, hi: usize) {
    if !(lo..hi).contains(&i) {
        return;
    }
    let w = code[i];
    let (offset, width) = match w & 0x7f {
        opcode::JAL if w & 0xf80 == 0 => (jal_offset(w), 21),
        opcode::BRANCH => (branch_offset(w), 13),
        _ => return,
    };
    let Some(target) = jump_target(i, offset) else {
        return;
    };
    let end = follow(code, lo, hi, target);
    if end == target {
        return;
    }
    let Ok(off) = i32::try_from(4 * (end as i64 - i as i64)) else {
        return;
    };
    if !fits_signed(off, width) {
        return;
    }
    code[i] = match Inst::decode(w) {
        Ok(Inst::Jal { rd, .. }) => Inst::Jal { rd, offset: off },
        Ok(Inst::Branch { op, rs1, rs2, .. }) => Inst::Branch {
            op,
            rs1,
            rs2,
            offset: off,
        },
        _ => return,
    }
    .encode();
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
        // Only a `jal` with rd = x0 (bits 7..12 zero) is followed.
        if !(lo..hi).contains(&t) || code[t] & 0xfff != opcode::JAL {
            break;
        }
        match jump_target(t, jal_offset(code[t])) {
            Some(n) if n != t => t = n,
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

    /// `code` after threading every jump and branch in it from word `lo` on.
    fn threaded(code: Vec<u32>, lo: usize) -> Vec<u32> {
        let jumps = (0..code.len() as u32).collect();
        let mut asm = Asm { code, jumps };
        thread_jumps(&mut asm, 0, lo);
        asm.code
    }

    #[test]
    fn chains_collapse_to_their_end() {
        // 0: beq -> 2; 1: jal -> 2; 2: jal -> 4; 3: nop; 4: jal -> 5; 5: nop
        let code = vec![beq(8), jal(4), jal(8), NOP, jal(4), NOP];
        assert_eq!(
            threaded(code, 0),
            vec![beq(20), jal(16), jal(12), NOP, jal(4), NOP]
        );
    }

    #[test]
    fn calls_and_cycles_are_left_alone() {
        let call = Inst::Jal { rd: 1, offset: 4 }.encode();
        // 0: call -> 1 (a jal); 1: jal -> 1 (itself).
        let code = vec![call, jal(0)];
        let mut asm = Asm {
            code: code.clone(),
            jumps: vec![0, 1],
        };
        thread_jumps(&mut asm, 0, 0);
        assert_eq!(asm.code, code);
        assert!(asm.jumps.is_empty(), "drained");
        // A cycle of two jumps stays a cycle of jumps.
        let cyc = threaded(vec![jal(4), jal(-4)], 0);
        assert!(cyc
            .iter()
            .all(|&w| matches!(Inst::decode(w), Ok(Inst::Jal { rd: 0, .. }))));
    }

    #[test]
    fn a_branch_keeps_its_target_when_the_end_is_out_of_reach() {
        // beq -> 1 (a jal 8 KiB ahead): 13 bits cannot reach it.
        let mut code = vec![beq(4), jal(8192), NOP];
        code.resize(2 + 2048 + 2, NOP);
        let before = code[0];
        assert_eq!(threaded(code, 0)[0], before);
    }

    #[test]
    fn only_the_functions_own_words_are_threaded() {
        // Word 0 belongs to an earlier function: its jump is left as it is,
        // and word 1's chain is followed only from lo = 1 on.
        let code = vec![jal(4), jal(4), jal(4), NOP];
        assert_eq!(threaded(code, 1), vec![jal(4), jal(8), jal(4), NOP]);
    }
}
