//! Raw code words (and a few header bytes) -> Module::new -> gas-bounded run.
//! Nothing may panic; every run must end within its gas.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rivet_engine::{Control, Host, Isa, Machine, Module, Program};
use std::sync::Arc;

struct Fuzzy;

impl Host for Fuzzy {
    type Error = ();
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, ()> {
        match m.reg(10) % 4 {
            0 => Ok(Control::Exit(m.reg(11))),
            1 => Err(()),
            2 => {
                let to = m.reg(12);
                let _ = m.jump_to(to);
                Ok(Control::Continue)
            }
            _ => {
                let _ = m.charge(m.reg(13) as u64);
                Ok(Control::Continue)
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let isa = if data[0] & 1 == 0 {
        Isa::Rv32em
    } else {
        Isa::Rv32im
    };
    let memory_size = (data[1] as u32) << 8;
    let gas = u16::from_le_bytes([data[2], data[3]]) as u64 * 4;
    let entry_index = data[4] as u32;
    let code: Vec<u32> = data[8..]
        .chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect();
    if code.is_empty() {
        return;
    }
    let program = Program {
        isa,
        code_base: 0x1000,
        entry: 0x1000 + 4 * (entry_index % code.len() as u32),
        code,
        memory_size,
        stack_top: memory_size & !15,
        data: vec![],
    };
    let Ok(module) = Module::new(&program) else {
        return;
    };
    let mut m = Machine::from_program(&program, Arc::new(module), gas).unwrap();
    let _ = m.run(&mut Fuzzy);
    assert!(m.gas() <= gas);
});
