//! Raw code words -> Module::new -> the same run on the interpreter and on native
//! code (the x86-64 recompiler). Everything observable must agree: result or trap
//! (kind and pc), registers, pc, gas left and every memory byte, including after
//! resuming runs that stopped out of gas. On hosts without native code both runs
//! interpret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rivet_engine::{Control, Host, Isa, Machine, Memory, Module, Program};
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
    if data.len() < 16 {
        return;
    }
    let isa = if data[0] & 1 == 0 {
        Isa::Rv32em
    } else {
        Isa::Rv32im
    };
    let memory_size = (data[1] as u32) << 6;
    let gas = u16::from_le_bytes([data[2], data[3]]) as u64 * 4;
    let entry_index = data[4] as u32;
    let seed = u32::from_le_bytes([data[8], data[9], data[10], data[11]]);
    let code: Vec<u32> = data[16..]
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
        start.set_reg(r, seed.rotate_left(r as u32).wrapping_mul(r as u32 + 1) % (memory_size + 8).max(1));
    }
    let (a, ma, la) = run(start.clone(), false);
    let (b, mb, lb) = run(start, true);
    assert_eq!(a, b, "outcome");
    assert_eq!(la, lb, "host log");
    assert_eq!(ma.regs(), mb.regs(), "registers");
    assert_eq!(ma.pc(), mb.pc(), "pc");
    assert_eq!(ma.gas(), mb.gas(), "gas");
    assert!(ma.memory() == mb.memory(), "memory");
    assert_eq!(
        ma.memory().dirty_pages().collect::<Vec<_>>(),
        mb.memory().dirty_pages().collect::<Vec<_>>(),
        "dirty pages"
    );
});
