//! Helpers shared by the engine's integration tests (each test file uses a subset).
#![allow(dead_code)]

pub mod build;
pub mod differential;
pub mod mini_elf;
pub mod random;

use rivet_engine::{Control, Host, Machine, Module, Program};
use rivet_format::program::Isa;
use rivet_format::rv32::Inst;
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
