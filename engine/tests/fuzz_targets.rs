//! The cargo-fuzz targets of `engine/fuzz`, driven on stable Rust: each target file is
//! compiled here as a module, with `fuzz_target!` (normally libfuzzer-sys's) defining
//! `fuzz_one(data)` instead of a libFuzzer entry point, so CI runs exactly the bodies
//! the fuzzer runs. Inputs are seeded: the targets' 16-byte header followed by mostly
//! valid random instructions (the engine tests' generator) or raw words, and mutated
//! minimal ELF files. A target's own assertions (interpreter = native code, gas within
//! budget) and "no panic" are the checks.
//!
//! Each target runs `RIVET_FUZZ_ITERS` inputs (default 20,000) or `RIVET_FUZZ_SECONDS`
//! (default 20), whichever ends first.

// The targets are fuzzer code, linted by the fuzz workspace's standards; each includes
// the shared `input.rs` itself, as it does there.
#![allow(clippy::duplicate_mod, clippy::type_complexity)]

// The fuzz targets write `use libfuzzer_sys::fuzz_target;`: this crate stands in.
extern crate self as libfuzzer_sys;

mod common;

/// libfuzzer-sys's macro, reduced to a plain function the tests can call.
#[macro_export]
macro_rules! fuzz_target {
    (|$data:ident: &[u8]| $body:block) => {
        /// The target's body.
        pub fn fuzz_one($data: &[u8]) $body
    };
}

#[allow(unused_attributes, unused_imports, dead_code)]
#[path = "../fuzz/fuzz_targets/code.rs"]
mod code;
#[allow(unused_attributes, unused_imports, dead_code)]
#[path = "../fuzz/fuzz_targets/elf.rs"]
mod elf;
#[allow(unused_attributes, unused_imports, dead_code)]
#[path = "../fuzz/fuzz_targets/jit_diff.rs"]
mod jit_diff;

use common::mini_elf::mini_elf;
use common::random::{random_inst, Rng};
use std::time::{Duration, Instant};

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Calls `target` on inputs from `input(rng)` until the budget is spent; returns how
/// many ran.
fn drive(seed: u64, input: impl Fn(&mut Rng) -> Vec<u8>, target: fn(&[u8])) -> u64 {
    let iters = env("RIVET_FUZZ_ITERS", 20_000);
    let deadline = Instant::now() + Duration::from_secs(env("RIVET_FUZZ_SECONDS", 20));
    let mut rng = Rng(seed);
    let mut done = 0;
    while done < iters && (done % 64 != 0 || Instant::now() < deadline) {
        target(&input(&mut rng));
        done += 1;
    }
    done
}

/// A code-target input: header (ISA bit, memory size, gas, entry, seed) + code words.
fn code_input(rng: &mut Rng) -> Vec<u8> {
    let mut data: Vec<u8> = (0..16).map(|_| rng.u32() as u8).collect();
    let rv32im = data[0] & 1 == 1;
    let regs = if rv32im { 32 } else { 16 };
    let n = 1 + rng.below(40) as usize;
    for i in 0..n {
        let word = if rng.below(50) == 0 {
            rng.u32()
        } else {
            random_inst(rng, i, n, regs).encode()
        };
        data.extend_from_slice(&word.to_le_bytes());
    }
    data
}

/// A mutated minimal ELF file.
fn elf_input(rng: &mut Rng) -> Vec<u8> {
    let n = 1 + rng.below(24) as usize;
    let code: Vec<u32> = (0..n)
        .map(|i| random_inst(rng, i, n, 16).encode())
        .collect();
    let mut b = mini_elf(&code, [0, 8][rng.below(2) as usize], rng.below(2) == 0);
    for _ in 0..rng.below(4) {
        let at = rng.below(b.len() as u64) as usize;
        b[at] = rng.u32() as u8;
    }
    b
}

#[test]
fn code_target() {
    let n = drive(0x0011_2026_0000_0004, code_input, code::fuzz_one);
    println!("code target: {n} inputs");
    assert!(n >= 500);
}

#[test]
fn jit_diff_target() {
    let n = drive(0x0011_2026_0000_0005, code_input, jit_diff::fuzz_one);
    println!("jit_diff target: {n} inputs");
    assert!(n >= 500);
}

#[test]
fn elf_target() {
    let n = drive(0x0011_2026_0000_0006, elf_input, elf::fuzz_one);
    println!("elf target: {n} inputs");
    assert!(n >= 500);
}
