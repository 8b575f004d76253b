//! A check that ends its block, run with the next block's first op in one
//! interpreter op (`Op::BgeuLbu`, `Op::AddiBgeuSb`, `Op::Bltu2Lbu` with
//! `Op::BltuLbu`, `Op::BgeuTable`; `src/fuse_chain.rs`), behaves exactly like the
//! instructions: natively, interpreted and traced alike, for a check that passes,
//! one that fails, an access that faults after its check passed, out of gas at the
//! next block, and a dynamic jump straight into the next block.

mod common;

use common::{addi, branch, BASE};
use rivet_format::gas;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};

const T0: u8 = 5;
const A0: u8 = 10;
const A1: u8 = 11;
const A2: u8 = 12;
const GP: u8 = 3;

/// `lbu a0, offset(base)`.
const fn lbu(base: u8, offset: i32) -> Inst {
    Inst::Load {
        op: LoadOp::Lbu,
        rd: A0,
        rs1: base,
        offset,
    }
}

/// The compiler's one-byte load: `bgeu a1, gp, trap; lbu a0, 0(a1); ecall; trap:
/// ebreak`.
fn byte_load() -> Vec<Inst> {
    vec![
        branch(BranchOp::Bgeu, A1, GP, 12),
        lbu(A1, 0),
        Inst::Ecall,
        Inst::Ebreak,
    ]
}

/// The compiler's one-byte store of a constant: `addi a2, zero, 1; bgeu a1, gp,
/// trap; sb a2, 0(a1); ecall; trap: ebreak`.
fn byte_store() -> Vec<Inst> {
    vec![
        addi(A2, 0, 1),
        branch(BranchOp::Bgeu, A1, GP, 12),
        Inst::Store {
            op: StoreOp::Sb,
            rs1: A1,
            rs2: A2,
            offset: 0,
        },
        Inst::Ecall,
        Inst::Ebreak,
    ]
}

/// The compiler's load at a large offset: t0 = a1 + 0x1001 (`lui`, `addi`, `add`),
/// `bltu t0, a1, trap` (the sum wrapped), `bltu gp, t0, trap`, `lbu a0, -1(t0)`.
fn far_load() -> Vec<Inst> {
    vec![
        Inst::Lui {
            rd: T0,
            imm: 0x1000,
        },
        addi(T0, T0, 1),
        Inst::Reg {
            op: RegOp::Add,
            rd: T0,
            rs1: A1,
            rs2: T0,
        },
        branch(BranchOp::Bltu, T0, A1, 16),
        branch(BranchOp::Bltu, GP, T0, 12),
        lbu(T0, -1),
        Inst::Ecall,
        Inst::Ebreak,
    ]
}

/// Runs `code` with a1 = `addr`, gp = `bound` and 0xab at 0x2000, natively,
/// interpreted and traced ([`common::run_three`]): the outcome, a0, t0, the byte at
/// a1, pc and gas left, and the traced pcs.
fn run_three(code: &[Inst], addr: u32, bound: u32, gas: u64) -> (String, Vec<u32>) {
    let setup = |m: &mut rivet_engine::Machine| {
        m.set_reg(A1, addr);
        m.set_reg(GP, bound);
        m.memory_mut().write(0x2000, &[0xab]).expect("in memory");
    };
    common::run_three(code, gas, setup, |r, m| {
        let byte = m
            .memory()
            .read_u32(addr & !3)
            .ok()
            .map(|w| w >> (8 * (addr & 3)) & 0xff);
        format!(
            "{r} a0={:#x} t0={:#x} byte={byte:x?} pc={:#x} gas={}",
            m.reg(A0),
            m.reg(T0),
            m.pc(),
            m.gas()
        )
    })
}

fn pcs(offsets: &[u32]) -> Vec<u32> {
    offsets.to_vec()
}

#[test]
fn a_one_byte_check_and_its_load_or_store() {
    let (out, trace) = run_three(&byte_load(), 0x2000, 0x1_0000, 1000);
    let used = gas::CONTROL + gas::MEMORY + gas::ECALL;
    assert!(out.starts_with("Ok(171) a0=0xab"), "{out}");
    assert!(out.ends_with(&format!("gas={}", 1000 - used)), "{out}");
    assert_eq!(trace, pcs(&[0, 4, 8]));
    let (out, trace) = run_three(&byte_store(), 0x2001, 0x1_0000, 1000);
    assert!(
        out.starts_with("Ok(") && out.contains("byte=Some(1)"),
        "{out}"
    );
    assert_eq!(trace, pcs(&[0, 4, 8, 12]));
}

#[test]
fn a_failed_one_byte_check_traps_and_a_passed_one_can_still_fault() {
    for (code, check) in [(byte_load(), 0u32), (byte_store(), 4)] {
        let (out, trace) = run_three(&code, 0x2000, 0x2000, 1000);
        assert!(out.contains("Ebreak"), "{out}");
        assert_eq!(trace.last(), Some(&(check + 12)));
        // The check passes (a bound past memory), the access faults.
        let (out, trace) = run_three(&code, 0x2000_0000, u32::MAX, 1000);
        assert!(out.contains("MemoryFault"), "{out}");
        assert!(
            out.contains(&format!("pc={:#x}", BASE + check + 4)),
            "{out}"
        );
        assert_eq!(trace.last(), Some(&(check + 4)));
    }
}

#[test]
fn out_of_gas_stops_at_the_block_after_the_check() {
    for (code, first_block) in [
        (byte_load(), gas::CONTROL),
        (byte_store(), gas::BASE + gas::CONTROL),
    ] {
        let (out, trace) = run_three(&code, 0x2000, 0x1_0000, first_block);
        let access = trace.len() as u32 * 4;
        assert!(out.contains("OutOfGas"), "{out}");
        assert!(out.contains(&format!("pc={:#x}", BASE + access)), "{out}");
        assert!(out.ends_with("gas=0"), "{out}");
    }
}

#[test]
fn the_two_checks_of_a_far_load_and_its_load() {
    let code = far_load();
    // Both checks pass: the byte at 0x1000 + 0x1001 - 1.
    let (out, trace) = run_three(&code, 0x1000, 0x1_0000, 1000);
    assert!(out.starts_with("Ok(171) a0=0xab t0=0x2001"), "{out}");
    assert_eq!(trace, pcs(&[0, 4, 8, 12, 16, 20, 24]));
    // The sum wraps: the first check traps.
    let (out, trace) = run_three(&code, 0xffff_f800, 0x1_0000, 1000);
    assert!(out.contains("Ebreak"), "{out}");
    assert_eq!(trace, pcs(&[0, 4, 8, 12, 28]));
    // Past the bound: the second check traps.
    let (out, trace) = run_three(&code, 0x1000, 0x2000, 1000);
    assert!(out.contains("Ebreak"), "{out}");
    assert_eq!(trace, pcs(&[0, 4, 8, 12, 16, 28]));
    // Both pass with a bound past memory: the load faults.
    let (out, _) = run_three(&code, 0x2000_0000, u32::MAX, 1000);
    assert!(
        out.contains("MemoryFault") && out.contains("pc=0x1014"),
        "{out}"
    );
    // Out of gas at the second check's block, then at the load's.
    let first = 3 * gas::BASE + gas::CONTROL;
    for (gas, at) in [(first, 16), (first + gas::CONTROL, 20)] {
        let (out, _) = run_three(&code, 0x1000, 0x1_0000, gas);
        assert!(out.contains("OutOfGas"), "{out}");
        assert!(out.contains(&format!("pc={:#x}", BASE + at)), "{out}");
    }
}

#[test]
fn a_dynamic_jump_into_the_block_after_the_check_runs_from_there() {
    // auipc t1, 0; jalr zero, 12(t1): straight to the `lbu`, past its check.
    let mut code = vec![
        Inst::Auipc { rd: 6, imm: 0 },
        Inst::Jalr {
            rd: 0,
            rs1: 6,
            offset: 12,
        },
    ];
    code.extend(byte_load());
    let (out, trace) = run_three(&code, 0x2000, 0, 1000);
    assert!(out.starts_with("Ok(171)"), "{out}");
    assert_eq!(trace, pcs(&[0, 4, 12, 16]));
}

/// `a3 = a2; t0 = 3; bgeu a3, t0, default` and the `br_table` dispatch on a3 into
/// three entries: 0 -> a0 = 10, 1 -> 11, 2 and the default -> 99.
fn switch() -> Vec<Inst> {
    let jal = |offset| Inst::Jal { rd: 0, offset };
    vec![
        addi(13, A2, 0),                    // 0
        addi(T0, 0, 3),                     // 4
        branch(BranchOp::Bgeu, 13, T0, 48), // 8 -> 56
        Inst::Imm {
            op: ImmOp::Slli,
            rd: T0,
            rs1: 13,
            imm: 2,
        }, // 12
        Inst::Auipc { rd: 4, imm: 0 },      // 16
        Inst::Reg {
            op: RegOp::Add,
            rd: T0,
            rs1: T0,
            rs2: 4,
        }, // 20
        Inst::Jalr {
            rd: 0,
            rs1: T0,
            offset: 12,
        }, // 24
        jal(12),                            // 28 -> 40
        jal(16),                            // 32 -> 48
        jal(20),                            // 36 -> 56
        addi(A0, 0, 10),                    // 40
        Inst::Ecall,                        // 44
        addi(A0, 0, 11),                    // 48
        Inst::Ecall,                        // 52
        addi(A0, 0, 99),                    // 56
        Inst::Ecall,                        // 60
    ]
}

#[test]
fn the_default_check_of_a_br_table_and_its_dispatch() {
    let code = switch();
    let run = |idx: u32, gas: u64| {
        common::run_three(
            &code,
            gas,
            |m| m.set_reg(A2, idx),
            |r, m| format!("{r} t0={:#x} pc={:#x} gas={}", m.reg(T0), m.pc(), m.gas()),
        )
    };
    for (idx, a0, last) in [(0, 10, 44), (1, 11, 52), (2, 99, 60), (3, 99, 60)] {
        let (out, trace) = run(idx, 1000);
        assert!(out.starts_with(&format!("Ok({a0})")), "{out}");
        assert_eq!(trace.last(), Some(&last));
        assert_eq!(trace.contains(&24), idx < 3, "{trace:?}");
    }
    let (out, trace) = run(u32::MAX, 1000);
    assert!(out.starts_with("Ok(99)"), "{out}");
    assert_eq!(trace, pcs(&[0, 4, 8, 56, 60]));
    // Out of gas at the dispatch's block.
    let (out, _) = run(1, 2 * gas::BASE + gas::CONTROL);
    assert!(
        out.contains("OutOfGas") && out.contains("pc=0x100c"),
        "{out}"
    );
}
