//! Which op [`super::fuse`] makes of the compiler's address-then-access and
//! `br_table` sequences (unit tests: the op array is the crate's own). What the
//! ops compute is tested against native code and the trace in `tests/`.

use crate::module::Module;
use crate::op::Op;
use rivet_format::program::{Isa, Program};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp};

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
