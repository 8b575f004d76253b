//! Gas chains (see [`super::chain`]): native code's gas, traps and state equal the
//! interpreter's at every budget, for taken bounds checks, memory faults inside a
//! chain and dynamic entries into its middle.

use super::pins::Pins;
use super::test_support::{addi, assert_native_matches, lw, program_of, sw, Stop};
use super::translate::Tr;
use crate::machine::Machine;
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, Inst};
use std::sync::Arc;

fn branch(op: BranchOp, rs1: u8, rs2: u8, offset: i32) -> Inst {
    Inst::Branch {
        op,
        rs1,
        rs2,
        offset,
    }
}

/// `jalr zero, 0(x13)`: the programs' dynamic entry from native code to `x13`.
const JALR_X13: Inst = Inst::Jalr {
    rd: 0,
    rs1: 13,
    offset: 0,
};

/// Memory size of the test programs.
const SIZE: u32 = 0x3000;

/// The chain whose head is instruction 0 of `code` (static jump targets
/// `targets`): what it pays ahead, which leaders it merged, and each
/// instruction's entry cost.
fn head_chain(code: &[Inst], targets: &[usize]) -> (i32, Vec<bool>, Vec<i32>) {
    let p = program_of(Isa::Rv32em, code, SIZE, Vec::new());
    let module = crate::module::Module::new(&p).unwrap();
    let mut is_target = vec![false; code.len() + 1];
    for &t in targets {
        is_target[t] = true;
    }
    let mut t = Tr::new(&module, Pins::default(), true);
    let extra = t.chain(0, &is_target, code.len()).unwrap();
    let costs = module.entries.iter().map(|e| e.cost as i32).collect();
    (extra, t.merged.clone(), costs)
}

/// Runs `code` on native code against the interpreter at every budget 0..40,
/// for each register setting in `cases` (`x11` = 1 or 2 loop rounds) and each
/// entry in `entries` (`(at, to)`: the host starts at `at`, `x13` = `to` is
/// where the `jalr` at the end goes); returns the number of runs.
fn sweep(
    code: &[Inst],
    pinnings: &[&[u8]],
    cases: &[Vec<(u8, u32)>],
    entries: &[(u32, u32)],
) -> usize {
    let p = program_of(Isa::Rv32em, code, SIZE, Vec::new());
    let module = Arc::new(crate::module::Module::new(&p).unwrap());
    let mut runs = 0;
    for regs in cases {
        for count in [1u32, 2] {
            for &(entry, to) in entries {
                for gas in 0..40 {
                    let setup = |m: &mut Machine| {
                        for &(r, v) in regs {
                            m.set_reg(r, v);
                        }
                        m.set_reg(11, count);
                        m.set_reg(13, 0x400 + 4 * to);
                        m.jump_to(0x400 + 4 * entry).unwrap();
                    };
                    let what =
                        || format!("regs {regs:x?}, x11 {count}, entry {entry} -> {to}, gas {gas}");
                    assert_native_matches(&p, &module, gas, pinnings, &mut Stop, setup, what);
                    runs += 1;
                }
            }
        }
    }
    runs
}

/// Register settings of the sweeps: base register `base` and `gp` (x3) in
/// bounds, at the last word (the store faults), and with `gp` above the memory
/// (the load faults, the checks pass); then the settings in `more`.
fn base_and_gp(base: u8, more: &[(u32, u32)]) -> Vec<Vec<(u8, u32)>> {
    let common = [
        (0x100u32, SIZE),
        (SIZE - 8, SIZE),
        (SIZE - 4, SIZE),
        (SIZE - 4, 0x10_0000),
    ];
    common
        .iter()
        .chain(more)
        .map(|&(b, gp)| vec![(base, b), (3, gp)])
        .collect()
}

/// A loop of three blocks that only bounds checks on `gp` (x3) separate, through
/// the base x8, `x11` times; a failed check goes to trap code at 9; 11 jumps to
/// x13.
fn program() -> Vec<Inst> {
    vec![
        addi(6, 8, 4),                      // 0: loop head, chain head
        branch(BranchOp::Bltu, 3, 6, 32),   // 1: check, to 9
        lw(7, 8, 0),                        // 2: joins the chain
        addi(6, 8, 8),                      // 3
        branch(BranchOp::Bgeu, 8, 3, 20),   // 4: the one-byte form, to 9
        sw(8, 7, 4),                        // 5: joins the chain
        addi(10, 10, 1),                    // 6
        branch(BranchOp::Bne, 10, 11, -28), // 7: back to 0 (ends the chain)
        Inst::Ebreak,                       // 8
        addi(12, 0, 99),                    // 9: trap code
        Inst::Ecall,                        // 10
        JALR_X13,                           // 11: a dynamic entry from native code to x13
    ]
}

#[test]
fn blocks_after_bounds_checks_join_the_head_charge() {
    let (extra, merged, cost) = head_chain(&program(), &[0, 9]);
    assert_eq!(extra, cost[2] + cost[5]);
    assert!(merged[2] && merged[5] && !merged[8] && !merged[9]);
}

#[test]
fn chains_match_the_interpreter_at_every_budget() {
    // Also: the first check taken; wrap-around.
    let cases = base_and_gp(8, &[(0x100, 0x100), (0xffff_fffc, SIZE)]);
    // Entered by the host, or by a `jalr` (at 11) into the chain.
    let entries = [
        (0, 0),
        (1, 0),
        (2, 0),
        (3, 0),
        (5, 0),
        (6, 0),
        (11, 2),
        (11, 5),
    ];
    let runs = sweep(&program(), &[&[], &[8, 3, 6, 10]], &cases, &entries);
    assert_eq!(runs, 6 * 2 * 8 * 40);
}

/// Like [`program`], but the first block ends in a check on other registers
/// (taken when `x8 + 4 < x9`) whose target is one of the compiler's trap stubs
/// (`addi a0, zero, code; jal zero, ...`, at 8), which a chain joins too.
fn trap_program() -> Vec<Inst> {
    vec![
        addi(6, 8, 4),                      // 0: loop head, chain head
        branch(BranchOp::Bltu, 6, 9, 28),   // 1: to the trap stub at 8
        lw(7, 8, 0),                        // 2: joins the chain
        branch(BranchOp::Bltu, 3, 6, 20),   // 3: check, to 8
        sw(8, 7, 4),                        // 4: joins the chain
        addi(14, 14, 1),                    // 5
        branch(BranchOp::Bne, 14, 11, -24), // 6: back to 0 (ends the chain)
        Inst::Ebreak,                       // 7
        addi(10, 0, 5),                     // 8: the trap stub
        Inst::Jal { rd: 0, offset: 8 },     // 9: to 11
        Inst::Ebreak,                       // 10
        Inst::Ecall,                        // 11
        JALR_X13,                           // 12: a dynamic entry from native code to x13
    ]
}

#[test]
fn blocks_after_branches_to_trap_stubs_join_the_head_charge() {
    let (extra, merged, cost) = head_chain(&trap_program(), &[0, 8, 11]);
    assert_eq!(extra, cost[2] + cost[4]);
    assert!(merged[2] && merged[4] && !merged[7]);
}

#[test]
fn trap_stub_chains_match_the_interpreter_at_every_budget() {
    // The first check never taken or always; in bounds, the store or the load
    // faulting.
    let mut cases = Vec::new();
    for x9 in [0u32, u32::MAX] {
        for base in [0x100u32, SIZE - 4, SIZE] {
            cases.push(vec![(8, base), (9, x9), (3, SIZE)]);
        }
    }
    let entries = [(0, 0), (1, 0), (2, 0), (4, 0), (5, 0), (12, 2), (12, 4)];
    let runs = sweep(&trap_program(), &[&[], &[8, 3, 6, 9]], &cases, &entries);
    assert_eq!(runs, 2 * 3 * 2 * 7 * 40);
}

/// A region with shared range checks (two accesses through x8, pinned, which
/// the region first writes: a later check right after the write) over blocks
/// that only bounds checks separate; a failed check goes to trap code at 10.
fn region_program() -> Vec<Inst> {
    vec![
        addi(8, 9, 0),                      // 0: head; writes the base
        addi(6, 8, 8),                      // 1: the later range check is before this
        branch(BranchOp::Bltu, 3, 6, 32),   // 2: check, to 10
        lw(7, 8, 0),                        // 3: joins the chain
        branch(BranchOp::Bltu, 3, 6, 24),   // 4: check, to 10
        sw(8, 7, 4),                        // 5: joins the chain
        addi(12, 12, 1),                    // 6
        branch(BranchOp::Bne, 12, 11, -28), // 7: back to 0 (ends the chain)
        Inst::Ebreak,                       // 8
        Inst::Ebreak,                       // 9
        addi(10, 0, 99),                    // 10: trap code
        Inst::Ecall,                        // 11
        JALR_X13,                           // 12: a dynamic entry from native code to x13
    ]
}

#[test]
fn a_planned_region_chains_up_to_its_end() {
    let code = region_program();
    let p = program_of(Isa::Rv32em, &code, SIZE, Vec::new());
    let module = crate::module::Module::new(&p).unwrap();
    let mut t = Tr::new(&module, Pins::new(&[8, 3, 6, 12], 16), false);
    let plan = t.plan(&module, 0, 6).expect("two accesses through x8");
    assert_eq!(plan.later.len(), 1);
    let mut targets = vec![false; code.len() + 1];
    targets[0] = true;
    // The chain stops at the region's end even where the next block would join.
    assert_eq!(
        t.chain(0, &targets, 5).unwrap(),
        module.entries[3].cost as i32
    );
    let costs = module.entries[3].cost + module.entries[5].cost;
    assert_eq!(t.chain(0, &targets, 6).unwrap(), costs as i32);
}

#[test]
fn planned_region_chains_match_the_interpreter_at_every_budget() {
    // With x8 pinned the region plans its two accesses (the range check fails
    // near the end of memory and on wrap-around, continuing in the ordinary
    // copy, which pays for its own blocks); unpinned it is an ordinary chain.
    let cases = base_and_gp(9, &[(0xffff_fffc, SIZE), (0xffff_fffc, 0x10_0000)]);
    let entries = [(0, 0), (1, 0), (3, 0), (5, 0), (12, 1), (12, 3), (12, 5)];
    let runs = sweep(&region_program(), &[&[], &[8, 3, 6, 12]], &cases, &entries);
    assert_eq!(runs, 6 * 2 * 7 * 40);
}
