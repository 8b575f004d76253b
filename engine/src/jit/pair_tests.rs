//! Paired dirty marks (see [`super::pair`]): every page the interpreter marks is
//! marked by native code too, when the second store crosses into the next page,
//! at the end of memory, when a store faults, and when native code is entered at
//! the second store.

use super::pins::Pins;
use super::test_support::{addi, mark_cases, program_of};
use super::translate::Tr;
use rivet_format::program::Isa;
use rivet_format::rv32::{Inst, StoreOp};

fn store(op: StoreOp, offset: i32) -> Inst {
    Inst::Store {
        op,
        rs1: 8,
        rs2: 5,
        offset,
    }
}

/// Pairs through x8 with positive offsets, then (with a third store between
/// them, which makes a planned region) with negative ones.
fn program() -> Vec<Inst> {
    let mut code = vec![addi(5, 0, 0x55)];
    for group in groups() {
        code.extend(group);
    }
    code.push(Inst::Ecall);
    code
}

/// The stores of [`program`], in groups that each run alone (the others are
/// jumped over in [`one_group`]).
fn groups() -> [Vec<Inst>; 3] {
    [
        // 1: marks its page and the next; 2: covered by 1.
        vec![store(StoreOp::Sw, 0), store(StoreOp::Sw, 4)],
        // 3: marks two pages for 4.
        vec![store(StoreOp::Sb, 2047), store(StoreOp::Sh, 2047)],
        // 5: marks two pages for 6; 7 lies between them (a planned region).
        vec![
            store(StoreOp::Sw, -8),
            store(StoreOp::Sw, -4),
            store(StoreOp::Sh, -6),
        ],
    ]
}

/// The program with only group `k` of [`groups`], then an `ecall`.
fn one_group(k: usize) -> Vec<Inst> {
    let mut code = vec![addi(5, 0, 0x55)];
    code.extend(groups()[k].clone());
    code.push(Inst::Ecall);
    code
}

#[test]
fn only_consecutive_stores_through_one_base_pair() {
    let code = program();
    let p = program_of(Isa::Rv32em, &code, 0x3000, Vec::new());
    let module = crate::module::Module::new(&p).unwrap();
    let t = Tr::new(&module, Pins::default(), true);
    let paired: Vec<usize> = (0..code.len()).filter(|&i| t.pairs_with_next(i)).collect();
    // 2 and 3 (offsets 4 and 2047) lie more than a page (1 KiB) apart: no pair.
    assert_eq!(paired, [1, 3, 5]);
    // Checked code keeps one mark per store.
    let t = Tr::new(&module, Pins::default(), false);
    assert!((0..code.len()).all(|i| !t.pairs_with_next(i)));
}

#[test]
fn paired_marks_cover_both_pages_however_entered() {
    let programs: Vec<_> = (0..groups().len()).map(one_group).collect();
    // Crossing into the next page, inside one page, at the end of memory (the
    // mark's second page is past the last), faulting in the first or the
    // second store of a pair.
    let bases = |size| {
        [
            0x0ffc,
            0x1ffa,
            0x1000,
            0x1800,
            0x0801,
            0x1808,
            0x1004,
            size - 8,
            size - 6,
            size - 4,
            size,
        ]
    };
    // With a clean map, or with the page of the base or the next one already
    // marked (a mark is written only where the map reads unmarked, so a pair
    // half marked must still mark its other half).
    let marked = [None, Some(0), Some(0x400)];
    let cases = mark_cases(
        "group",
        &programs,
        bases,
        &marked,
        |m, size, base, marked| {
            if let Some(at) = marked.map(|d| base.wrapping_add(d)).filter(|&a| a < size) {
                // A byte of 0 over the zeroed memory: marks the page only.
                m.memory_mut().write(at, &[0]).unwrap();
            }
        },
    );
    assert_eq!(cases, 3 * 2 * 11 * 2 * 3);
}
