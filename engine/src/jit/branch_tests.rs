//! Random programs of ALU ops followed by branches on zero (counted loops, bit
//! tests, register-register ops, compares into a register, read-modify-write
//! of unpinned registers) and
//! near misses (another register, a nop between, the branch a jump target),
//! entered dynamically at every instruction, under random pinnings, against the
//! interpreter: registers, pc, gas and memory must be equal.

use super::test_support::{addi, imm, random_programs_match_the_interpreter, reg, Rng};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, RegOp};

fn on_zero(rs1: u8, offset: i32, eq: bool) -> Inst {
    Inst::Branch {
        op: if eq { BranchOp::Beq } else { BranchOp::Bne },
        rs1,
        rs2: 0,
        offset,
    }
}

/// One ALU op and a branch on zero of (usually) its result.
fn chunk(rng: &mut Rng, regs: u64, out: &mut Vec<Inst>) {
    let pool = if rng.below(2) == 0 { 5 } else { regs - 1 };
    let r = |rng: &mut Rng| 1 + rng.below(pool) as u8;
    let (a, b, d) = (r(rng), r(rng), r(rng));
    let eq = rng.below(2) == 0;
    let small = [0, 1, -1, 2, -2, 31, 0x7ff][rng.below(7) as usize];
    match rng.below(9) {
        // A counted loop: the branch jumps back to its own decrement.
        0 => out.extend([addi(a, a, -1 - rng.below(2) as i32), on_zero(a, -4, false)]),
        // A bit test over a block of one instruction.
        1 => out.extend([
            imm(ImmOp::Andi, d, a, small),
            on_zero(d, 8, eq),
            addi(b, b, 1),
        ]),
        // A register-register op, its result often one of its operands.
        2 => {
            let op = [
                RegOp::Add,
                RegOp::Sub,
                RegOp::And,
                RegOp::Or,
                RegOp::Xor,
                RegOp::Mul,
                RegOp::Sltu,
                RegOp::Sll,
            ][rng.below(8) as usize];
            let d = [d, a, b][rng.below(3) as usize];
            out.extend([
                reg(op, d, a, b),
                on_zero(d, 8, eq),
                imm(ImmOp::Xori, a, a, 5),
            ]);
        }
        // An immediate op in place or into another register (imm 0: a move).
        3 => {
            let op = [
                ImmOp::Addi,
                ImmOp::Xori,
                ImmOp::Ori,
                ImmOp::Andi,
                ImmOp::Slli,
            ][rng.below(5) as usize];
            let s = if rng.below(2) == 0 { d } else { a };
            let k = if op == ImmOp::Slli { small & 31 } else { small };
            out.extend([imm(op, d, s, k), on_zero(d, 8, eq), addi(b, b, 1)]);
        }
        // Near misses: another register, or a nop between.
        4 => out.extend([addi(d, d, small), on_zero(a, 8, eq), addi(b, b, 1)]),
        5 => out.extend([
            addi(d, d, small),
            addi(0, 0, 0),
            on_zero(d, 8, eq),
            addi(b, b, 1),
        ]),
        // A fused group between (an i64 add: `add`/`adc` set the flags anew).
        6 => {
            let (e, f, t) = (r(rng), r(rng), r(rng));
            out.extend([
                addi(d, d, small),
                reg(RegOp::Add, a, a, b),
                reg(RegOp::Sltu, t, a, b),
                reg(RegOp::Add, e, e, f),
                reg(RegOp::Add, e, e, t),
                on_zero(d, 8, eq),
                addi(b, b, 1),
            ]);
        }
        // A compare into a register, then a branch on it (the compiler's
        // `x < k` ahead of an `if`): the branch takes the compare's condition.
        7 => {
            let cmp = match rng.below(4) {
                0 => imm(ImmOp::Slti, d, a, small),
                1 => imm(ImmOp::Sltiu, d, a, small),
                2 => reg(RegOp::Slt, d, a, b),
                _ => reg(RegOp::Sltu, d, a, b),
            };
            out.extend([cmp, on_zero(d, 8, eq), addi(b, b, 1)]);
        }
        // The branch is a jump target (a leader): it must compare itself.
        _ => out.extend([
            on_zero(b, 8, !eq),
            addi(d, d, small),
            on_zero(d, 8, eq),
            addi(a, a, 1),
        ]),
    }
}

#[test]
fn branches_on_zero_match_the_interpreter_at_every_entry() {
    random_programs_match_the_interpreter(0xf1a9_5eed_0000_0001, &[3, 20, 1000], chunk);
}
