//! Select hammocks (a branch over a block of one `addi`, the compiler's i32
//! `select`, or two, an i64 one): one op in the interpreter, a `cmov` in native
//! code for one move, and exactly the branch and moves they replace: results,
//! gas, out-of-gas pcs, tracing.

mod common;

use common::{addi, branch, machine, BASE};
use rivet_format::gas;
use rivet_format::rv32::{BranchOp, Inst};

const ECALL: Inst = Inst::Ecall;

/// `bltu x5, x6, +8; addi x7, x8, 3; addi x9, x7, 1; ecall`: a select hammock.
const SELECT: [Inst; 4] = [
    branch(BranchOp::Bltu, 5, 6, 8),
    addi(7, 8, 3),
    addi(9, 7, 1),
    ECALL,
];

/// Runs `code` with `gas` and `setup` natively, on the interpreter and traced
/// ([`common::run_three`]); returns the result, x7, x9 and the gas left.
fn run_three(code: &[Inst], gas: u64, setup: impl Fn(&mut rivet_engine::Machine)) -> String {
    let observe = |r: &str, m: &rivet_engine::Machine| {
        format!("{r} x7={} x9={} gas={}", m.reg(7), m.reg(9), m.gas())
    };
    common::run_three(code, gas, setup, observe).0
}

#[test]
fn a_select_hammock_is_one_op_with_exact_gas_and_results() {
    assert_eq!(machine(&SELECT, 1000).module().fused_ops(), 1);
    let (branch, step, ecall) = (gas::CONTROL, gas::BASE, gas::ECALL);
    let left = |used: u64| format!("gas={}", 1000 - used);
    // Taken (5 < 6): the move is skipped.
    let out = run_three(&SELECT, 1000, |m| {
        m.set_reg(5, 5);
        m.set_reg(6, 6);
        m.set_reg(7, 40);
        m.set_reg(8, 100);
    });
    assert!(out.starts_with("Ok(0) x7=40 x9=41"), "{out}");
    assert!(out.ends_with(&left(branch + step + ecall)), "{out}");
    // Not taken (signed -1 is not below 6 unsigned): x7 = x8 + 3.
    let out = run_three(&SELECT, 1000, |m| {
        m.set_reg(5, u32::MAX);
        m.set_reg(6, 6);
        m.set_reg(7, 40);
        m.set_reg(8, 100);
    });
    assert!(out.starts_with("Ok(0) x7=103 x9=104"), "{out}");
    assert!(out.ends_with(&left(branch + 2 * step + ecall)), "{out}");
}

#[test]
fn out_of_gas_in_a_select_stops_at_the_block_that_lacks_it() {
    let not_taken = |m: &mut rivet_engine::Machine| {
        m.set_reg(5, 9);
        m.set_reg(6, 6);
        m.set_reg(7, 40);
        m.set_reg(8, 100);
    };
    let taken = |m: &mut rivet_engine::Machine| {
        not_taken(m);
        m.set_reg(5, 1);
    };
    let (branch, step) = (gas::CONTROL, gas::BASE);
    // Gas for the branch only: the move's block (not taken) or the target's
    // (taken) is out of reach; the move has not run.
    let out = run_three(&SELECT, branch, not_taken);
    assert!(out.contains(&format!("pc: {}", BASE + 4)), "{out}");
    assert!(out.contains("OutOfGas") && out.contains("x7=40"), "{out}");
    let out = run_three(&SELECT, branch, taken);
    assert!(out.contains(&format!("pc: {}", BASE + 8)), "{out}");
    assert!(out.contains("OutOfGas") && out.contains("x7=40"), "{out}");
    // Gas for the branch and the move: the target's block is out of reach, the
    // move has run.
    let out = run_three(&SELECT, branch + step, not_taken);
    assert!(out.contains(&format!("pc: {}", BASE + 8)), "{out}");
    assert!(out.contains("OutOfGas") && out.contains("x7=103"), "{out}");
}

#[test]
fn every_branch_kind_selects_as_it_branches() {
    // Pairs that tell signed from unsigned and equal from less.
    let pairs = [
        (1, 1),
        (1, 2),
        (2, 1),
        (u32::MAX, 1),
        (1, u32::MAX),
        (0x8000_0000, 0x7fff_ffff),
    ];
    for op in BranchOp::ALL {
        let mut code = SELECT;
        code[0] = branch(op, 5, 6, 8);
        assert_eq!(machine(&code, 1000).module().fused_ops(), 1, "{op:?}");
        for (a, b) in pairs {
            // run_three compares native, interpreted and traced (which runs the
            // plain branch): the select must take the edge the branch takes.
            run_three(&code, 1000, |m| {
                m.set_reg(5, a);
                m.set_reg(6, b);
                m.set_reg(8, 100);
            });
        }
    }
}

/// `bne x5, x6, +12; addi x7, x8, 3; addi x8, x7, 1; addi x9, x8, 0; ecall`: an
/// i64 select whose second move reads the first one's result.
const SELECT64: [Inst; 5] = [
    branch(BranchOp::Bne, 5, 6, 12),
    addi(7, 8, 3),
    addi(8, 7, 1),
    addi(9, 8, 0),
    ECALL,
];

#[test]
fn a_two_move_select_moves_in_order_and_pays_both_moves() {
    assert_eq!(machine(&SELECT64, 1000).module().fused_ops(), 1);
    let set = |a: u32| {
        move |m: &mut rivet_engine::Machine| {
            m.set_reg(5, a);
            m.set_reg(6, 6);
            m.set_reg(7, 40);
            m.set_reg(8, 100);
        }
    };
    let (branch, step, ecall) = (gas::CONTROL, gas::BASE, gas::ECALL);
    let left = |used: u64| format!("gas={}", 1000 - used);
    // Taken (5 != 6): no move; x9 = x8.
    let out = run_three(&SELECT64, 1000, set(5));
    assert!(out.starts_with("Ok(0) x7=40 x9=100"), "{out}");
    assert!(out.ends_with(&left(branch + step + ecall)), "{out}");
    // Not taken: x7 = 103, then x8 = x7 + 1 = 104 (the second reads the first).
    let out = run_three(&SELECT64, 1000, set(6));
    assert!(out.starts_with("Ok(0) x7=103 x9=104"), "{out}");
    assert!(out.ends_with(&left(branch + 3 * step + ecall)), "{out}");
    // Gas for the branch and one move: the moves' block is out of reach whole.
    let out = run_three(&SELECT64, branch + step, set(6));
    assert!(out.contains(&format!("pc: {}", BASE + 4)), "{out}");
    assert!(out.contains("OutOfGas") && out.contains("x7=40"), "{out}");
}
