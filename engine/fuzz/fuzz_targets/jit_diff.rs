//! Raw code words -> Module::new -> the same run on the interpreter and on native
//! code (the x86-64 recompiler). Everything observable must agree: result or trap
//! (kind and pc), registers, pc, gas left and every memory byte, including after
//! resuming runs that stopped out of gas. On hosts without native code both runs
//! interpret.
#![no_main]

mod input;

use libfuzzer_sys::fuzz_target;
use rivet_engine::{Control, Host, Machine, Memory, Module};
use std::sync::Arc;

/// Chooses its action from `a0` so random code reaches all of them; logs what it saw.
#[derive(Default)]
struct Scripted {
    log: Vec<(u32, [u32; 32], u64)>,
}

impl Host for Scripted {
    type Error = u32;
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, u32> {
        self.log.push((m.pc(), m.regs(), m.gas()));
        match m.reg(10) % 6 {
            0 => Ok(Control::Exit(m.reg(11))),
            1 => Err(m.reg(11)),
            2 => {
                let to = m.reg(12);
                let _ = m.jump_to(to);
                Ok(Control::Continue)
            }
            3 => {
                let _ = m.charge(m.reg(13) as u64);
                Ok(Control::Continue)
            }
            4 => {
                let (addr, v) = (m.reg(11), m.reg(12));
                let _ = m.memory_mut().write_u32(addr, v);
                m.set_reg(14, v.rotate_left(7));
                Ok(Control::Continue)
            }
            _ => Ok(Control::Continue),
        }
    }
}

/// Runs to completion, topping up gas up to three times after out-of-gas traps.
fn run(mut m: Machine, jit: bool) -> (Vec<String>, Machine, Vec<(u32, [u32; 32], u64)>) {
    m.set_jit(jit);
    let mut host = Scripted::default();
    let mut outcomes = Vec::new();
    for _ in 0..4 {
        let r = m.run(&mut host);
        outcomes.push(format!("{r:?} pc={:#x} gas={}", m.pc(), m.gas()));
        match r {
            Err(t) if matches!(t.kind, rivet_engine::TrapKind::OutOfGas) => {
                m.set_gas(m.gas() + 97);
            }
            _ => break,
        }
    }
    (outcomes, m, host.log)
}

fuzz_target!(|data: &[u8]| {
    let Some(input::Input { program, gas, seed }) = input::decode(data) else {
        return;
    };
    let memory_size = program.memory_size;
    let Ok(module) = Module::new(&program) else {
        return;
    };
    let module = Arc::new(module);
    let mut memory = Memory::new(memory_size);
    let mut x = seed | 1;
    for b in memory.bytes_mut() {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        *b = x as u8;
    }
    let mut start = Machine::new(module, memory, gas);
    for r in 1..16u8 {
        start.set_reg(
            r,
            seed.rotate_left(r as u32).wrapping_mul(r as u32 + 1) % (memory_size + 8).max(1),
        );
    }
    let (a, ma, la) = run(start.clone(), false);
    let (b, mb, lb) = run(start, true);
    assert_eq!(a, b, "outcome");
    assert_eq!(la, lb, "host log");
    assert_eq!(ma.regs(), mb.regs(), "registers");
    assert_eq!(ma.pc(), mb.pc(), "pc");
    assert_eq!(ma.gas(), mb.gas(), "gas");
    assert!(ma.memory() == mb.memory(), "memory");
    // Native code marks every page the interpreter marks, and may mark the pages
    // near the values of sp besides (see the engine's `jit::stack`).
    let marked: Vec<u32> = mb.memory().dirty_pages().collect();
    assert!(
        ma.memory().dirty_pages().all(|p| marked.contains(&p)),
        "dirty pages"
    );
});
