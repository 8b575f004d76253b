//! The same code under different register pinnings must behave like the
//! interpreter (the integration tests in `tests/jit.rs` only see the default pins).

use super::test_support::{assert_native_matches, program_of};
use crate::machine::{Control, Host, Machine};
use crate::memory::Memory;
use crate::module::Module;
use rivet_format::program::{DataSegment, Isa, Program};
use rivet_format::rv32::{BranchOp, ImmOp, Inst, LoadOp, RegOp, StoreOp};
use std::sync::Arc;

struct Continue;

impl Host for Continue {
    type Error = ();
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, ()> {
        // Change a pinned-or-not register the code reads next.
        m.set_reg(9, m.reg(9).wrapping_add(100));
        Ok(Control::Continue)
    }
}

/// Every kind of instruction, registers x1..x15, a loop with an ecall.
fn program() -> Program {
    use Inst::*;
    let r = |op, rd, rs1, rs2| Reg { op, rd, rs1, rs2 };
    let i = |op, rd, rs1, imm| Imm { op, rd, rs1, imm };
    let code = [
        i(ImmOp::Addi, 6, 0, 7),
        i(ImmOp::Addi, 9, 0, -3),
        Lui {
            rd: 10,
            imm: 0x8000_0000,
        },
        // loop:
        r(RegOp::Add, 11, 6, 9),
        r(RegOp::Sub, 9, 11, 9),
        r(RegOp::Mulh, 12, 10, 9),
        r(RegOp::Mulhsu, 13, 9, 10),
        r(RegOp::Mulhu, 14, 9, 9),
        r(RegOp::Div, 15, 10, 9),
        r(RegOp::Rem, 7, 9, 6),
        r(RegOp::Divu, 8, 9, 6),
        r(RegOp::Remu, 5, 9, 0),
        r(RegOp::Sll, 4, 9, 6),
        r(RegOp::Sra, 3, 10, 6),
        r(RegOp::Slt, 1, 9, 6),
        r(RegOp::Sltu, 12, 9, 6),
        i(ImmOp::Sltiu, 13, 9, -1),
        i(ImmOp::Srai, 14, 9, 3),
        Store {
            op: StoreOp::Sw,
            rs1: 2,
            rs2: 9,
            offset: -8,
        },
        Store {
            op: StoreOp::Sb,
            rs1: 2,
            rs2: 11,
            offset: -1,
        },
        Load {
            op: LoadOp::Lh,
            rd: 15,
            rs1: 2,
            offset: -8,
        },
        Load {
            op: LoadOp::Lbu,
            rd: 4,
            rs1: 2,
            offset: -1,
        },
        Ecall,
        i(ImmOp::Addi, 6, 6, -1),
        Branch {
            op: BranchOp::Bne,
            rs1: 6,
            rs2: 0,
            offset: -80,
        },
        Jal { rd: 1, offset: 8 },
        Ebreak,
        Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        },
    ];
    program_of(Isa::Rv32em, &code, 0x100, vec![])
}

#[test]
fn every_pinning_matches_the_interpreter() {
    let p = program();
    let module = Arc::new(Module::new(&p).unwrap());
    for gas in [0, 10, 50, 200, 1000, 100_000] {
        // Ten pins put the last one in rdx, which division clobbers: as the
        // quotient's destination (15), the dividend (10), the divisor (9, 6), a
        // remainder's destination (7, 5) and a bystander (14).
        let pinnings: [&[u8]; 12] = [
            &[],
            &[1, 2, 3, 4, 5, 6],
            &[10, 11, 12, 13, 14, 15],
            &[9, 6, 2],
            &[7, 8, 9, 10, 11, 12, 13],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
            &[1, 2, 3, 4, 6, 7, 8, 9, 11, 15],
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
            &[1, 2, 3, 4, 5, 7, 8, 10, 11, 9],
            &[1, 2, 3, 4, 5, 9, 8, 10, 11, 6],
            &[1, 2, 3, 4, 6, 9, 8, 10, 11, 7],
            &[1, 2, 3, 4, 6, 9, 8, 10, 11, 14],
        ];
        let (setup, what) = (|_: &mut Machine| {}, || format!("gas {gas}"));
        assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, setup, what);
    }
}

#[test]
fn a_replaced_memory_is_reloaded() {
    let p = program();
    let module = Arc::new(Module::new(&p).unwrap());
    let mut m = Machine::from_program(&p, module, 1000).unwrap();
    m.set_jit(true);
    *m.memory_mut() = Memory::new(4);
    let r = m.run(&mut Continue);
    assert!(m.jit_active());
    assert_eq!(
        r.unwrap_err().kind,
        crate::TrapKind::MemoryFault {
            addr: 0xf8,
            size: 4
        }
    );
}

/// Replaces the whole machine (module included) on its first ecall with one
/// running `next` from its entry.
struct Replace(Option<Machine>);

impl Host for Replace {
    type Error = ();
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, ()> {
        match self.0.take() {
            Some(next) => {
                // The old module is dropped here, while native code of it was running.
                *m = next;
                Ok(Control::Continue)
            }
            None => Ok(Control::Exit(m.reg(10))),
        }
    }
}

#[test]
fn a_host_may_replace_the_machine_and_its_module() {
    use Inst::*;
    let p = program();
    let module = Arc::new(Module::new(&p).unwrap());
    let mut m = Machine::from_program(&p, module, 1000).unwrap();
    m.set_jit(true);
    // The replacement: a0 = 42, then an ecall that exits with it.
    let q = program_of(
        Isa::Rv32em,
        &[
            Imm {
                op: ImmOp::Addi,
                rd: 10,
                rs1: 0,
                imm: 42,
            },
            Ecall,
        ],
        0x100,
        Vec::new(),
    );
    let next = Machine::from_program(&q, Arc::new(Module::new(&q).unwrap()), 1000).unwrap();
    assert!(next.jit_active());
    assert_eq!(m.run(&mut Replace(Some(next))), Ok(42));
}

/// A load into a register, then uses of it that native code reads from `rcx`;
/// the first pass enters the use dynamically (`jalr`), where `rcx` holds nothing.
fn forwarding_program() -> Program {
    use Inst::*;
    let r = |op, rd, rs1, rs2| Reg { op, rd, rs1, rs2 };
    let i = |op, rd, rs1, imm| Imm { op, rd, rs1, imm };
    let code = [
        i(ImmOp::Addi, 2, 0, 0x40),
        i(ImmOp::Addi, 14, 0, 77),
        Store {
            op: StoreOp::Sw,
            rs1: 2,
            rs2: 14,
            offset: 0,
        },
        i(ImmOp::Addi, 14, 0, 5),
        i(ImmOp::Addi, 1, 0, 0x420),
        Jalr {
            rd: 0,
            rs1: 1,
            offset: 0,
        },
        Ebreak,
        // 0x41c: loop head (a leader); 0x420: the dynamic entry.
        Load {
            op: LoadOp::Lw,
            rd: 14,
            rs1: 2,
            offset: 0,
        },
        r(RegOp::Xor, 8, 8, 14),
        i(ImmOp::Slti, 13, 14, 80),
        r(RegOp::Sltu, 12, 8, 14),
        r(RegOp::Add, 11, 12, 14),
        r(RegOp::Xor, 14, 14, 11),
        i(ImmOp::Addi, 14, 14, 3),
        r(RegOp::Sll, 10, 14, 14),
        Store {
            op: StoreOp::Sw,
            rs1: 2,
            rs2: 14,
            offset: 4,
        },
        i(ImmOp::Addi, 6, 6, 1),
        i(ImmOp::Addi, 7, 0, 3),
        Branch {
            op: BranchOp::Bltu,
            rs1: 6,
            rs2: 7,
            offset: -44,
        },
        Ebreak,
    ];
    program_of(Isa::Rv32em, &code, 0x100, vec![])
}

#[test]
fn forwarded_values_match_with_dynamic_entries() {
    let p = forwarding_program();
    let module = Arc::new(Module::new(&p).unwrap());
    for gas in [0, 9, 12, 20, 30, 45, 1000] {
        let pinnings: [&[u8]; 5] = [&[], &[14], &[8, 11, 12], &[2, 6, 7], &[1, 2, 14, 8]];
        let (setup, what) = (|_: &mut Machine| {}, || format!("gas {gas}"));
        assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, setup, what);
    }
}

/// Two blocks (the second entered only by falling through) of accesses through one
/// base, checked once at the first block's start when the base is pinned: every
/// interesting base value, every entry point, gas running out in either block.
#[test]
fn shared_range_checks_trap_and_enter_like_the_interpreter() {
    use Inst::*;
    let lw = |rd, offset| Load {
        op: LoadOp::Lw,
        rd,
        rs1: 2,
        offset,
    };
    let code = [
        lw(5, -8),
        Store {
            op: StoreOp::Sw,
            rs1: 2,
            rs2: 5,
            offset: 4,
        },
        // Never taken (nothing is below 0), on gp like the compiler's bounds checks:
        // the next block is entered only by falling through and joins the region;
        // the target is the final ebreak.
        Branch {
            op: BranchOp::Bltu,
            rs1: 3,
            rs2: 0,
            offset: 24,
        },
        lw(6, -4),
        Reg {
            op: RegOp::Add,
            rd: 7,
            rs1: 5,
            rs2: 6,
        },
        Store {
            op: StoreOp::Sb,
            rs1: 2,
            rs2: 7,
            offset: 9,
        },
        Load {
            op: LoadOp::Lhu,
            rd: 2,
            rs1: 2,
            offset: 0,
        },
        lw(8, 0),
        Ebreak,
    ];
    let p = program_of(
        Isa::Rv32em,
        &code,
        0x40,
        vec![DataSegment {
            addr: 0,
            bytes: (0..0x40u8).map(|b| b.wrapping_mul(37)).collect(),
        }],
    );
    let module = Arc::new(Module::new(&p).unwrap());
    let bases = [
        0u32,
        4,
        7,
        8,
        9,
        0x20,
        0x36,
        0x37,
        0x38,
        0x3c,
        0x40,
        0xffff_fffc,
        0x8000_0000,
    ];
    let pinnings: [&[u8]; 3] = [&[], &[2], &[2, 5, 6, 7]];
    let mut faults = 0;
    for (base, gas) in bases.iter().flat_map(|&b| [(b, 2), (b, 4), (b, 1000)]) {
        for entry in 0..code.len() as u32 {
            let start = |m: &mut Machine| {
                m.set_reg(2, base);
                m.jump_to(0x400 + 4 * entry).unwrap();
            };
            let what = || format!("base {base:#x}, entry {entry}, gas {gas}");
            let r = assert_native_matches(&p, &module, gas, &pinnings, &mut Continue, start, what);
            faults += matches!(r, Some(crate::TrapKind::MemoryFault { .. })) as u32;
        }
    }
    // Both paths are exercised: in-range bases run through, edge ones fault.
    assert!(faults > 20 && faults < 250, "{faults}");
}
