//! Random programs of select hammocks (a branch over one `addi`, or two) and near misses,
//! entered dynamically at every instruction, with little gas (running out in the
//! move's block and in the target's), under random pinnings, against the
//! interpreter: registers, pc, gas and memory must be equal.

use super::test_support::{
    assert_native_matches, program_of, random_programs_match_the_interpreter, Continue, Rng,
};
use crate::machine::Machine;
use crate::module::Module;
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, RegOp};
use std::sync::Arc;

/// A select (`b<op> x, y, +8; addi rd, rs, imm`, or `+12` over two `addi`s),
/// usually after the comparison that feeds it; sometimes a near miss (another
/// offset, a move that is no `addi`, sp or gp involved) or plain arithmetic.
fn chunk(rng: &mut Rng, regs: u64, out: &mut Vec<Inst>) {
    // Few registers half of the time: rd = rs = x = y overlaps become common.
    let pool = if rng.below(2) == 0 { 5 } else { regs - 1 };
    let r = |rng: &mut Rng| 1 + rng.below(pool) as u8;
    let (x, y, rd, rs) = (r(rng), r(rng), r(rng), r(rng));
    let op = BranchOp::ALL[rng.below(6) as usize];
    let y = if rng.below(4) == 0 { 0 } else { y };
    let rs = if rng.below(8) == 0 { 0 } else { rs };
    let imm = [0, 0, 0, 1, -1, 2047, -2048][rng.below(7) as usize];
    if rng.below(2) == 0 {
        out.push(Inst::Reg {
            op: RegOp::Sltu,
            rd: x,
            rs1: r(rng),
            rs2: r(rng),
        });
    }
    let mut branch = Inst::Branch {
        op,
        rs1: x,
        rs2: y,
        offset: 8,
    };
    let mut mv = Inst::Imm {
        op: ImmOp::Addi,
        rd,
        rs1: rs,
        imm,
    };
    // An i64 select: a second move (often reading the first one's register).
    let two = rng.below(3) == 0;
    let second = Inst::Imm {
        op: ImmOp::Addi,
        rd: r(rng),
        rs1: if rng.below(2) == 0 { rd } else { r(rng) },
        imm: [0, 0, 5][rng.below(3) as usize],
    };
    if two {
        branch = Inst::Branch {
            op,
            rs1: x,
            rs2: y,
            offset: 12,
        };
    }
    match rng.below(10) {
        0 => {
            branch = Inst::Branch {
                op,
                rs1: x,
                rs2: y,
                offset: if two { 8 } else { 12 },
            }
        }
        1 => {
            mv = Inst::Reg {
                op: RegOp::Add,
                rd,
                rs1: rs,
                rs2: x,
            }
        }
        2 => {
            // gp (x3) compared, or sp (x2) moved.
            if rng.below(2) == 0 {
                branch = Inst::Branch {
                    op,
                    rs1: 3,
                    rs2: y,
                    offset: 8,
                };
            } else {
                mv = Inst::Imm {
                    op: ImmOp::Addi,
                    rd: 2,
                    rs1: rs,
                    imm: imm & !15,
                };
            }
        }
        3 => out.push(Inst::Ecall),
        _ => {}
    }
    out.extend([branch, mv]);
    if two {
        out.push(second);
    }
    // What follows reads rd (so a wrong move shows in more than one register).
    out.push(Inst::Reg {
        op: RegOp::Add,
        rd: r(rng),
        rs1: rd,
        rs2: r(rng),
    });
}

#[test]
fn random_selects_match_the_interpreter_at_every_entry_and_gas() {
    // Small budgets run out inside the hammocks: at the moves' block, at the
    // target's, at the branch's own.
    let gases = [1, 2, 3, 4, 5, 6, 7, 9, 12, 1000];
    random_programs_match_the_interpreter(0x5e1e_c700_0000_0001, &gases, chunk);
}

#[test]
fn a_select_runs_without_a_branch_to_its_move() {
    // beq a0, a1, +8; addi a2, a3, 5; ebreak: the native code of the branch
    // jumps only to the out-of-gas stub and the target block, never to the move.
    let code = [
        Inst::Branch {
            op: BranchOp::Beq,
            rs1: 10,
            rs2: 11,
            offset: 8,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 12,
            rs1: 13,
            imm: 5,
        },
        Inst::Ebreak,
    ];
    let p = program_of(Isa::Rv32em, &code, 0x100, vec![]);
    let module = Module::new(&p).unwrap();
    let mut t = super::translate::Tr::new(&module, super::pins::Pins::new(&[12, 13], 16), false);
    assert_eq!(t.fuse_select(0), Some(1));
    let bytes = &t.a.buf;
    // 0F 4x: a cmov; no jcc other than the one jb (0F 82) to the charge stub.
    assert!(bytes
        .windows(2)
        .any(|w| w[0] == 0x0f && w[1] & 0xf0 == 0x40));
    let jccs = bytes
        .windows(2)
        .filter(|w| w[0] == 0x0f && w[1] & 0xf0 == 0x80)
        .count();
    assert_eq!(jccs, 1, "{bytes:02x?}");
    // Run both ways: taken (a0 == a1) and not.
    for (a0, a1) in [(1, 1), (1, 2)] {
        let module = Arc::new(Module::new(&p).unwrap());
        let setup = |m: &mut Machine| {
            m.set_reg(10, a0);
            m.set_reg(11, a1);
            m.set_reg(12, 7);
            m.set_reg(13, 100);
        };
        let pinnings: [&[u8]; 3] = [&[12, 13], &[], &[10, 11]];
        for gas in [1, 2, 3, 100] {
            assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, setup, || {
                format!("a0 {a0}, a1 {a1}, gas {gas}")
            });
        }
    }
}
