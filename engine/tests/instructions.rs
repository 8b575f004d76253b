//! One test per instruction family, including the RISC-V spec's edge cases.

mod common;

use common::{machine, ExitHost, BASE};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

const ECALL: Inst = Inst::Ecall;

/// Runs `insts` + ecall with the given initial registers; returns the machine.
fn run(insts: &[Inst], regs: &[(u8, u32)]) -> rivet_engine::Machine {
    let mut code = insts.to_vec();
    code.push(ECALL);
    let mut m = machine(&code, 1_000_000);
    for &(r, v) in regs {
        m.set_reg(r, v);
    }
    m.run(&mut ExitHost).expect("program exits");
    m
}

fn reg_op(op: RegOp, a: u32, b: u32) -> u32 {
    let m = run(
        &[Inst::Reg {
            op,
            rd: 3,
            rs1: 1,
            rs2: 2,
        }],
        &[(1, a), (2, b)],
    );
    m.reg(3)
}

fn imm_op(op: ImmOp, a: u32, imm: i32) -> u32 {
    let m = run(
        &[Inst::Imm {
            op,
            rd: 3,
            rs1: 1,
            imm,
        }],
        &[(1, a)],
    );
    m.reg(3)
}

const MIN: u32 = 0x8000_0000;
const NEG1: u32 = u32::MAX;

#[test]
fn add_sub_and_logic() {
    assert_eq!(reg_op(RegOp::Add, 5, 7), 12);
    assert_eq!(reg_op(RegOp::Add, u32::MAX, 2), 1);
    assert_eq!(reg_op(RegOp::Sub, 5, 7), (-2i32) as u32);
    assert_eq!(reg_op(RegOp::Sub, MIN, 1), 0x7fff_ffff);
    assert_eq!(reg_op(RegOp::Xor, 0b1100, 0b1010), 0b0110);
    assert_eq!(reg_op(RegOp::Or, 0b1100, 0b1010), 0b1110);
    assert_eq!(reg_op(RegOp::And, 0b1100, 0b1010), 0b1000);
}

#[test]
fn compares_signed_and_unsigned() {
    assert_eq!(reg_op(RegOp::Slt, NEG1, 1), 1);
    assert_eq!(reg_op(RegOp::Sltu, NEG1, 1), 0);
    assert_eq!(reg_op(RegOp::Slt, 1, 1), 0);
    assert_eq!(reg_op(RegOp::Sltu, 0, 1), 1);
    assert_eq!(imm_op(ImmOp::Slti, NEG1, 0), 1);
    assert_eq!(imm_op(ImmOp::Slti, 5, -3), 0);
    // sltiu compares against the sign-extended immediate as unsigned.
    assert_eq!(imm_op(ImmOp::Sltiu, 5, -1), 1);
    assert_eq!(imm_op(ImmOp::Sltiu, NEG1, -1), 0);
    assert_eq!(imm_op(ImmOp::Sltiu, 0, 1), 1); // seqz
}

#[test]
fn immediates_sign_extend() {
    assert_eq!(imm_op(ImmOp::Addi, 10, -2048), (10i32 - 2048) as u32);
    assert_eq!(imm_op(ImmOp::Addi, 10, 2047), 2057);
    assert_eq!(imm_op(ImmOp::Xori, 0x0f0f, -1), !0x0f0f);
    assert_eq!(imm_op(ImmOp::Ori, 0x100, -2048), 0xffff_f900);
    assert_eq!(imm_op(ImmOp::Andi, 0x1234_5678, -16), 0x1234_5670);
}

#[test]
fn shift_amounts_are_masked_to_five_bits() {
    assert_eq!(reg_op(RegOp::Sll, 1, 33), 2);
    assert_eq!(reg_op(RegOp::Srl, MIN, 33), 0x4000_0000);
    assert_eq!(reg_op(RegOp::Sra, MIN, 33), 0xc000_0000);
    assert_eq!(reg_op(RegOp::Sll, 1, 32), 1);
    assert_eq!(reg_op(RegOp::Srl, 0xf0, 0xffff_ffe4), 0xf); // 0x..e4 & 31 = 4
    assert_eq!(imm_op(ImmOp::Slli, 3, 31), MIN);
    assert_eq!(imm_op(ImmOp::Srli, NEG1, 31), 1);
    assert_eq!(imm_op(ImmOp::Srai, NEG1 - 1, 1), NEG1);
    assert_eq!(imm_op(ImmOp::Srai, 0x7fff_ffff, 30), 1);
}

#[test]
fn multiply_high_signs() {
    assert_eq!(reg_op(RegOp::Mul, 0x10000, 0x10000), 0);
    assert_eq!(reg_op(RegOp::Mul, NEG1, 3), (-3i32) as u32);
    assert_eq!(reg_op(RegOp::Mulh, NEG1, NEG1), 0); // (-1)(-1) = 1
    assert_eq!(reg_op(RegOp::Mulh, MIN, MIN), 0x4000_0000);
    assert_eq!(reg_op(RegOp::Mulh, NEG1, 1), NEG1);
    assert_eq!(reg_op(RegOp::Mulhu, NEG1, NEG1), 0xffff_fffe);
    assert_eq!(reg_op(RegOp::Mulhu, MIN, 2), 1);
    // mulhsu: rs1 signed, rs2 unsigned: -1 * (2^32 - 1) = -(2^32) + 1 -> high = -1
    assert_eq!(reg_op(RegOp::Mulhsu, NEG1, NEG1), NEG1);
    assert_eq!(reg_op(RegOp::Mulhsu, 2, NEG1), 1);
    assert_eq!(reg_op(RegOp::Mulhsu, MIN, MIN), 0xc000_0000);
}

#[test]
fn division_edge_cases() {
    assert_eq!(reg_op(RegOp::Div, 7, 0), NEG1);
    assert_eq!(reg_op(RegOp::Divu, 7, 0), NEG1);
    assert_eq!(reg_op(RegOp::Rem, 7, 0), 7);
    assert_eq!(reg_op(RegOp::Remu, 7, 0), 7);
    assert_eq!(reg_op(RegOp::Rem, (-7i32) as u32, 0), (-7i32) as u32);
    assert_eq!(reg_op(RegOp::Div, MIN, NEG1), MIN);
    assert_eq!(reg_op(RegOp::Rem, MIN, NEG1), 0);
    assert_eq!(reg_op(RegOp::Div, (-7i32) as u32, 2), (-3i32) as u32); // truncates
    assert_eq!(reg_op(RegOp::Rem, (-7i32) as u32, 2), NEG1);
    assert_eq!(reg_op(RegOp::Divu, (-7i32) as u32, 2), 0x7fff_fffc);
    assert_eq!(reg_op(RegOp::Remu, (-7i32) as u32, 2), 1);
}

#[test]
fn lui_and_auipc() {
    let m = run(
        &[Inst::Lui {
            rd: 5,
            imm: 0xdead_b000,
        }],
        &[],
    );
    assert_eq!(m.reg(5), 0xdead_b000);
    // auipc at BASE + 4.
    let m = run(
        &[
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 0,
                rs1: 0,
                imm: 0,
            },
            Inst::Auipc { rd: 6, imm: 0x1000 },
        ],
        &[],
    );
    assert_eq!(m.reg(6), BASE + 4 + 0x1000);
    let m = run(
        &[Inst::Auipc {
            rd: 6,
            imm: 0xffff_f000,
        }],
        &[],
    );
    assert_eq!(m.reg(6), BASE.wrapping_sub(0x1000));
}

#[test]
fn writes_to_x0_are_ignored() {
    let m = run(
        &[
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 0,
                rs1: 0,
                imm: 5,
            },
            Inst::Lui { rd: 0, imm: 0x1000 },
            Inst::Reg {
                op: RegOp::Add,
                rd: 0,
                rs1: 1,
                rs2: 1,
            },
            Inst::Load {
                op: LoadOp::Lw,
                rd: 0,
                rs1: 0,
                offset: 0,
            },
            Inst::Reg {
                op: RegOp::Add,
                rd: 3,
                rs1: 0,
                rs2: 0,
            },
        ],
        &[(1, 9)],
    );
    assert_eq!(m.reg(0), 0);
    assert_eq!(m.reg(3), 0);
    let mut m = machine(&[ECALL], 10);
    m.set_reg(0, 77);
    assert_eq!(m.reg(0), 0);
}

#[test]
fn loads_sign_and_zero_extend() {
    let load = |op, offset| {
        let code = [
            Inst::Load {
                op,
                rd: 3,
                rs1: 1,
                offset,
            },
            ECALL,
        ];
        let mut m = machine(&code, 1000);
        m.memory_mut()
            .write(0x100, &[0x80, 0xff, 0x34, 0x12, 0x7f])
            .unwrap();
        m.set_reg(1, 0x100);
        m.run(&mut ExitHost).unwrap();
        m.reg(3)
    };
    assert_eq!(load(LoadOp::Lb, 0), 0xffff_ff80);
    assert_eq!(load(LoadOp::Lbu, 0), 0x80);
    assert_eq!(load(LoadOp::Lb, 4), 0x7f);
    assert_eq!(load(LoadOp::Lh, 0), 0xffff_ff80);
    assert_eq!(load(LoadOp::Lhu, 0), 0xff80);
    assert_eq!(load(LoadOp::Lh, 2), 0x1234);
    assert_eq!(load(LoadOp::Lw, 0), 0x1234_ff80);
    // Misaligned inside memory is allowed, byte-wise little-endian.
    assert_eq!(load(LoadOp::Lw, 1), 0x7f12_34ff);
    assert_eq!(load(LoadOp::Lhu, 1), 0x34ff);
    // Negative offsets.
    let mut m = machine(
        &[
            Inst::Load {
                op: LoadOp::Lbu,
                rd: 3,
                rs1: 1,
                offset: -1,
            },
            ECALL,
        ],
        100,
    );
    m.memory_mut().write(0xff, &[0xab]).unwrap();
    m.set_reg(1, 0x100);
    m.run(&mut ExitHost).unwrap();
    assert_eq!(m.reg(3), 0xab);
}

#[test]
fn stores_write_the_low_bytes() {
    let m = run(
        &[
            Inst::Store {
                op: StoreOp::Sw,
                rs1: 1,
                rs2: 2,
                offset: 0,
            },
            Inst::Store {
                op: StoreOp::Sh,
                rs1: 1,
                rs2: 2,
                offset: 5,
            },
            Inst::Store {
                op: StoreOp::Sb,
                rs1: 1,
                rs2: 2,
                offset: -1,
            },
            Inst::Store {
                op: StoreOp::Sw,
                rs1: 1,
                rs2: 2,
                offset: 9,
            },
        ],
        &[(1, 0x200), (2, 0xa1b2_c3d4)],
    );
    let mem = m.memory().read(0x1ff, 14).unwrap();
    assert_eq!(
        mem,
        &[0xd4, 0xd4, 0xc3, 0xb2, 0xa1, 0, 0xd4, 0xc3, 0, 0, 0xd4, 0xc3, 0xb2, 0xa1]
    );
}

/// `beq`/`bne`/... taken and not taken: the taken path sets a3 = 2, fallthrough a3 = 1.
fn branch(op: BranchOp, a: u32, b: u32) -> bool {
    let code = [
        Inst::Branch {
            op,
            rs1: 1,
            rs2: 2,
            offset: 12,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 13,
            rs1: 0,
            imm: 1,
        },
        ECALL,
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 13,
            rs1: 0,
            imm: 2,
        },
        ECALL,
    ];
    let mut m = machine(&code, 100);
    m.set_reg(1, a);
    m.set_reg(2, b);
    m.run(&mut ExitHost).unwrap();
    match m.reg(13) {
        1 => false,
        2 => true,
        v => panic!("a3 = {v}"),
    }
}

#[test]
fn branches_both_ways() {
    use BranchOp::*;
    assert!(branch(Beq, 3, 3));
    assert!(!branch(Beq, 3, 4));
    assert!(branch(Bne, 3, 4));
    assert!(!branch(Bne, 3, 3));
    assert!(branch(Blt, NEG1, 0));
    assert!(!branch(Blt, 0, NEG1));
    assert!(!branch(Blt, 5, 5));
    assert!(branch(Bge, 5, 5));
    assert!(branch(Bge, 0, NEG1));
    assert!(!branch(Bge, NEG1, 0));
    assert!(branch(Bltu, 0, NEG1));
    assert!(!branch(Bltu, NEG1, 0));
    assert!(branch(Bgeu, NEG1, 0));
    assert!(!branch(Bgeu, 0, NEG1));
    assert!(branch(Bgeu, 7, 7));
}

#[test]
fn backward_branch_loops() {
    // a0 = sum 1..=10 with a backward bne.
    let code = [
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 5,
            rs1: 0,
            imm: 10,
        },
        Inst::Reg {
            op: RegOp::Add,
            rd: 10,
            rs1: 10,
            rs2: 5,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 5,
            rs1: 5,
            imm: -1,
        },
        Inst::Branch {
            op: BranchOp::Bne,
            rs1: 5,
            rs2: 0,
            offset: -8,
        },
        ECALL,
    ];
    let mut m = machine(&code, 1000);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 55);
}

#[test]
fn jal_links_and_jumps() {
    let code = [
        Inst::Jal { rd: 1, offset: 8 },
        ECALL, // skipped
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 1,
            imm: 0,
        },
        ECALL,
    ];
    let mut m = machine(&code, 100);
    assert_eq!(m.run(&mut ExitHost).unwrap(), BASE + 4);
    // jal x0 backwards and forwards.
    let code = [
        Inst::Jal { rd: 0, offset: 12 },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 9,
        },
        ECALL,
        Inst::Jal { rd: 0, offset: -8 },
    ];
    let mut m = machine(&code, 100);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 9);
    assert_eq!(m.reg(0), 0);
}

#[test]
fn jalr_clears_the_low_bit_and_links_after_reading_rs1() {
    // jalr ra, 5(ra) with ra = BASE + 7 - 5 + ... : target (BASE+12+1) & !1 = BASE+12.
    let code = [
        Inst::Jalr {
            rd: 1,
            rs1: 1,
            offset: 1,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 1,
        },
        ECALL,
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 2,
        },
        ECALL,
    ];
    let mut m = machine(&code, 100);
    m.set_reg(1, BASE + 12);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 2);
    assert_eq!(m.reg(1), BASE + 4);
    // jalr x0 with a negative offset: no link, ra untouched.
    let code = [
        Inst::Jalr {
            rd: 0,
            rs1: 2,
            offset: -7,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 1,
        },
        ECALL,
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 2,
        },
        ECALL,
    ];
    let mut m = machine(&code, 100);
    m.set_reg(2, BASE + 12 + 7);
    m.set_reg(1, 0x55);
    assert_eq!(m.run(&mut ExitHost).unwrap(), 2);
    assert_eq!(m.reg(1), 0x55);
    assert_eq!(m.reg(0), 0);
}

#[test]
fn fence_is_a_nop_and_ecall_continues() {
    let code = [
        Inst::Fence,
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 0,
            imm: 4,
        },
        ECALL, // a7 = 0: continue
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 10,
            rs1: 10,
            imm: 1,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 17,
            rs1: 0,
            imm: 93,
        },
        ECALL,
    ];
    let mut m = machine(&code, 1000);
    let mut host = common::CountHost::default();
    assert_eq!(m.run(&mut host).unwrap(), 5);
    assert_eq!(host.calls, 2);
}

#[test]
fn rv32e_programs_run_with_sixteen_registers() {
    use rivet_engine::{Machine, Module};
    use std::sync::Arc;
    let p = common::program(
        rivet_format::program::Isa::Rv32em,
        &[
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 15,
                rs1: 2,
                imm: -16,
            },
            Inst::Imm {
                op: ImmOp::Addi,
                rd: 10,
                rs1: 15,
                imm: 0,
            },
            ECALL,
        ],
    );
    let module = Arc::new(Module::new(&p).unwrap());
    let mut m = Machine::from_program(&p, module, 100).unwrap();
    assert_eq!(m.run(&mut ExitHost).unwrap(), 0x1_0000 - 16);
}

#[test]
fn traced_run_sees_every_instruction_in_order() {
    let code = [
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 5,
            rs1: 0,
            imm: 3,
        },
        Inst::Imm {
            op: ImmOp::Addi,
            rd: 5,
            rs1: 5,
            imm: -1,
        },
        Inst::Branch {
            op: BranchOp::Bne,
            rs1: 5,
            rs2: 0,
            offset: -4,
        },
        ECALL,
    ];
    let mut m = machine(&code, 1000);
    let mut seen = Vec::new();
    m.run_traced(&mut ExitHost, &mut |pc, inst| seen.push((pc, inst)))
        .unwrap();
    let pcs: Vec<u32> = seen.iter().map(|(pc, _)| pc - BASE).collect();
    assert_eq!(pcs, [0, 4, 8, 4, 8, 4, 8, 12]);
    assert_eq!(seen[0].1, code[0]);
    assert_eq!(seen[7].1, ECALL);
}
