//! The compiler's `br_table` dispatch (`slli t0, idx, 2; auipc tp, 0; add t0, t0, tp;
//! jalr x0, 12(t0)` into a table of `jal x0` entries): one op in the interpreter
//! (`Op::BrTable`: the four instructions and the table's `jal` it lands on), a
//! direct index into the entry table in native code (`src/jit/switch.rs`); both
//! exactly what the instructions do, traced one by one: results, scratch
//! registers, gas, out-of-gas and fault pcs, indices past the table, sums that
//! wrap, and a dynamic entry into the sequence.

mod common;

use common::{addi, machine, ExitHost, BASE};
use rivet_engine::TrapKind;
use rivet_format::gas;
use rivet_format::rv32::{ImmOp, Inst, RegOp};

const T0: u8 = 5;
const TP: u8 = 4;
const A0: u8 = 10;
const A2: u8 = 12;

const fn jal(offset: i32) -> Inst {
    Inst::Jal { rd: 0, offset }
}

/// The dispatch on `idx` into three entries, each to a case that sets a0 to
/// 10, 11 or 12 and exits; an index of 3 lands on case 0's `addi`, 4 on its
/// `ecall`.
fn switch(idx: u8) -> Vec<Inst> {
    vec![
        Inst::Imm {
            op: ImmOp::Slli,
            rd: T0,
            rs1: idx,
            imm: 2,
        }, // 0
        Inst::Auipc { rd: TP, imm: 0 }, // 4
        Inst::Reg {
            op: RegOp::Add,
            rd: T0,
            rs1: T0,
            rs2: TP,
        }, // 8
        Inst::Jalr {
            rd: 0,
            rs1: T0,
            offset: 12,
        }, // 12
        jal(12),                        // 16: entry 0 -> 28
        jal(16),                        // 20: entry 1 -> 36
        jal(20),                        // 24: entry 2 -> 44
        addi(A0, 0, 10),                // 28
        Inst::Ecall,                    // 32
        addi(A0, 0, 11),                // 36
        Inst::Ecall,                    // 40
        addi(A0, 0, 12),                // 44
        Inst::Ecall,                    // 48
    ]
}

/// Gas of the four dispatch instructions (one block).
const DISPATCH: u64 = 3 * gas::BASE + gas::CONTROL;
/// Gas of a table entry (a block of one `jal`).
const ENTRY: u64 = gas::CONTROL;
/// Gas of a case (`addi`, `ecall`).
const CASE: u64 = gas::BASE + gas::ECALL;

/// Runs `code` with `idx_value` in `idx` natively, interpreted and traced
/// ([`common::run_three`]): the outcome, a0, t0, tp, pc and gas left, and the
/// traced pcs.
fn run_three(code: &[Inst], idx: u8, idx_value: u32, gas: u64) -> (String, Vec<u32>) {
    common::run_three(
        code,
        gas,
        |m| m.set_reg(idx, idx_value),
        |r, m| {
            format!(
                "{r} a0={} t0={:#x} tp={:#x} pc={:#x} gas={}",
                m.reg(A0),
                m.reg(T0),
                m.reg(TP),
                m.pc(),
                m.gas()
            )
        },
    )
}

#[test]
fn the_dispatch_is_one_op() {
    assert_eq!(machine(&switch(A2), 0).module().fused_ops(), 1);
}

#[test]
fn each_index_reaches_its_case_with_the_gas_of_every_instruction() {
    for k in 0..3u32 {
        let (out, pcs) = run_three(&switch(A2), A2, k, 1000);
        let tp = BASE + 4;
        let expected = format!(
            "Ok({}) a0={} t0={:#x} tp={tp:#x} pc={:#x} gas={}",
            10 + k,
            10 + k,
            tp + 4 * k,
            BASE + 32 + 8 * k + 4,
            1000 - DISPATCH - ENTRY - CASE
        );
        assert_eq!(out, expected);
        let case = 28 + 8 * k;
        assert_eq!(pcs, vec![0, 4, 8, 12, 16 + 4 * k, case, case + 4]);
    }
}

#[test]
fn an_index_past_the_table_runs_what_is_there() {
    // 3: case 0's `addi` (no `jal`), 4: its `ecall` with a0 still 0.
    let (out, pcs) = run_three(&switch(A2), A2, 3, 1000);
    assert!(out.starts_with("Ok(10) a0=10"), "{out}");
    assert_eq!(pcs, vec![0, 4, 8, 12, 28, 32]);
    let (out, pcs) = run_three(&switch(A2), A2, 4, 1000);
    assert!(out.starts_with("Ok(0) a0=0"), "{out}");
    assert_eq!(pcs, vec![0, 4, 8, 12, 32]);
    // Far past the code: the `jalr` traps at its own pc.
    for idx in [100, 0x4000_0100] {
        let mut m = machine(&switch(A2), 1000);
        m.set_jit(false);
        m.set_reg(A2, idx);
        let t = m.run(&mut ExitHost).expect_err("no code there");
        assert_eq!(t.pc, BASE + 12);
        assert!(
            matches!(t.kind, TrapKind::MisalignedJump { .. }),
            "{:?}",
            t.kind
        );
        let (out, _) = run_three(&switch(A2), A2, idx, 1000);
        assert!(out.starts_with("Err("), "{out}");
    }
    // The sum wraps: 4 * 0x4000_0000 is 0 (entry 0), 4 * u32::MAX lands on the
    // `jalr` itself, which jumps to itself until the gas runs out.
    let (out, _) = run_three(&switch(A2), A2, 0x4000_0000, 1000);
    assert!(out.starts_with("Ok(10)"), "{out}");
    let (out, _) = run_three(&switch(A2), A2, u32::MAX, 1000);
    assert!(out.contains("OutOfGas") && out.ends_with("gas=0"), "{out}");
}

#[test]
fn out_of_gas_stops_at_the_entry_or_the_case_it_could_not_pay() {
    for k in 0..3u32 {
        // The dispatch is paid, its table entry is not.
        let (out, pcs) = run_three(&switch(A2), A2, k, DISPATCH);
        assert!(out.starts_with("Err(Trap"), "{out}");
        assert!(out.contains("OutOfGas"), "{out}");
        assert!(
            out.contains(&format!("pc={:#x}", BASE + 16 + 4 * k)),
            "{out}"
        );
        assert!(out.ends_with("gas=0"), "{out}");
        assert_eq!(pcs, vec![0, 4, 8, 12]);
        // The entry is paid, its case is not.
        let (out, pcs) = run_three(&switch(A2), A2, k, DISPATCH + ENTRY + CASE - 1);
        assert!(out.contains("OutOfGas"), "{out}");
        assert!(
            out.contains(&format!("pc={:#x}", BASE + 28 + 8 * k)),
            "{out}"
        );
        assert!(out.ends_with(&format!("gas={}", CASE - 1)), "{out}");
        assert_eq!(pcs, vec![0, 4, 8, 12, 16 + 4 * k]);
    }
    // Not even the dispatch.
    let (out, pcs) = run_three(&switch(A2), A2, 1, DISPATCH - 1);
    assert!(
        out.contains("OutOfGas") && out.contains(&format!("pc={BASE:#x}")),
        "{out}"
    );
    assert!(pcs.is_empty());
}

#[test]
fn the_index_is_read_before_the_scratch_registers_are_written() {
    // `slli t0, tp, 2`: tp is the index, then the `auipc` overwrites it.
    for k in 0..3u32 {
        let (out, _) = run_three(&switch(TP), TP, k, 1000);
        assert!(out.starts_with(&format!("Ok({})", 10 + k)), "{out}");
    }
    // `slli t0, t0, 2`.
    let (out, _) = run_three(&switch(T0), T0, 2, 1000);
    assert!(out.starts_with("Ok(12)"), "{out}");
}

#[test]
fn a_dynamic_entry_into_the_sequence_runs_only_the_rest() {
    // Enter at the `add` with t0 = 8 and tp = BASE + 4: entry 2.
    let mut code = switch(A2);
    code.insert(
        0,
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        },
    );
    for jit in [true, false] {
        let mut m = machine(&code, 1000);
        m.set_jit(jit);
        m.set_reg(1, BASE + 4 + 8);
        m.set_reg(T0, 8);
        m.set_reg(TP, BASE + 8);
        let r = m.run(&mut ExitHost).expect("exits");
        assert_eq!(r, 12, "jit {jit}");
        assert_eq!(m.reg(T0), BASE + 16, "jit {jit}");
    }
}
