//! Deterministic stable-Rust stand-in for the cargo-fuzz targets in `engine/fuzz`:
//! thousands of seeded pseudo-random code words, raw programs and ELF files go through
//! `Program::decode`, `load_elf`, `Module::new` and a gas-bounded `run`. Nothing may
//! panic or hang, and running the same input twice must give the same result and gas.

mod common;

use common::mini_elf::mini_elf;
use common::random::{random_inst, Rng};
use rivet_engine::elf::{load_elf, ElfOptions};
use rivet_engine::linux::LinuxHost;
use rivet_engine::{Control, Host, Isa, Machine, Module, Program};
use rivet_format::program::DataSegment;
use std::sync::Arc;

/// A valid instruction for position `i` of `n` (branch targets inside the code),
/// or occasionally a random word.
fn word(rng: &mut Rng, i: usize, n: usize, regs: u64) -> u32 {
    if rng.below(300) == 0 {
        return rng.u32();
    }
    random_inst(rng, i, n, regs).encode()
}

/// A host that does something arbitrary but deterministic (seeded by the call count).
struct ChaosHost {
    calls: u64,
}

impl Host for ChaosHost {
    type Error = &'static str;
    fn ecall(&mut self, m: &mut Machine) -> Result<Control, Self::Error> {
        self.calls += 1;
        let mut rng = Rng(self.calls.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
        match rng.below(6) {
            0 => Ok(Control::Exit(m.reg(10))),
            1 => Err("host refused"),
            2 => {
                let pc = m
                    .module()
                    .code_base()
                    .wrapping_add(4 * rng.below(64) as u32);
                let _ = m.jump_to(pc);
                Ok(Control::Continue)
            }
            3 => {
                let _ = m.charge(rng.below(50));
                let addr = m.reg(11);
                let _ = m.memory_mut().write(addr, &[1, 2, 3]);
                Ok(Control::Continue)
            }
            _ => Ok(Control::Continue),
        }
    }
}

/// Runs `p` twice with the same budget; both runs must agree exactly.
fn run_twice(p: &Program, gas: u64) -> bool {
    let Ok(module) = Module::new(p) else {
        return false;
    };
    let module = Arc::new(module);
    let mut results = Vec::new();
    for _ in 0..2 {
        let mut m = Machine::from_program(p, module.clone(), gas).expect("validated program");
        let r = m.run(&mut ChaosHost { calls: 0 });
        assert!(m.gas() <= gas);
        results.push((format!("{r:?}"), m.gas(), m.pc(), m.regs()));
    }
    assert_eq!(results[0], results[1], "nondeterministic run");
    true
}

#[test]
fn random_code_never_panics_or_hangs() {
    let mut rng = Rng(0x5eed_0001);
    let mut validated = 0;
    for case in 0..3000 {
        let isa = if case % 2 == 0 {
            Isa::Rv32im
        } else {
            Isa::Rv32em
        };
        let regs = if rng.below(50) == 0 {
            32
        } else {
            isa.register_count() as u64
        };
        let n = 1 + rng.below(48) as usize;
        let code: Vec<u32> = if case % 10 == 9 {
            // Raw noise: nearly always rejected, which is the path under test.
            (0..n).map(|_| rng.u32()).collect()
        } else {
            (0..n).map(|i| word(&mut rng, i, n, regs)).collect()
        };
        let memory_size = [0, 16, 4096, 65536][rng.below(4) as usize];
        let p = Program {
            isa,
            code_base: 4 * rng.below(1 << 20) as u32,
            entry: 0,
            code,
            memory_size,
            stack_top: memory_size & !15,
            data: vec![DataSegment {
                addr: 0,
                bytes: vec![0xa5; (memory_size / 2) as usize],
            }],
        };
        let p = Program {
            entry: p.code_base + 4 * rng.below(n as u64) as u32,
            ..p
        };
        if run_twice(&p, rng.below(20_000)) {
            validated += 1;
        }
    }
    eprintln!("{validated} of 3000 random programs validated and ran");
    // The generator must actually reach the interpreter most of the time.
    assert!(validated > 1500, "only {validated} programs validated");
}

#[test]
fn random_raw_programs_never_panic() {
    let mut rng = Rng(0x5eed_0002);
    let seed = Program {
        isa: Isa::Rv32em,
        code_base: 0x100,
        code: vec![0x0000_0013, 0x0000_0073, 0x0000_006f],
        entry: 0x100,
        memory_size: 256,
        stack_top: 256,
        data: vec![DataSegment {
            addr: 8,
            bytes: b"data".to_vec(),
        }],
    }
    .encode();
    let (mut decoded, mut ran) = (0, 0);
    for _ in 0..3000 {
        let mut b = seed.clone();
        for _ in 0..1 + rng.below(4) {
            let at = rng.below(b.len() as u64) as usize;
            b[at] = rng.u32() as u8;
        }
        // Truncate a quarter of them (nearly every truncation is rejected).
        if rng.below(4) == 0 {
            b.truncate(rng.below(b.len() as u64 + 8) as usize);
        }
        if let Ok(p) = Program::decode(&b) {
            decoded += 1;
            if p.memory_size <= 1 << 20 && run_twice(&p, 10_000) {
                ran += 1;
            }
        }
    }
    eprintln!("{decoded} of 3000 mutated programs decoded, {ran} validated and ran");
    // Mutations must often keep the program decodable, or only the decoder's error
    // paths would be under test.
    assert!(decoded > 250, "only {decoded} mutated programs decoded");
    assert!(ran > 80, "only {ran} mutated programs ran");
}

#[test]
fn random_elf_files_never_panic() {
    let mut rng = Rng(0x5eed_0003);
    let opts = ElfOptions {
        memory_size: 1 << 20,
    };
    let mut loaded = 0;
    for case in 0..3000 {
        let n = 1 + rng.below(32) as usize;
        let code: Vec<u32> = (0..n).map(|i| word(&mut rng, i, n, 16)).collect();
        let flags = [0, 8, 1, 2, 8][rng.below(5) as usize];
        let mut b = mini_elf(&code, flags, case % 3 != 0);
        if case % 10 == 0 {
            // Pure noise behind a valid-looking identification.
            let len = rng.below(512) as usize;
            b.truncate(16);
            b.extend((0..len).map(|_| rng.u32() as u8));
        } else {
            for _ in 0..rng.below(6) {
                let at = rng.below(b.len() as u64) as usize;
                b[at] = rng.u32() as u8;
            }
        }
        let Ok(p) = load_elf(&b, &opts) else { continue };
        loaded += 1;
        let Ok(module) = Module::new(&p) else {
            continue;
        };
        let mut m = Machine::from_program(&p, Arc::new(module), 10_000).expect("loaded program");
        let mut host = LinuxHost::new(p.isa, Vec::new(), Vec::new());
        let _ = m.run(&mut host);
    }
    eprintln!("{loaded} of 3000 mutated ELF files loaded");
    assert!(loaded > 300, "only {loaded} ELF files loaded");
}
