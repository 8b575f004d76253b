//! Which op [`super::fuse`] makes of the compiler's address-then-access and
//! `br_table` sequences (unit tests: the op array is the crate's own). What the
//! ops compute is tested against native code and the trace in `tests/`.

use crate::module::Module;
use crate::op::Op;
use rivet_format::program::{Isa, Program};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

const ADD_A1: Inst = Inst::Reg {
    op: RegOp::Add,
    rd: 11,
    rs1: 12,
    rs2: 11,
};
const LW: Inst = Inst::Load {
    op: LoadOp::Lw,
    rd: 10,
    rs1: 11,
    offset: 0,
};

/// The ops of `code` (memory 64 KiB), charges left out.
fn ops_of(code: &[Inst]) -> Vec<Op> {
    let program = Program {
        isa: Isa::Rv32im,
        code_base: 0x1000,
        code: code.iter().map(|i| i.encode()).collect(),
        entry: 0x1000,
        memory_size: 0x1_0000,
        stack_top: 0x1_0000,
        data: vec![],
    };
    let module = Module::new(&program).expect("validates");
    let charge = |op: &&Op| matches!(op, Op::Charge { .. });
    module
        .ops
        .iter()
        .filter(|op| !charge(op))
        .copied()
        .collect()
}

/// `lui a1, 0x2000; add a1, a2, a1`, then `access`: checked when `check`.
fn table(check: bool) -> Vec<Inst> {
    let mut code = vec![
        Inst::Lui {
            rd: 11,
            imm: 0x2000,
        },
        ADD_A1,
    ];
    if check {
        let addi = Inst::Imm {
            op: ImmOp::Addi,
            rd: 5,
            rs1: 11,
            imm: 4,
        };
        let bltu = Inst::Branch {
            op: BranchOp::Bltu,
            rs1: 3,
            rs2: 5,
            offset: 12,
        };
        code.extend([addi, bltu]);
    }
    code.extend([LW, Inst::Ecall, Inst::Ebreak]);
    code
}

#[test]
fn an_address_then_its_checked_access_is_one_op() {
    let ops = ops_of(&table(true));
    assert!(
        matches!(
            ops[0],
            Op::LiAddChk {
                rd: 11,
                rs1: 12,
                skip: 1,
                imm: 0x2000
            }
        ),
        "{ops:?}"
    );
    // The checked access stays in place (a dynamic entry there runs it alone).
    assert!(matches!(ops[2], Op::ChkLw { .. }), "{ops:?}");
    let mut element = table(true);
    element[0] = Inst::Imm {
        op: ImmOp::Slli,
        rd: 11,
        rs1: 12,
        imm: 2,
    };
    let ops = ops_of(&element);
    assert!(
        matches!(
            ops[0],
            Op::SlliAddChk {
                rd: 11,
                rs1: 12,
                imm: 2
            }
        ),
        "{ops:?}"
    );
}

#[test]
fn an_address_before_an_unchecked_access_stays_as_it_was() {
    let ops = ops_of(&table(false));
    assert!(matches!(ops[0], Op::LiAdd { .. }), "{ops:?}");
}

#[test]
fn the_br_table_dispatch_is_one_op() {
    let code = [
        Inst::Imm {
            op: ImmOp::Slli,
            rd: 5,
            rs1: 12,
            imm: 2,
        },
        Inst::Auipc { rd: 4, imm: 0 },
        Inst::Reg {
            op: RegOp::Add,
            rd: 5,
            rs1: 5,
            rs2: 4,
        },
        Inst::Jalr {
            rd: 0,
            rs1: 5,
            offset: 12,
        },
        Inst::Jal { rd: 0, offset: 4 },
        Inst::Ecall,
    ];
    let ops = ops_of(&code);
    assert!(
        matches!(
            ops[0],
            Op::BrTable {
                t: 5,
                idx: 12,
                u: 4,
                imm: 0x1004
            }
        ),
        "{ops:?}"
    );
}

const fn branch(op: BranchOp, rs1: u8, rs2: u8, offset: i32) -> Inst {
    Inst::Branch {
        op,
        rs1,
        rs2,
        offset,
    }
}

const LBU: Inst = Inst::Load {
    op: LoadOp::Lbu,
    rd: 10,
    rs1: 11,
    offset: 0,
};

#[test]
fn a_check_ending_its_block_takes_the_next_blocks_first_op_with_it() {
    let bgeu = branch(BranchOp::Bgeu, 11, 3, 12);
    let ops = ops_of(&[bgeu, LBU, Inst::Ecall, Inst::Ebreak]);
    assert!(
        matches!(
            ops[..2],
            [
                Op::BgeuLbu {
                    rs1: 11,
                    rs2: 3,
                    ..
                },
                Op::Lbu { .. }
            ]
        ),
        "{ops:?}"
    );
    // After an `addi` the pair is the `addi` and the check; with an `sb` after it
    // that pair takes the store too, and the check stays in place for it.
    let li = Inst::Imm {
        op: ImmOp::Addi,
        rd: 12,
        rs1: 0,
        imm: 1,
    };
    let sb = Inst::Store {
        op: StoreOp::Sb,
        rs1: 11,
        rs2: 12,
        offset: 0,
    };
    let ops = ops_of(&[li, bgeu, sb, Inst::Ecall, Inst::Ebreak]);
    assert!(
        matches!(
            ops[..3],
            [
                Op::AddiBgeuSb { rd: 12, .. },
                Op::Bgeu { .. },
                Op::Sb { .. }
            ]
        ),
        "{ops:?}"
    );
    let ops = ops_of(&[li, bgeu, LBU, Inst::Ecall, Inst::Ebreak]);
    assert!(
        matches!(ops[..2], [Op::AddiBgeu { .. }, Op::Bgeu { .. }]),
        "{ops:?}"
    );
    // Anything else after the check: a plain branch.
    let ops = ops_of(&[bgeu, li, Inst::Ecall, Inst::Ebreak]);
    assert!(matches!(ops[0], Op::Bgeu { .. }), "{ops:?}");
}

#[test]
fn the_two_checks_of_a_far_access_chain_into_one_op() {
    let lbu = Inst::Load {
        op: LoadOp::Lbu,
        rd: 10,
        rs1: 5,
        offset: -1,
    };
    let checks = [
        branch(BranchOp::Bltu, 5, 11, 16),
        branch(BranchOp::Bltu, 3, 5, 12),
        lbu,
    ];
    let mut code = vec![Inst::Lui { rd: 5, imm: 0x1000 }, ADD_A1];
    code[1] = Inst::Reg {
        op: RegOp::Add,
        rd: 5,
        rs1: 11,
        rs2: 5,
    };
    code.extend(checks);
    code.extend([Inst::Ecall, Inst::Ebreak]);
    let ops = ops_of(&code);
    assert!(
        matches!(
            ops[..5],
            [
                Op::LiAdd { .. },
                _,
                Op::Bltu2Lbu { .. },
                Op::BltuLbu { .. },
                Op::Lbu { .. }
            ]
        ),
        "{ops:?}"
    );
    // The first check read in place by the `add` before it (`Op::AddBltu`) stays
    // a plain branch; the second still takes the load.
    code.drain(..1);
    code[0] = Inst::Reg {
        op: RegOp::Add,
        rd: 5,
        rs1: 11,
        rs2: 13,
    };
    let ops = ops_of(&code);
    assert!(
        matches!(
            ops[..4],
            [
                Op::AddBltu { .. },
                Op::Bltu { .. },
                Op::BltuLbu { .. },
                Op::Lbu { .. }
            ]
        ),
        "{ops:?}"
    );
}
