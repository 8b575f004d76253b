//! Stores through `sp` without their own marks (see [`super::stack`]): every page
//! the interpreter marks is marked by native code too, whatever the host does to
//! `sp` and the dirty map at an `ecall`, and however native code is entered.

use super::stack::{marked_on_entry, needed_from};
use super::test_support::{addi, assert_native_matches, program_of};
use crate::machine::{Control, Host, Machine};
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, Inst, StoreOp};
use std::sync::Arc;

/// At each `ecall`: clears the dirty map and moves `sp` by `step` bytes.
struct Mover {
    step: u32,
}

impl Host for Mover {
    type Error = ();
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, ()> {
        m.memory_mut().clear_dirty();
        m.set_reg(2, m.reg(2).wrapping_add(self.step));
        Ok(Control::Continue)
    }
}

fn sw(offset: i32) -> Inst {
    sw_via(2, offset)
}

fn sw_via(rs1: u8, offset: i32) -> Inst {
    Inst::Store {
        op: StoreOp::Sw,
        rs1,
        rs2: 5,
        offset,
    }
}

/// Sets sp, stores around it, calls the host (which moves sp and clears the dirty
/// map), stores again, jumps dynamically into code that relies on marked pages,
/// stores.
fn program() -> Vec<Inst> {
    vec![
        addi(5, 0, 0x55),  // 0
        addi(2, 2, -2048), // 1: sp written, pages marked
        sw(-2048),         // 2
        sw(2044),          // 3
        Inst::Ecall,       // 4: host moves sp, clears the map
        sw(-4),            // 5: after the ecall
        sw(2040),          // 6
        addi(6, 0, 0x400 + 4 * 11),
        Inst::Jalr {
            rd: 0,
            rs1: 6,
            offset: 0,
        }, // 8: to 11, dynamically
        sw(-2000),     // 9: entered only by the host
        Inst::Ecall,   // 10: host moves sp, clears the map
        sw(0),         // 11: relies on marked pages (after the ecall)
        addi(7, 0, 1), // 12
        sw(-64),       // 13
        Inst::Ebreak,  // 14
    ]
}

#[test]
fn host_moves_and_cleared_maps_keep_every_store_through_sp_marked() {
    let code = program();
    let size = 0x9000;
    let p = program_of(Isa::Rv32em, &code, size, Vec::new());
    let module = Arc::new(crate::module::Module::new(&p).unwrap());
    let pinnings: [&[u8]; 3] = [&[], &[2], &[5, 2, 6]];
    let mut cases = 0;
    for sp in [0x8000u32, 0x8804, 0x5ffc, 0x1000, 0x800, 0x10, 0xffff_fff0] {
        for step in [0u32, 8, 0x1000, 0xffff_f000, 0x804] {
            for entry in [0u32, 5, 9, 11] {
                let setup = |m: &mut Machine| {
                    m.set_reg(2, sp);
                    m.memory_mut().clear_dirty();
                    m.jump_to(0x400 + 4 * entry).unwrap();
                };
                let what = || format!("sp {sp:#x}, step {step:#x}, entry {entry}");
                assert_native_matches(
                    &p,
                    &module,
                    10_000,
                    &pinnings,
                    &mut Mover { step },
                    setup,
                    what,
                );
                cases += 1;
            }
        }
    }
    assert_eq!(cases, 7 * 5 * 4);
}

#[test]
fn a_module_linking_into_sp_marks_every_store() {
    let mut code = program();
    code[12] = Inst::Jal { rd: 2, offset: 4 };
    code[7] = addi(2, 2, 64);
    assert!(super::stack::analyse(&{
        let p = program_of(Isa::Rv32em, &code, 0x9000, Vec::new());
        crate::module::Module::new(&p).unwrap()
    })
    .is_none());
    let p = program_of(Isa::Rv32em, &code, 0x9000, Vec::new());
    let module = Arc::new(crate::module::Module::new(&p).unwrap());
    for sp in [0x8000u32, 0x10] {
        let setup = |m: &mut Machine| {
            m.set_reg(2, sp);
            m.memory_mut().clear_dirty();
        };
        assert_native_matches(
            &p,
            &module,
            10_000,
            &[&[], &[2]],
            &mut Mover { step: 0x1000 },
            setup,
            || format!("sp {sp:#x}"),
        );
    }
}

#[test]
fn stores_rely_on_marks_only_after_sp_is_set_on_every_path() {
    let insts = [
        sw_via(2, 0),    // 0: entry, nothing marked yet
        addi(2, 2, -16), // 1: sets sp
        sw_via(2, 4),    // 2: marked
        Inst::Branch {
            op: BranchOp::Beq,
            rs1: 5,
            rs2: 0,
            offset: 8,
        }, // 3: to 5
        Inst::Jal { rd: 1, offset: 12 }, // 4: call 7, returns to 5
        sw_via(2, 8),    // 5: marked on both edges
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }, // 6
        sw_via(2, 0),    // 7: callee, reached from the marked call
        Inst::Ecall,     // 8
        sw_via(2, 0),    // 9: after an ecall, which marks
        Inst::Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        }, // 10
        sw_via(2, 0),    // 11: no static predecessor
    ];
    let m = marked_on_entry(&insts);
    assert_eq!(
        m,
        [false, false, true, true, true, true, true, true, true, true, true, false]
    );
    // The lowest offset the marking must cover from each instruction on: up to
    // the next sp write or ecall, through calls and branches.
    let (none, at) = (None, Some);
    assert_eq!(
        needed_from(&insts, &m),
        [
            none,
            none,
            at(0),
            at(0),
            at(0),
            at(8),
            none,
            at(0),
            none,
            at(0),
            none,
            none
        ]
    );
}

#[test]
fn a_join_with_an_unmarked_path_is_unmarked_and_loops_rely_on_their_entries() {
    let join = [
        sw_via(2, 0), // 0: entry
        Inst::Branch {
            op: BranchOp::Beq,
            rs1: 5,
            rs2: 0,
            offset: 8,
        }, // 1: to 3, unmarked
        addi(2, 2, -16), // 2
        sw_via(2, 0), // 3: one edge unmarked
        addi(2, 2, 16), // 4
        sw_via(2, 0), // 5
    ];
    assert_eq!(
        marked_on_entry(&join),
        [false, false, false, false, false, true]
    );
    // Instruction 0 is reached only from the loop: its dynamic entries mark
    // `sp`'s pages (see the module docs), so the whole loop relies on them.
    let looped = [
        sw_via(2, 0), // 0
        Inst::Branch {
            op: BranchOp::Bne,
            rs1: 5,
            rs2: 0,
            offset: -4,
        }, // 1: back to 0
    ];
    assert_eq!(marked_on_entry(&looped), [true, true]);
}

#[test]
fn one_marking_covers_stores_four_pages_above_its_lowest() {
    // Stores at sp - 2048 and sp + 2044 after one write of sp: their first bytes
    // lie 4092 bytes apart, on five pages (1 KiB) when sp - 2048 is not aligned.
    let code = vec![
        addi(5, 0, 0x55),
        addi(2, 2, 0),
        sw(-2048),
        sw(2044),
        Inst::Ebreak,
    ];
    let p = program_of(Isa::Rv32em, &code, 0x9000, Vec::new());
    let module = Arc::new(crate::module::Module::new(&p).unwrap());
    let pinnings: [&[u8]; 2] = [&[], &[2]];
    for sp in [0x4000u32, 0x4004, 0x43fc, 0x4200, 0x87fc] {
        let setup = |m: &mut Machine| {
            m.set_reg(2, sp);
            m.memory_mut().clear_dirty();
            m.jump_to(0x400).unwrap();
        };
        let what = || format!("sp {sp:#x}");
        let r = assert_native_matches(
            &p,
            &module,
            1000,
            &pinnings,
            &mut Mover { step: 0 },
            setup,
            what,
        );
        assert_eq!(r, Some(crate::TrapKind::Ebreak), "sp {sp:#x}");
    }
}
