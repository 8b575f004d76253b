//! Fused ops (two instructions, one dispatch) behave exactly like the instructions
//! they replace: results, gas, trap pcs, tracing and dynamic entries into the middle.

mod common;

use common::{machine, ExitHost, BASE};
use rivet_engine::TrapKind;
use rivet_format::gas;
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, StoreOp};

const ECALL: Inst = Inst::Ecall;

fn addi(rd: u8, rs1: u8, imm: i32) -> Inst {
    Inst::Imm {
        op: ImmOp::Addi,
        rd,
        rs1,
        imm,
    }
}

fn lw(rd: u8, rs1: u8, offset: i32) -> Inst {
    Inst::Load {
        op: LoadOp::Lw,
        rd,
        rs1,
        offset,
    }
}

fn sw(rs2: u8, rs1: u8, offset: i32) -> Inst {
    Inst::Store {
        op: StoreOp::Sw,
        rs1,
        rs2,
        offset,
    }
}

fn bltu(rs1: u8, rs2: u8, offset: i32) -> Inst {
    Inst::Branch {
        op: BranchOp::Bltu,
        rs1,
        rs2,
        offset,
    }
}

/// Runs `code` traced and untraced from fresh machines with `setup`; both must agree
/// on the outcome, registers and gas, and the trace must list every executed pc once.
fn run_both(code: &[Inst], setup: impl Fn(&mut rivet_engine::Machine)) -> (Vec<u32>, u64) {
    let mut plain = machine(code, 1000);
    setup(&mut plain);
    let r1 = plain.run(&mut ExitHost);
    let mut traced = machine(code, 1000);
    setup(&mut traced);
    let mut pcs = Vec::new();
    let r2 = traced.run_traced(&mut ExitHost, &mut |pc, _| pcs.push(pc));
    assert_eq!(format!("{r1:?}"), format!("{r2:?}"));
    assert_eq!(plain.regs(), traced.regs());
    assert_eq!(plain.gas(), traced.gas());
    (pcs, 1000 - plain.gas())
}

#[test]
fn hot_pairs_are_fused() {
    let code = [
        Inst::Lui { rd: 5, imm: 0x1000 },
        addi(5, 5, -4),
        addi(6, 0, 8),
        addi(7, 6, 1),
        lw(8, 0, 0),
        lw(9, 0, 4),
        sw(8, 0, 8),
        sw(9, 0, 12),
        addi(10, 0, 3),
        bltu(3, 10, 8),
        ECALL,
        ECALL,
    ];
    let m = machine(&code, 0);
    assert_eq!(m.module().fused_ops(), 5);
}

#[test]
fn fused_pairs_compute_what_the_instructions_do() {
    let code = [
        Inst::Lui { rd: 5, imm: 0x1000 },
        addi(5, 5, -4),
        addi(6, 0, 8),
        addi(7, 6, 1),
        sw(7, 0, 64),
        sw(6, 0, 68),
        lw(8, 0, 64),
        lw(9, 8, 59),
        addi(10, 0, 3),
        bltu(3, 10, 8), // 3 < 3 is false: fall through
        ECALL,
        ECALL,
    ];
    let (pcs, used) = run_both(&code, |m| m.set_reg(3, 3));
    assert_eq!(pcs, (0..11).map(|i| BASE + 4 * i).collect::<Vec<_>>());
    let m = {
        let mut m = machine(&code, 1000);
        m.set_reg(3, 3);
        m.run(&mut ExitHost).expect("exits");
        m
    };
    assert_eq!(m.reg(5), 0xffc);
    assert_eq!((m.reg(6), m.reg(7)), (8, 9));
    // lw x9, 59(x8) with x8 = 9 reads address 68, which holds 8.
    assert_eq!((m.reg(8), m.reg(9)), (9, 8));
    let expected = 5 * gas::BASE + 4 * gas::MEMORY + gas::CONTROL + gas::ECALL;
    assert_eq!(used, expected);
    // Taken: the branch skips the first ecall.
    let (pcs, used) = run_both(&code, |m| m.set_reg(3, 2));
    assert_eq!(pcs.last(), Some(&(BASE + 44)));
    assert_eq!(used, expected);
}

#[test]
fn the_second_instruction_of_a_pair_faults_at_its_own_pc() {
    for second in [lw(9, 11, 0), sw(9, 11, 0)] {
        let first = if matches!(second, Inst::Load { .. }) {
            lw(8, 0, 0)
        } else {
            sw(8, 0, 0)
        };
        let code = [first, second, ECALL];
        let mut m = machine(&code, 1000);
        assert_eq!(m.module().fused_ops(), 1);
        m.set_reg(11, 0xffff_fff0);
        let t = m.run(&mut ExitHost).expect_err("faults");
        assert_eq!(t.pc, BASE + 4);
        assert_eq!(
            t.kind,
            TrapKind::MemoryFault {
                addr: 0xffff_fff0,
                size: 4
            }
        );
        assert_eq!(m.pc(), BASE + 4);
    }
}

#[test]
fn out_of_gas_after_a_fused_branch_stops_at_the_next_block() {
    let code = [
        addi(6, 0, 1),
        bltu(6, 0, 8),
        addi(7, 0, 1),
        addi(8, 0, 1),
        ECALL,
    ];
    // First block: addi + bltu; the fall-through block (addi, addi, ecall) is
    // unaffordable. (Over a single `addi` the branch would be a select instead.)
    let mut m = machine(&code, gas::BASE + gas::CONTROL);
    assert_eq!(m.module().fused_ops(), 1);
    let t = m.run(&mut ExitHost).expect_err("out of gas");
    assert_eq!((t.pc, t.kind), (BASE + 8, TrapKind::OutOfGas));
    assert_eq!(m.reg(6), 1);
    assert_eq!(m.reg(7), 0);
}

#[test]
fn a_dynamic_jump_into_the_middle_of_a_pair_runs_only_the_second() {
    let code = [
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        },
        addi(6, 0, 5),
        addi(7, 0, 6),
        ECALL,
    ];
    let (pcs, used) = run_both(&code, |m| m.set_reg(1, BASE + 8));
    assert_eq!(pcs, vec![BASE, BASE + 8, BASE + 12]);
    assert_eq!(used, gas::CONTROL + gas::BASE + gas::ECALL);
    let mut m = machine(&code, 1000);
    m.set_reg(1, BASE + 8);
    m.run(&mut ExitHost).expect("exits");
    assert_eq!((m.reg(6), m.reg(7)), (0, 6));
}

/// `addi t0, a1, 4; bltu gp, t0, trap; lw/sw ...; ecall; trap: ebreak`, the
/// compiler's bounds-checked access, with memory size 64 KiB in x3.
fn checked(access: Inst) -> Vec<Inst> {
    vec![addi(5, 11, 4), bltu(3, 5, 12), access, ECALL, Inst::Ebreak]
}

#[test]
fn a_bounds_check_absorbs_the_access_it_guards() {
    for access in [lw(10, 11, 0), sw(12, 11, 0)] {
        let code = checked(access);
        assert_eq!(machine(&code, 0).module().fused_ops(), 1);
        let cost = gas::BASE + gas::CONTROL + gas::MEMORY + gas::ECALL;
        // In bounds: the access runs, traced as three instructions plus the ecall.
        let (pcs, used) = run_both(&code, |m| {
            m.set_reg(3, 0x1_0000);
            m.set_reg(11, 0x100);
            m.set_reg(12, 77);
        });
        assert_eq!(pcs, vec![BASE, BASE + 4, BASE + 8, BASE + 12]);
        assert_eq!(used, cost);
        // Out of bounds: the branch is taken, the access neither runs nor is traced.
        let (pcs, used) = run_both(&code, |m| {
            m.set_reg(3, 0x1_0000);
            m.set_reg(11, 0xfffe);
        });
        assert_eq!(pcs, vec![BASE, BASE + 4, BASE + 16]);
        assert_eq!(used, gas::BASE + gas::CONTROL + gas::EBREAK);
        // A check that passes but an access that faults names the access.
        let mut m = machine(&code, 1000);
        m.set_reg(3, 0x2_0000);
        m.set_reg(11, 0x1_0000);
        let t = m.run(&mut ExitHost).expect_err("faults");
        assert_eq!(t.pc, BASE + 8);
        assert!(matches!(
            t.kind,
            TrapKind::MemoryFault { addr: 0x1_0000, .. }
        ));
        // Gas for the check only: out of gas at the access's block, nothing run.
        let mut m = machine(&code, gas::BASE + gas::CONTROL);
        m.set_reg(3, 0x1_0000);
        m.set_reg(11, 0x100);
        m.set_reg(12, 77);
        let t = m.run(&mut ExitHost).expect_err("out of gas");
        assert_eq!((t.pc, t.kind), (BASE + 8, TrapKind::OutOfGas));
        assert_eq!(m.reg(10), 0);
        assert_eq!(m.memory().bytes()[0x100], 0);
    }
}

#[test]
fn an_access_that_is_also_a_jump_target_is_not_absorbed() {
    let mut code = checked(lw(10, 11, 0));
    // A backward jump to the lw makes its block a static target.
    code.push(Inst::Jal { rd: 0, offset: -12 });
    let m = machine(&code, 0);
    assert_eq!(m.module().fused_ops(), 1, "still an addi + bltu pair");
    let (pcs, _) = run_both(&code, |m| {
        m.set_reg(3, 0x1_0000);
        m.set_reg(11, 0x100);
    });
    assert_eq!(pcs, vec![BASE, BASE + 4, BASE + 8, BASE + 12]);
}

#[test]
fn alu_and_memory_pairs_compute_what_the_instructions_do() {
    let reg = |op, rd, rs1, rs2| Inst::Reg { op, rd, rs1, rs2 };
    use rivet_format::rv32::RegOp;
    let code = [
        reg(RegOp::Add, 5, 1, 2),
        addi(6, 5, 1),
        sw(6, 0, 64),
        addi(7, 6, 2),
        lw(8, 0, 64),
        addi(9, 8, 3),
        lw(10, 0, 64),
        reg(RegOp::Xor, 11, 10, 1),
        Inst::Imm {
            op: rivet_format::rv32::ImmOp::Slli,
            rd: 12,
            rs1: 11,
            imm: 2,
        },
        reg(RegOp::Add, 13, 2, 12),
        ECALL,
    ];
    assert_eq!(machine(&code, 0).module().fused_ops(), 5);
    let setup = |m: &mut rivet_engine::Machine| {
        m.set_reg(1, 10);
        m.set_reg(2, 20);
    };
    let (pcs, used) = run_both(&code, setup);
    assert_eq!(pcs.len(), code.len());
    assert_eq!(used, 7 * gas::BASE + 3 * gas::MEMORY + gas::ECALL);
    let mut m = machine(&code, 1000);
    setup(&mut m);
    m.run(&mut ExitHost).expect("exits");
    let got: Vec<u32> = (5..14).map(|r| m.reg(r)).collect();
    let x = 31 ^ 10;
    assert_eq!(got, vec![30, 31, 33, 31, 34, 31, x, x << 2, 20 + (x << 2)]);
}

/// An i64 xor, and and not (`xori -1`) on register pairs, each one op, with
/// the second instruction reading the first's result; entered dynamically at
/// each instruction too, which runs only what follows.
#[test]
fn i64_logic_pairs_compute_what_the_instructions_do() {
    use rivet_format::rv32::{ImmOp, RegOp};
    let reg = |op, rd, rs1, rs2| Inst::Reg { op, rd, rs1, rs2 };
    let xori = |rd, rs1, imm| Inst::Imm {
        op: ImmOp::Xori,
        rd,
        rs1,
        imm,
    };
    let code = [
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        },
        reg(RegOp::Xor, 5, 10, 11),
        reg(RegOp::Xor, 6, 5, 12),
        reg(RegOp::And, 7, 6, 13),
        reg(RegOp::And, 8, 7, 7),
        xori(9, 8, -1),
        xori(10, 9, 0x55),
        ECALL,
    ];
    assert_eq!(machine(&code, 0).module().fused_ops(), 3);
    let (a, b, c, d) = (0x1234_5678u32, 0x0f0f_0f0f, 0xff00_ff00, 0x3c3c_c3c3);
    let x5 = a ^ b;
    let x6 = x5 ^ c;
    let x7 = x6 & d;
    let x9 = !x7;
    let full = [x5, x6, x7, x7, x9, x9 ^ 0x55];
    for entry in 1..code.len() as u32 {
        let setup = |m: &mut rivet_engine::Machine| {
            for (r, v) in [(10, a), (11, b), (12, c), (13, d)] {
                m.set_reg(r, v);
            }
            // Registers the skipped instructions would have written.
            for r in 5..10 {
                m.set_reg(r, 0x100 + r as u32);
            }
            m.set_reg(1, BASE + 4 * entry);
        };
        let (pcs, used) = run_both(&code, setup);
        let ran = code.len() as u32 - entry;
        assert_eq!(pcs.len() as u32, 1 + ran, "entry {entry}");
        assert_eq!(
            used,
            gas::CONTROL + (ran - 1) as u64 * gas::BASE + gas::ECALL
        );
        let mut m = machine(&code, 1000);
        setup(&mut m);
        m.run(&mut ExitHost).expect("exits");
        let got: Vec<u32> = (5..11).map(|r| m.reg(r)).collect();
        // Run the skipped prefix's effect by hand: registers before `entry` keep
        // the setup's values, the rest follow from them.
        let mut want: Vec<u32> = (5..10).map(|r| 0x100 + r as u32).chain([a]).collect();
        let first = entry as usize - 1;
        let (mut r5, mut r6, mut r7, mut r8, mut r9) =
            (want[0], want[1], want[2], want[3], want[4]);
        for k in first..6 {
            match k {
                0 => r5 = a ^ b,
                1 => r6 = r5 ^ c,
                2 => r7 = r6 & d,
                3 => r8 = r7 & r7,
                4 => r9 = !r8,
                _ => want[5] = r9 ^ 0x55,
            }
        }
        want[..5].copy_from_slice(&[r5, r6, r7, r8, r9]);
        assert_eq!(got, want, "entry {entry}");
        if entry == 1 {
            assert_eq!(got, full);
        }
    }
}

#[test]
fn a_bounds_check_before_a_fused_pair_traces_each_instruction_once() {
    // An i64 load: check, then two lw (themselves a fused pair).
    let code = vec![
        addi(5, 11, 8),
        bltu(3, 5, 16),
        lw(10, 11, 0),
        lw(12, 11, 4),
        ECALL,
        Inst::Ebreak,
    ];
    assert_eq!(machine(&code, 0).module().fused_ops(), 2);
    let (pcs, used) = run_both(&code, |m| {
        m.set_reg(3, 0x1_0000);
        m.set_reg(11, 0x100);
    });
    assert_eq!(pcs, (0..5).map(|i| BASE + 4 * i).collect::<Vec<_>>());
    assert_eq!(
        used,
        gas::BASE + gas::CONTROL + 2 * gas::MEMORY + gas::ECALL
    );
}

#[test]
fn a_bounds_check_runs_both_words_of_an_i64_access() {
    // Checked i64 store, then checked i64 load of the same words.
    let code = vec![
        addi(5, 11, 8),
        bltu(3, 5, 32),
        sw(12, 11, 0),
        sw(13, 11, 4),
        addi(5, 11, 8),
        bltu(3, 5, 16),
        lw(14, 11, 0),
        lw(15, 11, 4),
        ECALL,
        Inst::Ebreak,
    ];
    assert_eq!(machine(&code, 0).module().fused_ops(), 4);
    let setup = |m: &mut rivet_engine::Machine| {
        m.set_reg(3, 0x1_0000);
        m.set_reg(11, 0x100);
        m.set_reg(12, 0x1234_5678);
        m.set_reg(13, 0x9abc_def0);
    };
    let (pcs, used) = run_both(&code, setup);
    assert_eq!(pcs, (0..9).map(|i| BASE + 4 * i).collect::<Vec<_>>());
    let cost = 2 * (gas::BASE + gas::CONTROL + 2 * gas::MEMORY) + gas::ECALL;
    assert_eq!(used, cost);
    let mut m = machine(&code, 1000);
    setup(&mut m);
    m.run(&mut ExitHost).expect("exits");
    assert_eq!((m.reg(14), m.reg(15)), (0x1234_5678, 0x9abc_def0));
    // The check passes (a larger limit) but the second word is outside memory: the
    // first word is written, the fault names the second store.
    let mut m = machine(&code, 1000);
    setup(&mut m);
    m.set_reg(3, 0x2_0000);
    m.set_reg(11, 0xfffc);
    let t = m.run(&mut ExitHost).expect_err("faults");
    assert_eq!(t.pc, BASE + 12);
    assert!(matches!(
        t.kind,
        TrapKind::MemoryFault { addr: 0x1_0000, .. }
    ));
    assert_eq!(m.memory().bytes()[0xfffc..], [0x78, 0x56, 0x34, 0x12]);
}

/// `lui x5, 0x12345; addi x5, x5, 0x678; lui x6, 0x9abcd; addi x6, x6, -0x10`: two
/// constants, one op; `second` replaces the second pair's register (aliasing test).
fn two_constants(second: u8) -> Vec<Inst> {
    vec![
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        },
        Inst::Lui {
            rd: 5,
            imm: 0x1234_5000,
        },
        addi(5, 5, 0x678),
        Inst::Lui {
            rd: second,
            imm: 0x9abc_d000,
        },
        addi(second, second, -0x10),
        ECALL,
    ]
}

#[test]
fn two_constants_are_one_op_and_load_both_words() {
    let code = two_constants(6);
    assert_eq!(machine(&code, 0).module().fused_ops(), 1);
    for (entry, first) in [(4, 0x1234_5678), (8, 0), (12, 0), (16, 0)] {
        let setup = |m: &mut rivet_engine::Machine| m.set_reg(1, BASE + entry);
        let (pcs, used) = run_both(&code, setup);
        let expected: Vec<u32> = std::iter::once(BASE)
            .chain((entry..24).step_by(4).map(|o| BASE + o))
            .collect();
        assert_eq!(pcs, expected, "entry at +{entry}");
        let ran = (20 - entry) as u64 / 4;
        assert_eq!(used, gas::CONTROL + ran * gas::BASE + gas::ECALL);
        let mut m = machine(&code, 1000);
        setup(&mut m);
        m.set_reg(5, 0);
        m.set_reg(6, 0);
        m.run(&mut ExitHost).expect("exits");
        // Entering at the first addi adds 0x678 to x5's 0; at the second lui or later
        // the first pair does not run.
        let x5 = if entry == 8 { 0x678 } else { first };
        let x6 = match entry {
            16 => 0xffff_fff0,
            _ => 0x9abc_cff0,
        };
        assert_eq!((m.reg(5), m.reg(6)), (x5, x6), "entry at +{entry}");
    }
}

#[test]
fn two_constants_into_one_register_keep_the_second() {
    let code = two_constants(5);
    assert_eq!(machine(&code, 0).module().fused_ops(), 1);
    let mut m = machine(&code, 1000);
    m.set_reg(1, BASE + 4);
    m.run(&mut ExitHost).expect("exits");
    assert_eq!(m.reg(5), 0x9abc_cff0);
}

/// `jalr x0, 0(x1); ALU x5, x6, ..; BRANCH x5, x6, +12; addi x7, x0, 1; ecall;
/// addi x7, x0, 2; ecall` for each fused compare-and-branch pair: the ALU result, the
/// edge taken, gas, tracing and out-of-gas on either edge match the instructions run
/// one by one (modelled here), also when entered at the branch itself.
#[test]
fn compare_and_branch_pairs_take_the_edge_the_instructions_take() {
    use rivet_format::rv32::RegOp;
    type Cond = fn(u32, u32) -> bool;
    type Alu = fn(u32, u32) -> u32;
    let alus: [(Inst, Alu); 5] = [
        (addi(5, 6, -3), |a, _| a.wrapping_sub(3)),
        (
            Inst::Imm {
                op: ImmOp::Sltiu,
                rd: 5,
                rs1: 6,
                imm: 9,
            },
            |a, _| (a < 9) as u32,
        ),
        (
            Inst::Imm {
                op: ImmOp::Xori,
                rd: 5,
                rs1: 6,
                imm: 7,
            },
            |a, _| a ^ 7,
        ),
        (
            Inst::Imm {
                op: ImmOp::Andi,
                rd: 5,
                rs1: 6,
                imm: 6,
            },
            |a, _| a & 6,
        ),
        (
            Inst::Reg {
                op: RegOp::Add,
                rd: 5,
                rs1: 6,
                rs2: 8,
            },
            u32::wrapping_add,
        ),
    ];
    let branches: [(BranchOp, Cond); 4] = [
        (BranchOp::Bgeu, |a, b| a >= b),
        (BranchOp::Bne, |a, b| a != b),
        (BranchOp::Beq, |a, b| a == b),
        (BranchOp::Bltu, |a, b| a < b),
    ];
    for (alu, f) in alus {
        for (op, cond) in branches {
            let br = Inst::Branch {
                op,
                rs1: 5,
                rs2: 6,
                offset: 12,
            };
            let jalr = Inst::Jalr {
                rd: 0,
                rs1: 1,
                offset: 0,
            };
            let code = [jalr, alu, br, addi(7, 0, 1), ECALL, addi(7, 0, 2), ECALL];
            check_pair_edges(&code, alu, op, f, cond);
            let fused = machine(&code, 0).module().fused_ops();
            assert_eq!(fused, expected_fused(alu, op), "{alu:?} {op:?}");
        }
    }
}

/// Runs one compare-and-branch pair (`code` as in the test above) from both entries and
/// several register values, against the instructions modelled one by one.
fn check_pair_edges(
    code: &[Inst],
    alu: Inst,
    op: BranchOp,
    f: fn(u32, u32) -> u32,
    cond: fn(u32, u32) -> bool,
) {
    for x6 in [0u32, 3, 7, 9, 12, u32::MAX] {
        for entry in [4u32, 8] {
            let setup = |m: &mut rivet_engine::Machine| {
                m.set_reg(1, BASE + entry);
                m.set_reg(5, 3);
                m.set_reg(6, x6);
                m.set_reg(8, 0xffff_fffd);
            };
            let x5 = if entry == 4 { f(x6, 0xffff_fffd) } else { 3 };
            let taken = cond(x5, x6);
            let (pcs, used) = run_both(code, setup);
            let alu_cost = if entry == 4 { gas::BASE } else { 0 };
            let path = gas::CONTROL + alu_cost + gas::CONTROL;
            assert_eq!(used, path + gas::BASE + gas::ECALL, "{alu:?} {op:?} {x6}");
            let last = if taken { BASE + 24 } else { BASE + 16 };
            assert_eq!(pcs.last(), Some(&last), "{alu:?} {op:?} {x6}");
            let mut m = machine(code, 1000);
            setup(&mut m);
            m.run(&mut ExitHost).expect("exits");
            let x7 = if taken { 2 } else { 1 };
            assert_eq!((m.reg(5), m.reg(7)), (x5, x7), "{alu:?} {op:?} {x6}");
            // Gas for the pair only: out of gas at the edge's block.
            let mut m = machine(code, path);
            setup(&mut m);
            let t = m.run(&mut ExitHost).expect_err("out of gas");
            let edge = if taken { BASE + 20 } else { BASE + 12 };
            assert_eq!((t.pc, t.kind), (edge, TrapKind::OutOfGas));
            assert_eq!(m.reg(5), x5);
        }
    }
}

/// How many fused ops the pair `alu; op` makes: 1 where the fuser has a pair op.
fn expected_fused(alu: Inst, op: BranchOp) -> usize {
    let pair = !matches!(
        (alu, op),
        (
            Inst::Imm {
                op: ImmOp::Addi,
                ..
            },
            BranchOp::Bltu
        ) | (
            Inst::Imm {
                op: ImmOp::Sltiu | ImmOp::Xori | ImmOp::Andi,
                ..
            },
            BranchOp::Bgeu | BranchOp::Bltu
        ) | (
            Inst::Reg { .. },
            BranchOp::Bgeu | BranchOp::Bne | BranchOp::Beq
        )
    );
    // addi + bltu is the bounds-check pair (fused too, as AddiBltu).
    let addi_bltu = matches!(
        (alu, op),
        (
            Inst::Imm {
                op: ImmOp::Addi,
                ..
            },
            BranchOp::Bltu
        )
    );
    (pair || addi_bltu) as usize
}
