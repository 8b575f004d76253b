//! Guest calls on the host stack (see [`super::calls`]): native code equals the
//! interpreter for recursion (at every gas budget), recursion deeper than the
//! return pairs' stack, returns elsewhere than the call's next instruction,
//! stale pairs taken later, ecalls and faults inside callees.

use super::test_support::{addi, assert_native_matches, lw, program_of, sw, Stop};
use crate::machine::{Control, Host, Machine};
use crate::module::Module;
use rivet_format::program::{Isa, Program};
use rivet_format::rv32::{BranchOp, Inst, RegOp};
use std::sync::Arc;

const RA: u8 = 1;
const SP: u8 = 2;
const T0: u8 = 5;
const A0: u8 = 10;
const A1: u8 = 11;

/// Memory of the test programs: room for 4 000 16-byte frames.
const SIZE: u32 = 0x2_0000;

/// Every pinning the tests run, with `ra` and `sp` in host registers or not.
const PINNINGS: [&[u8]; 4] = [&[], &[RA, SP, A0], &[A0, T0, A1], &[1, 2, 5, 10, 11]];

/// `jal rd, (to - at) * 4`.
fn jal(rd: u8, at: i32, to: i32) -> Inst {
    Inst::Jal {
        rd,
        offset: (to - at) * 4,
    }
}

/// `jalr zero, 0(rs1)`: a return.
fn ret(rs1: u8) -> Inst {
    Inst::Jalr {
        rd: 0,
        rs1,
        offset: 0,
    }
}

fn branch(op: BranchOp, rs1: u8, rs2: u8, at: i32, to: i32) -> Inst {
    Inst::Branch {
        op,
        rs1,
        rs2,
        offset: (to - at) * 4,
    }
}

/// Runs `code` with `a0 = n` at every budget in `gas` against the interpreter.
fn check(
    code: &[Inst],
    n: u32,
    gas: impl IntoIterator<Item = u64>,
    host: &mut impl Host<Error = ()>,
) {
    let p: Program = program_of(Isa::Rv32em, code, SIZE, Vec::new());
    let module = Arc::new(Module::new(&p).unwrap());
    for g in gas {
        let setup = |m: &mut Machine| m.set_reg(A0, n);
        let what = || format!("n {n}, gas {g}");
        assert_native_matches(&p, &module, g, &PINNINGS, host, setup, what);
    }
}

/// `fib(a0)` by recursion: two calls per frame, so returns alternate between
/// two return points.
fn fib() -> Vec<Inst> {
    vec![
        jal(RA, 0, 2),
        Inst::Ecall,
        // 2: fib
        addi(T0, 0, 2),
        branch(BranchOp::Bltu, A0, T0, 3, 17),
        addi(SP, SP, -16),
        sw(SP, RA, 12),
        sw(SP, A0, 8),
        addi(A0, A0, -1),
        jal(RA, 8, 2),
        sw(SP, A0, 4),
        lw(A0, SP, 8),
        addi(A0, A0, -2),
        jal(RA, 12, 2),
        lw(T0, SP, 4),
        Inst::Reg {
            op: RegOp::Add,
            rd: A0,
            rs1: A0,
            rs2: T0,
        },
        lw(RA, SP, 12),
        addi(SP, SP, 16),
        // 17: return
        ret(RA),
    ]
}

#[test]
fn recursion_matches_at_every_budget() {
    // fib(12) runs 4 000 instructions or so: every budget up to 700, then some.
    check(
        &fib(),
        12,
        (0..700).chain([1_000, 2_500, 1_000_000]),
        &mut Stop,
    );
}

#[test]
fn recursion_deeper_than_the_return_pairs() {
    // 3 000 nested calls: past 2 048 the calls are plain jumps, and the
    // returns from there find a pair of another pc (or the sentinel) first.
    let code = vec![
        jal(RA, 0, 2),
        Inst::Ecall,
        // 2: f
        branch(BranchOp::Beq, A0, 0, 2, 9),
        addi(SP, SP, -16),
        sw(SP, RA, 12),
        addi(A0, A0, -1),
        jal(RA, 6, 2),
        lw(RA, SP, 12),
        addi(SP, SP, 16),
        // 9: count the returns
        addi(A1, A1, 1),
        ret(RA),
    ];
    check(&code, 3_000, [10_000, 30_000, 1_000_000], &mut Stop);
}

#[test]
fn returns_elsewhere_and_stale_pairs() {
    // g returns past its return point (its pair stays); h returns through a
    // copy of ra; then a jump to the stale pair's pc takes that pair.
    let code = vec![
        jal(RA, 0, 7),
        addi(A1, A1, 100),
        branch(BranchOp::Bne, A1, 0, 2, 6),
        jal(RA, 3, 10),
        addi(T0, 0, 0x404),
        ret(T0),
        Inst::Ecall,
        // 7: g
        addi(A0, A0, 1),
        addi(RA, RA, 4),
        ret(RA),
        // 10: h
        addi(A0, A0, 10),
        addi(T0, RA, 0),
        ret(T0),
    ];
    check(&code, 0, (0..40).chain([1_000]), &mut Stop);
}

/// Continues while `a1` is zero, else ends the run with `a0`.
struct UntilA1;

impl Host for UntilA1 {
    type Error = ();
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, ()> {
        Ok(match m.reg(A1) {
            0 => Control::Continue,
            _ => Control::Exit(m.reg(A0)),
        })
    }
}

#[test]
fn ecalls_and_faults_inside_callees() {
    // The native run ends at the callee's ecall and starts again after it,
    // with no pairs: the return takes the ordinary path.
    let ecall = vec![
        jal(RA, 0, 3),
        addi(A1, A1, 7),
        Inst::Ecall,
        // 3
        addi(A0, A0, 5),
        Inst::Ecall,
        ret(RA),
    ];
    check(&ecall, 0, [3, 5, 1_000], &mut UntilA1);
    // A load outside memory five calls deep: the exit drops the pairs.
    let fault = vec![
        jal(RA, 0, 2),
        Inst::Ecall,
        // 2
        branch(BranchOp::Beq, A0, 0, 2, 7),
        addi(A0, A0, -1),
        jal(RA, 4, 2),
        addi(A1, A1, 1),
        ret(RA),
        // 7
        Inst::Lui {
            rd: T0,
            imm: 0x8000_0000,
        },
        lw(A1, T0, 0),
        ret(RA),
    ];
    check(&fault, 5, [12, 1_000], &mut Stop);
}

/// The compiler's `br_table` dispatch on `a0` (see [`super::switch`]) into three
/// `jal` entries, without the bounds check before it, so that indices past the
/// table reach the ordinary jump: 3 and 4 land after the table, 10 falls off the
/// code, 1000 is no instruction, 2^30 wraps to entry 0 in the guest's address.
fn switch() -> Vec<Inst> {
    vec![
        Inst::Imm {
            op: rivet_format::rv32::ImmOp::Slli,
            rd: T0,
            rs1: A0,
            imm: 2,
        },
        Inst::Auipc { rd: 4, imm: 0 },
        Inst::Reg {
            op: RegOp::Add,
            rd: T0,
            rs1: T0,
            rs2: 4,
        },
        Inst::Jalr {
            rd: 0,
            rs1: T0,
            offset: 12,
        },
        jal(0, 4, 8),
        jal(0, 5, 10),
        jal(0, 6, 12),
        addi(A1, A1, 1000),
        // 8
        addi(A1, A1, 1),
        Inst::Ecall,
        addi(A1, A1, 2),
        Inst::Ecall,
        addi(A1, A1, 3),
        Inst::Ecall,
    ]
}

#[test]
fn br_table_dispatch_matches_for_every_index_and_entry() {
    let code = switch();
    let p: Program = program_of(Isa::Rv32em, &code, SIZE, Vec::new());
    let module = Arc::new(Module::new(&p).unwrap());
    let pinnings: [&[u8]; 4] = [&[], &[4, T0, A0], &[A0], &[4, A1]];
    for idx in [0, 1, 2, 3, 4, 5, 10, 1000, 1 << 30, u32::MAX] {
        for gas in (0..12).chain([1_000]) {
            let setup = |m: &mut Machine| m.set_reg(A0, idx);
            let what = || format!("idx {idx}, gas {gas}");
            assert_native_matches(&p, &module, gas, &pinnings, &mut Stop, setup, what);
        }
        // Entered after the dispatch's first instruction, with t0 and tp not
        // what the instructions before would have left.
        for at in 1..4u32 {
            let setup = |m: &mut Machine| {
                m.set_reg(A0, idx);
                m.set_reg(T0, idx.wrapping_mul(8));
                m.set_reg(4, 0x404);
                m.jump_to(0x400 + 4 * at).unwrap();
            };
            let what = || format!("idx {idx}, entered at {at}");
            assert_native_matches(&p, &module, 1_000, &pinnings, &mut Stop, setup, what);
        }
    }
}
