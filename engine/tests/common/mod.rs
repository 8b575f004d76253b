//! Helpers shared by the engine's integration tests (each test file uses a subset).
#![allow(dead_code)]

pub mod build;
pub mod differential;
pub mod mini_elf;
pub mod random;

use rivet_engine::{Control, Host, Machine, Module, Program};
use rivet_format::program::Isa;
use rivet_format::rv32::{BranchOp, ImmOp, Inst};
use std::sync::Arc;

/// Code base used by the hand-assembled test programs.
pub const BASE: u32 = 0x1000;

/// A raw program from instructions, with 64 KiB of memory and sp at the top.
pub fn program(isa: Isa, insts: &[Inst]) -> Program {
    Program {
        isa,
        code_base: BASE,
        code: insts.iter().map(|i| i.encode()).collect(),
        entry: BASE,
        memory_size: 0x1_0000,
        stack_top: 0x1_0000,
        data: vec![],
    }
}

/// A machine for `insts` (RV32IM) with `gas`.
pub fn machine(insts: &[Inst], gas: u64) -> Machine {
    let p = program(Isa::Rv32im, insts);
    let module = Arc::new(Module::new(&p).expect("test program validates"));
    Machine::from_program(&p, module, gas).expect("machine")
}

/// Exits with a0 on every ecall.
pub struct ExitHost;

impl Host for ExitHost {
    type Error = std::convert::Infallible;
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, Self::Error> {
        Ok(Control::Exit(m.reg(10)))
    }
}

/// Counts ecalls and continues; exits with a0 once `a7 == 93`.
#[derive(Default)]
pub struct CountHost {
    pub calls: u32,
}

impl Host for CountHost {
    type Error = String;
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, Self::Error> {
        self.calls += 1;
        match m.reg(17) {
            93 => Ok(Control::Exit(m.reg(10))),
            0 => Ok(Control::Continue),
            n => Err(format!("call {n}")),
        }
    }
}

/// `addi rd, rs1, imm`.
pub const fn addi(rd: u8, rs1: u8, imm: i32) -> Inst {
    Inst::Imm {
        op: ImmOp::Addi,
        rd,
        rs1,
        imm,
    }
}

/// A conditional branch `op rs1, rs2, offset`.
pub const fn branch(op: BranchOp, rs1: u8, rs2: u8, offset: i32) -> Inst {
    Inst::Branch {
        op,
        rs1,
        rs2,
        offset,
    }
}

/// Runs `code` with `gas` from fresh machines that `setup` prepares: natively, on
/// the interpreter and traced. All three must agree on what `observe` makes of the
/// outcome (the run's result, formatted, and the machine after it). Returns that
/// and the traced pcs, as offsets from [`BASE`].
pub fn run_three(
    code: &[Inst],
    gas: u64,
    setup: impl Fn(&mut Machine),
    observe: impl Fn(&str, &Machine) -> String,
) -> (String, Vec<u32>) {
    let mut outs = Vec::new();
    let mut pcs = Vec::new();
    for (jit, traced) in [(true, false), (false, false), (false, true)] {
        let mut m = machine(code, gas);
        m.set_jit(jit);
        setup(&mut m);
        let r = if traced {
            m.run_traced(&mut ExitHost, &mut |pc, _| pcs.push(pc - BASE))
        } else {
            m.run(&mut ExitHost)
        };
        outs.push(observe(&format!("{r:?}"), &m));
    }
    assert_eq!(outs[0], outs[1], "native against the interpreter");
    assert_eq!(outs[1], outs[2], "untraced against traced");
    (outs.remove(0), pcs)
}
