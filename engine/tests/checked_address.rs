//! An address computation right before a bounds-checked access, one interpreter op
//! (`Op::LiAddChk`: a static table at an index, `lui`/`addi`/`add`; `Op::SlliAddChk`:
//! an array element, `slli`/`add`), behaves exactly like the instructions: natively,
//! interpreted and traced alike, for accesses in bounds, a check that fails, a
//! fault of the access itself, and out of gas at the access's block.

mod common;

use common::{addi, BASE};
use rivet_format::gas;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

const fn add(rd: u8, rs1: u8, rs2: u8) -> Inst {
    Inst::Reg {
        op: RegOp::Add,
        rd,
        rs1,
        rs2,
    }
}

/// `addi t0, a1, 4; bltu gp, t0, trap; ACCESS; ecall; trap: ebreak`: the compiler's
/// checked access through a1, with the memory bound in gp.
fn checked(access: Inst) -> [Inst; 5] {
    [
        addi(5, 11, 4),
        Inst::Branch {
            op: BranchOp::Bltu,
            rs1: 3,
            rs2: 5,
            offset: 12,
        },
        access,
        Inst::Ecall,
        Inst::Ebreak,
    ]
}

const LW: Inst = Inst::Load {
    op: LoadOp::Lw,
    rd: 10,
    rs1: 11,
    offset: 0,
};
const SW: Inst = Inst::Store {
    op: StoreOp::Sw,
    rs1: 11,
    rs2: 14,
    offset: 0,
};

/// a1 = a2 + 0x2010 (`lui`, `addi`, `add`), then the checked access (a2 = 8:
/// 0x2018).
fn table(access: Inst) -> Vec<Inst> {
    let mut code = vec![
        Inst::Lui {
            rd: 11,
            imm: 0x2000,
        },
        addi(11, 11, 0x10),
        add(11, 12, 11),
    ];
    code.extend(checked(access));
    code
}

/// a1 = (a2 << 2) + a3, then the checked access (a2 = 2: 0x3008).
fn element(access: Inst) -> Vec<Inst> {
    let mut code = vec![
        Inst::Imm {
            op: ImmOp::Slli,
            rd: 11,
            rs1: 12,
            imm: 2,
        },
        add(11, 13, 11),
    ];
    code.extend(checked(access));
    code
}

/// Runs `code` with a2 = `index`, a3 = 0x3000, a4 = 77, gp = `bound` and 0xabcd at
/// 0x2018 and 0x3008, natively, interpreted and traced ([`common::run_three`]):
/// the outcome, a0, a1, t0, the word at a1, pc and gas left, and the traced pcs.
fn run_three(code: &[Inst], index: u32, bound: u32, gas: u64) -> (String, Vec<u32>) {
    let setup = |m: &mut rivet_engine::Machine| {
        m.set_reg(12, index);
        m.set_reg(13, 0x3000);
        m.set_reg(14, 77);
        m.set_reg(3, bound);
        m.memory_mut().write_u32(0x2018, 0xabcd).expect("in memory");
        m.memory_mut().write_u32(0x3008, 0xabcd).expect("in memory");
    };
    common::run_three(code, gas, setup, |r, m| {
        let a1 = m.reg(11);
        let word = m.memory().read_u32(a1).ok();
        format!(
            "{r} a0={:#x} a1={a1:#x} t0={:#x} word={word:x?} pc={:#x} gas={}",
            m.reg(10),
            m.reg(5),
            m.pc(),
            m.gas()
        )
    })
}

#[test]
fn a_checked_load_or_store_after_its_address_does_what_the_instructions_do() {
    for (code, first, index) in [(table(LW), 3, 8), (element(LW), 2, 2)] {
        let n = first + 3;
        let (out, pcs) = run_three(&code, index, 0x1_0000, 1000);
        assert!(out.starts_with("Ok(43981) a0=0xabcd"), "{out}");
        assert_eq!(pcs, (0..=n as u32).map(|k| 4 * k).collect::<Vec<_>>());
        // The block of the address and the check, the access's, the ecall.
        let used = (first as u64 + 1) * gas::BASE + gas::CONTROL + gas::MEMORY + gas::ECALL;
        assert!(out.ends_with(&format!("gas={}", 1000 - used)), "{out}");
    }
    for (code, index) in [(table(SW), 8), (element(SW), 2)] {
        let (out, _) = run_three(&code, index, 0x1_0000, 1000);
        assert!(out.contains("word=Some(4d)"), "{out}");
    }
}

#[test]
fn a_failed_check_branches_to_the_trap_and_a_fault_stops_at_the_access() {
    for (code, first) in [(table(LW), 3u32), (element(SW), 2)] {
        // The bound is below the address: the check branches to `ebreak`.
        let (out, pcs) = run_three(&code, 2, 0x100, 1000);
        assert!(out.starts_with("Err(") && out.contains("Ebreak"), "{out}");
        assert_eq!(*pcs.last().expect("traced"), 4 * (first + 4));
        // The check passes (a huge bound), the access itself is outside memory.
        let (out, pcs) = run_three(&code, 0x1000_0000, u32::MAX, 1000);
        assert!(out.contains("MemoryFault"), "{out}");
        assert!(
            out.contains(&format!("pc={:#x}", BASE + 4 * (first + 2))),
            "{out}"
        );
        assert_eq!(*pcs.last().expect("traced"), 4 * (first + 2));
    }
}

#[test]
fn out_of_gas_stops_at_the_block_of_the_access() {
    for (code, first) in [(table(LW), 3u64), (element(LW), 2)] {
        let block = (first + 1) * gas::BASE + gas::CONTROL;
        let (out, pcs) = run_three(&code, 2, 0x1_0000, block);
        assert!(out.contains("OutOfGas"), "{out}");
        let access = BASE + 4 * (first as u32 + 2);
        assert!(out.contains(&format!("pc={access:#x}")), "{out}");
        assert!(out.ends_with("gas=0"), "{out}");
        assert_eq!(pcs.len() as u64, first + 2);
    }
}
