//! Raw code words (and a few header bytes) -> Module::new -> gas-bounded run.
//! Nothing may panic; every run must end within its gas.
#![no_main]

mod input;

use libfuzzer_sys::fuzz_target;
use rivet_engine::{Control, Host, Machine, Module};
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
    let Some(input::Input { program, gas, seed }) = input::decode(data) else {
        return;
    };
    let Ok(module) = Module::new(&program) else {
        return;
    };
    let mut m = Machine::from_program(&program, Arc::new(module), gas).unwrap();
    // The seed picks the host's first action (see `Fuzzy`).
    m.set_reg(10, seed);
    let _ = m.run(&mut Fuzzy);
    assert!(m.gas() <= gas);
});
