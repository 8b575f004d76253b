//! Run marks (see [`super::run_mark`]): a run's anchor marks every page its
//! joined stores write, down from the anchor and up, across a compiler check
//! and a load that may fault between them, from page -1 to the end of memory,
//! with a guest address that wraps, and however native code is entered.

use super::pins::Pins;
use super::test_support::{addi, lw, mark_cases, program_of, sw};
use super::translate::Tr;
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, Inst, StoreOp};

fn store(op: StoreOp, offset: i32) -> Inst {
    Inst::Store {
        op,
        rs1: 8,
        rs2: 5,
        offset,
    }
}

/// The runs, each tried alone (see [`program`]): the index of its anchor in
/// the program, its delta, and its instructions.
fn runs() -> [(usize, i32, Vec<Inst>); 4] {
    [
        // Down from 160 in pairs (keccak's theta): all join 160.
        (
            1,
            -160,
            vec![
                store(StoreOp::Sw, 160),
                store(StoreOp::Sw, 164),
                store(StoreOp::Sw, 120),
                store(StoreOp::Sw, 124),
                store(StoreOp::Sw, 0),
                store(StoreOp::Sw, 4),
            ],
        ),
        // A load that may fault and a check on its way to a trap stub between
        // the anchor and the stores that join it (one region).
        (
            1,
            -992,
            vec![
                store(StoreOp::Sw, 1000),
                lw(6, 9, 0),
                Inst::Branch {
                    op: BranchOp::Bltu,
                    rs1: 7,
                    rs2: 8,
                    // To the trap stub after the `ecall` (see `program`).
                    offset: 4 * 5,
                },
                store(StoreOp::Sw, 8),
                store(StoreOp::Sw, 12),
                store(StoreOp::Sb, 1020),
            ],
        ),
        // Both ways, to 1 KiB less one: 4 above the lowest is too far and marks
        // on its own.
        (
            1,
            -1020,
            vec![
                store(StoreOp::Sw, 0),
                store(StoreOp::Sh, -1020),
                store(StoreOp::Sb, 3),
                store(StoreOp::Sw, 4),
                store(StoreOp::Sw, -8),
            ],
        ),
        // Through a displaced copy of the base (x11 = x8 + 64) and the base
        // itself, with a load that may fault between them: one run from 0.
        (
            2,
            -64,
            vec![
                addi(11, 8, 64),
                sw(11, 5, 0),
                lw(6, 9, 0),
                store(StoreOp::Sw, 0),
                sw(11, 5, -60),
                store(StoreOp::Sh, 900),
            ],
        ),
    ]
}

/// `x5 = 0x55`, run `k`, `ecall`, then a trap stub like the compiler's
/// (`addi a0, zero, code; jal zero, ...`) that ends at the `ecall`.
fn program(k: usize) -> Vec<Inst> {
    let mut code = vec![addi(5, 0, 0x55)];
    code.extend(runs()[k].2.clone());
    code.push(Inst::Ecall);
    code.push(addi(10, 0, 7));
    code.push(Inst::Jal { rd: 0, offset: -8 });
    code
}

#[test]
fn runs_anchor_where_planned() {
    for (k, (at, delta, run)) in runs().into_iter().enumerate() {
        let code = program(k);
        let p = program_of(Isa::Rv32em, &code, 0x3000, Vec::new());
        let module = crate::module::Module::new(&p).unwrap();
        let end = 1 + run.len();
        let mut t = Tr::new(&module, Pins::default(), true);
        assert!(t.plan(&module, 0, end).is_some(), "run {k}");
        let anchors: Vec<_> = (0..end)
            .filter_map(|i| t.scratch.anchor[i].map(|d| (i, d)))
            .collect();
        assert_eq!(anchors, [(at, delta)], "run {k}");
        let joined = (0..end).filter(|&i| t.scratch.unmarked[i]).count();
        let stores = run
            .iter()
            .filter(|i| matches!(i, Inst::Store { .. }))
            .count();
        // Every store but the anchor joins, except the last one of run 2.
        assert_eq!(joined, stores - 1 - usize::from(k == 2), "run {k}");
        // Checked code plans no runs.
        let mut t = Tr::new(&module, Pins::default(), false);
        t.plan(&module, 0, end);
        assert!((0..end).all(|i| t.scratch.anchor[i].is_none()), "run {k}");
    }
}

#[test]
fn run_marks_cover_every_page_written_however_entered() {
    let programs: Vec<_> = (0..runs().len()).map(program).collect();
    // Page -1 (a base below the run's lowest offset), page boundaries inside
    // the run, the end of memory (stores fault from the anchor or a later one
    // on), and a base whose addresses wrap past 2^32.
    let bases = |size| {
        [
            0x10,
            0x3f0,
            0x400,
            0x7fc,
            0x1000 - 160,
            0x1404,
            size - 164,
            size - 4,
            size,
            0xffff_ff80,
            0xffff_fc00,
        ]
    };
    // The load (at x9) faults or not; the check (x7 below the base) leaves
    // or not.
    let variants = [(false, u32::MAX), (true, u32::MAX), (false, 0)];
    let cases = mark_cases(
        "run",
        &programs,
        bases,
        &variants,
        |m, size, _, (fault, check)| {
            m.set_reg(9, if fault { size } else { 0 });
            m.set_reg(7, check);
        },
    );
    assert_eq!(cases, 4 * 2 * 11 * 2 * 3);
}
