//! Range checks placed after a region writes its base register (see [`super::group`]):
//! the base written inside a fused idiom and by one, accesses on both sides of a
//! compiler-style bounds check, every base value around the memory edges, every
//! entry point, gas running out, several pinnings, against the interpreter.

use super::test_support::{assert_native_matches, program_of};
use crate::machine::{Control, Host, Machine};
use crate::module::Module;
use rivet_format::program::{DataSegment, Isa, Program};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};
use std::sync::Arc;

struct Continue;

impl Host for Continue {
    type Error = ();
    fn ecall(&mut self, _: &mut Machine) -> Result<Control, ()> {
        Ok(Control::Continue)
    }
}

fn program() -> Program {
    use Inst::*;
    let r = |op, rd, rs1, rs2| Reg { op, rd, rs1, rs2 };
    let load = |op, rd, offset| Load {
        op,
        rd,
        rs1: 2,
        offset,
    };
    let store = |op, rs2, offset| Store {
        op,
        rs1: 2,
        rs2,
        offset,
    };
    let code = [
        // An i64 add whose low word is the base: the base's check lands after it.
        r(RegOp::Add, 2, 2, 7),
        r(RegOp::Sltu, 5, 2, 7),
        r(RegOp::Add, 6, 6, 8),
        r(RegOp::Add, 6, 6, 5),
        load(LoadOp::Lw, 9, 0),
        load(LoadOp::Lw, 10, 4),
        store(StoreOp::Sw, 9, -4),
        // Never taken, on gp: the next block joins the region.
        Branch {
            op: BranchOp::Bltu,
            rs1: 3,
            rs2: 0,
            offset: 24,
        },
        load(LoadOp::Lw, 11, 8),
        // A constant base (lui + addi, fused), then two accesses through it.
        Lui { rd: 2, imm: 0 },
        Imm {
            op: ImmOp::Addi,
            rd: 2,
            rs1: 2,
            imm: 0x3a,
        },
        store(StoreOp::Sw, 11, 0),
        load(LoadOp::Lh, 12, 4),
        Ebreak,
    ];
    let data = vec![DataSegment {
        addr: 0,
        bytes: (0..0x40u8).map(|b| b.wrapping_mul(29)).collect(),
    }];
    program_of(Isa::Rv32em, &code, 0x40, data)
}

#[test]
fn checks_after_a_base_write_trap_and_enter_like_the_interpreter() {
    let p = program();
    let n = p.code.len() as u32;
    let module = Arc::new(Module::new(&p).unwrap());
    // Every base the first run's range [base - 4, base + 12) can straddle the end
    // of memory with, plus the low edge and wrap-around.
    let bases: Vec<u32> = (0x30..=0x40).chain([0, 3, 4, 0xffff_fffc]).collect();
    let steps = [0u32, 4, 0xffff_fff8];
    let pinnings: [&[u8]; 4] = [&[], &[2], &[2, 5, 6, 7], &[9, 2, 10, 11, 12]];
    let (mut faults, mut clean) = (0, 0);
    for (&base, &step) in bases.iter().flat_map(|b| steps.iter().map(move |s| (b, s))) {
        for (entry, gas) in (0..n).flat_map(|e| [(e, 3), (e, 7), (e, 1000)]) {
            let start = |m: &mut Machine| {
                m.set_reg(2, base);
                m.set_reg(7, step);
                m.set_reg(8, 0x8000_0000);
                m.jump_to(0x400 + 4 * entry).unwrap();
            };
            let what = || format!("base {base:#x}, step {step:#x}, entry {entry}, gas {gas}");
            let r = assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, start, what);
            match r {
                Some(crate::TrapKind::MemoryFault { .. }) => faults += 1,
                Some(crate::TrapKind::Ebreak) => clean += 1,
                _ => {}
            }
        }
    }
    // Both paths are exercised: some runs pass every check, others fault.
    assert!(faults > 50 && clean > 50, "{faults} faults, {clean} clean");
}

/// Stores through one base, some between two earlier stores' offsets (no dirty
/// mark of their own), across a bounds check on gp and a write of the base.
fn stores() -> Program {
    use Inst::*;
    let sw = |op, offset| Store {
        op,
        rs1: 8,
        rs2: 9,
        offset,
    };
    let code = [
        sw(StoreOp::Sw, 8),
        sw(StoreOp::Sw, -8),
        // Between -8 and 8: its page is one of theirs.
        sw(StoreOp::Sb, 0),
        Load {
            op: LoadOp::Lw,
            rd: 10,
            rs1: 8,
            offset: 4,
        },
        sw(StoreOp::Sh, 6),
        // Never taken, on gp: the next block joins the region.
        Branch {
            op: BranchOp::Bltu,
            rs1: 3,
            rs2: 0,
            offset: 32,
        },
        sw(StoreOp::Sw, 2040),
        sw(StoreOp::Sw, 1000),
        // A new base value: earlier stores cover nothing.
        Imm {
            op: ImmOp::Addi,
            rd: 8,
            rs1: 8,
            imm: 4,
        },
        sw(StoreOp::Sw, 0),
        sw(StoreOp::Sw, 0),
        sw(StoreOp::Sb, -2048),
        sw(StoreOp::Sw, -4),
        Ebreak,
    ];
    program_of(Isa::Rv32em, &code, 0x3000, vec![])
}

#[test]
fn stores_without_their_own_dirty_mark_dirty_the_same_pages() {
    let p = stores();
    let n = p.code.len() as u32;
    let module = Arc::new(Module::new(&p).unwrap());
    // Bases whose stores straddle page (1 KiB) boundaries, the end of memory and the
    // 2^32 wrap-around.
    let mut bases = vec![
        0,
        4,
        8,
        0x7f8,
        0x800,
        0x2ff8,
        0x2800,
        0xffff_fff8,
        0xffff_fffc,
        // The store at 1000 lies on the page (1 KiB) between those of the stores at
        // 8 and 2040, more than a page apart: it must mark its own.
        0x100,
        0x500,
    ];
    for page in [0x400u32, 0xc00, 0x1000, 0x2000] {
        for d in [-2044i32, -2040, -2036, -8, -4, 0, 4, 8] {
            bases.push(page.wrapping_add_signed(d));
        }
    }
    let pinnings: [&[u8]; 3] = [&[], &[8], &[8, 9, 10]];
    let (mut faults, mut clean) = (0, 0);
    for &base in &bases {
        for (entry, gas) in (0..n).flat_map(|e| [(e, 4), (e, 1000)]) {
            let start = |m: &mut Machine| {
                m.set_reg(8, base);
                m.set_reg(9, 0xa5c3_5a3c);
                m.jump_to(0x400 + 4 * entry).unwrap();
            };
            let what = || format!("base {base:#x}, entry {entry}, gas {gas}");
            let r = assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, start, what);
            match r {
                Some(crate::TrapKind::MemoryFault { .. }) => faults += 1,
                Some(crate::TrapKind::Ebreak) => clean += 1,
                _ => {}
            }
        }
    }
    assert!(faults > 20 && clean > 100, "{faults} faults, {clean} clean");
}
