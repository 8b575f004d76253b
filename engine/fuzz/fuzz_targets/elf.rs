//! Arbitrary bytes as an ELF file -> load_elf -> Module::new -> gas-bounded run.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rivet_engine::elf::{load_elf, ElfOptions};
use rivet_engine::linux::LinuxHost;
use rivet_engine::{Machine, Module};
use std::sync::Arc;

fuzz_target!(|data: &[u8]| {
    let opts = ElfOptions {
        memory_size: 1 << 20,
    };
    let Ok(program) = load_elf(data, &opts) else {
        return;
    };
    let Ok(module) = Module::new(&program) else {
        return;
    };
    let mut m = Machine::from_program(&program, Arc::new(module), 100_000).unwrap();
    let mut host = LinuxHost::new(program.isa, std::io::sink(), std::io::sink());
    let _ = m.run(&mut host);
});
