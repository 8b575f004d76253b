//! The loop shared by the generated-module differential tests (`extents.rs`,
//! `slot_cache.rs`, `zx64.rs`): a small deterministic generator for their module
//! texts, and the comparison of every generated module under Rivet and wasmi with
//! [`super::differential::compare_module`]. A module the harness skips fails the test:
//! these generators only emit what both sides run.

#![allow(dead_code)]

use super::differential::{compare_module, wasmi_engine};

/// splitmix64: a small deterministic generator (the same seed gives the same module
/// on every machine, so a failing seed reproduces).
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// What the compared calls of all modules did.
pub struct Totals {
    /// Calls compared.
    pub calls: u64,
    /// Calls that returned (their values compared).
    pub values: u64,
    /// Calls that trapped on both sides.
    pub traps: u64,
}

/// How many modules to generate: the environment variable `var` if set, else
/// `debug_default` in debug builds and ten times that in release builds.
pub fn seeds(var: &str, debug_default: u64) -> u64 {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(if cfg!(debug_assertions) {
            debug_default
        } else {
            debug_default * 10
        })
}

/// Compares `module(seed)` (WebAssembly text) for every seed in `0..n` under Rivet and
/// wasmi: every call's trap or results, memory and globals after every call. Panics
/// on a skipped module, and after all seeds with the number of mismatches and the
/// first one (its seed and module text).
pub fn compare_seeds(n: u64, module: impl Fn(u64) -> String) -> Totals {
    let engine = wasmi_engine();
    let mut totals = Totals {
        calls: 0,
        values: 0,
        traps: 0,
    };
    let mut mismatches = Vec::new();
    for seed in 0..n {
        let text = module(seed);
        let report = compare_module(&engine, &encode(&text));
        if let Some(m) = report.mismatch {
            mismatches.push(format!("seed {seed}: {m}\n{text}"));
            continue;
        }
        assert!(
            report.skipped.is_none(),
            "seed {seed} skipped: {:?}\n{text}",
            report.skipped
        );
        totals.calls += report.calls_compared as u64;
        totals.values += report.values_compared as u64;
        totals.traps += report.traps_compared as u64;
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches, the first:\n{}",
        mismatches.len(),
        mismatches[0]
    );
    totals
}

/// The binary of a module text.
pub fn encode(text: &str) -> Vec<u8> {
    let buf = wast::parser::ParseBuffer::new(text).expect("lexes");
    let mut wat = wast::parser::parse::<wast::Wat>(&buf).expect("parses");
    wat.encode().expect("encodes")
}
