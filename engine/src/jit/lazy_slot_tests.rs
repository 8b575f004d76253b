//! Slot stores left out (see `lazy_slot`): random chains of ALU instructions
//! that overwrite one register, each reading it or not, in every form the
//! emitters have (`rd op= rs`, `rd = rs op rd`, three operands, immediates,
//! constants, comparisons, shifts), ended by each kind of reader: a store of
//! it or through it, a load through it or into it (both may fault), a branch
//! on it, a register shift or comparison reading it (which write `rcx`
//! first), a division, the compiler's bounds check into the next block of its
//! chain, a fused idiom (one reading it, one starting with an
//! overwrite of it), an `ecall`, a jump, a leader; links that emit no code
//! (`addi r, r, 0`) leave the slot stale into whatever follows. Entered at
//! random instructions with random gas, under random pinnings (one leaves every
//! register in its slot), on both memory kinds, against the interpreter.

use super::test_support::{imm, lw, random_programs_match_the_interpreter, reg, sw, Rng};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, RegOp};

/// One link of a chain on `r`: an instruction that overwrites `r` (most read it),
/// or one between two such that reads it into another register.
fn link(rng: &mut Rng, r: u8, other: u8) -> Inst {
    let k = rng.below(32) as i32;
    let c = rng.next() as i32 >> 20;
    match rng.below(29) {
        // sp moves (its pages are marked right after the write).
        28 => imm(ImmOp::Addi, 2, 2, if c < 0 { -16 } else { 16 }),
        // Between a store left out and the overwrite: instructions into another
        // register that read r (they pass it by when that register is pinned),
        // and ones that write rcx (a comparison, a register shift).
        20 => reg(RegOp::Add, other, other, r),
        21 => reg(RegOp::Sub, other, r, other),
        22 => imm(ImmOp::Addi, other, r, c),
        23 => imm(ImmOp::Slli, other, r, k),
        24 => reg(RegOp::Mul, other, r, other),
        25 => imm(ImmOp::Slti, other, r, c),
        26 => reg(RegOp::Sll, other, r, other),
        27 => reg(RegOp::Xor, 0, r, other),
        // Loads that may fault (x8 holds anything), one through r itself.
        18 => lw(r, 8, 4 * rng.below(3) as i32),
        19 => lw(r, r, 0),
        // No code at all: the slot stays stale into the next instruction.
        16 => imm(ImmOp::Addi, r, r, 0),
        17 => imm(ImmOp::Xori, r, r, 0),
        0 => imm(ImmOp::Addi, r, r, c),
        1 => imm(ImmOp::Xori, r, r, c),
        2 => imm(ImmOp::Ori, r, r, c),
        3 => imm(ImmOp::Andi, r, r, c),
        4 => imm(ImmOp::Sltiu, r, r, c),
        5 => imm(ImmOp::Slli, r, r, k),
        6 => imm(ImmOp::Srai, r, r, k),
        7 => reg(RegOp::Add, r, r, other),
        8 => reg(RegOp::Sub, r, other, r),
        9 => reg(RegOp::Xor, r, other, r),
        10 => reg(RegOp::Mul, r, r, r),
        11 => reg(RegOp::And, r, other, other),
        12 => imm(ImmOp::Addi, r, other, c),
        13 => imm(ImmOp::Addi, r, 0, c),
        14 => Inst::Lui {
            rd: r,
            imm: (rng.next() as u32) & !0xfff,
        },
        _ => reg(RegOp::Or, r, r, other),
    }
}

/// What reads `r` after a chain (or overwrites it without reading it through
/// `rcx` first).
fn reader(rng: &mut Rng, r: u8, other: u8, code: &mut Vec<Inst>) {
    let base = 8;
    match rng.below(16) {
        // The compiler's bounds check (a branch on gp to a trap stub), then a
        // load through r in the next block of the check's chain (the `rcx`
        // mirror of r survives into it), a jump over the stub, the stub.
        15 => code.extend([
            imm(ImmOp::Addi, 5, r, 4),
            Inst::Branch {
                op: BranchOp::Bltu,
                rs1: 3,
                rs2: 5,
                offset: 12,
            },
            lw(other, r, 0),
            Inst::Jal { rd: 0, offset: 12 },
            imm(ImmOp::Addi, 10, 0, 3),
            Inst::Jal { rd: 0, offset: 4 },
        ]),
        0 => code.push(sw(base, r, 4 * rng.below(4) as i32)),
        1 => code.push(sw(r, other, 0)),
        2 => code.push(lw(other, r, 0)),
        3 => code.push(lw(r, base, 0)),
        4 => code.push(Inst::Branch {
            op: BranchOp::Beq,
            rs1: r,
            rs2: 0,
            offset: 4,
        }),
        5 => code.push(reg(RegOp::Sll, r, r, other)),
        6 => code.push(reg(RegOp::Sltu, r, r, other)),
        7 => code.push(reg(RegOp::Divu, r, r, other)),
        // An i32 rotate (one fused group) of r into r.
        8 => code.extend([
            imm(ImmOp::Slli, 5, r, 7),
            imm(ImmOp::Srli, r, r, 25),
            reg(RegOp::Or, r, r, 5),
        ]),
        9 => code.push(Inst::Ecall),
        10 => code.push(Inst::Jal { rd: 0, offset: 4 }),
        11 => code.push(reg(RegOp::Add, other, other, r)),
        12 => code.push(reg(RegOp::Srl, other, r, other)),
        // An i64 add (one fused group) whose low word is r += other.
        13 => code.extend([
            reg(RegOp::Add, r, r, other),
            reg(RegOp::Sltu, 5, r, other),
            reg(RegOp::Add, 3, 3, 4),
            reg(RegOp::Add, 3, 3, 5),
        ]),
        _ => code.push(Inst::Ebreak),
    }
}

#[test]
fn left_out_slot_stores_match_the_interpreter() {
    random_programs_match_the_interpreter(0x6c61_7a79_0001, &[3, 40, 10_000], |rng, regs, code| {
        let r = 6 + rng.below(regs - 6) as u8;
        let other = 6 + rng.below(regs - 6) as u8;
        for _ in 0..1 + rng.below(5) {
            code.push(link(rng, r, other));
        }
        reader(rng, r, other, code);
    });
}
