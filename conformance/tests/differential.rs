//! Differential testing against wasmi: wasm-smith modules restricted to Rivet's feature
//! set (Wasm 2.0 core without SIMD: floats, tables and reference types included),
//! generated from fixed seeds, run under both engines (see `common/differential.rs`
//! for what is compared). Debug builds check fewer seeds than release builds so the test
//! stays quick; `RIVET_DIFF_SEEDS=N` overrides the count, `RIVET_DIFF_FIRST_SEED=S`
//! starts at seed S (to rerun a reported mismatch), and `RIVET_DIFF_LARGE=1` generates
//! large modules instead (a different sequence of modules for the same seeds; see
//! `common/diff_gen.rs`).

mod common;

use common::differential::{compare_module, generate, large, wasmi_engine, WASMI_PANICKED};
use std::collections::BTreeMap;

/// Seeds whose mismatch (in the default, small modules) is a wasmi bug, each with a
/// known-answer test for Rivet in `tests/regressions.rs` (7713:
/// `wasmi_local_preservation_bug`, 62412: `wasmi_block_param_bug`, 70564:
/// `wasmi_global_xor_bug`, 84782: `wasmi_block_param_xor_bug`).
const WASMI_BUG_SEEDS: &[u64] = &[
    7713, 62412, 70564, 84782, 99616, 106619, 119710, 121681, 127549, 183982, 191630, 264299,
    278889,
];

fn seed_count() -> u64 {
    if let Some(n) = std::env::var("RIVET_DIFF_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    if cfg!(debug_assertions) {
        3_000
    } else {
        10_000
    }
}

/// Writes a mismatching module as WAT under the test's temp dir, for reduction into
/// `tests/regressions/`; returns where (or why not).
fn dump_wat(seed: u64, wasm: &[u8]) -> String {
    let path =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("mismatch-{seed}.wat"));
    match wasmprinter::print_bytes(wasm) {
        Ok(text) => match std::fs::write(&path, text) {
            Ok(()) => path.display().to_string(),
            Err(e) => format!("not written: {e}"),
        },
        Err(e) => format!("not printable: {e}"),
    }
}

/// Tallies over all seeds.
#[derive(Default)]
struct Totals {
    generated: u64,
    compared_modules: u64,
    instantiation_traps: u64,
    calls: usize,
    values: usize,
    float_calls: usize,
    ref_calls: usize,
    traps: BTreeMap<&'static str, usize>,
    skips: BTreeMap<String, usize>,
    mismatches: Vec<String>,
    /// Seeds whose module made wasmi (the oracle) panic or hit a known wasmi bug.
    oracle_panics: Vec<u64>,
}

impl Totals {
    fn print(&self, seeds: u64) {
        let traps: usize = self.traps.values().sum();
        println!(
            "differential: {seeds} seeds, {} modules, {} fully compared, {} trapped at \
             instantiation in both (not counted as calls), {} calls compared: {} returned \
             values ({:.1}%), {traps} trapped in both; {} with float and {} with reference \
             arguments or results; {} mismatches",
            self.generated,
            self.compared_modules,
            self.instantiation_traps,
            self.calls,
            self.values,
            100.0 * self.values as f64 / self.calls.max(1) as f64,
            self.float_calls,
            self.ref_calls,
            self.mismatches.len()
        );
        for (kind, n) in &self.traps {
            println!("  trapped {n:>6}: {kind}");
        }
        for (reason, n) in &self.skips {
            println!("  skipped {n:>6}: {reason}");
        }
        if !self.oracle_panics.is_empty() {
            println!("  wasmi bugs on seeds {:?}", self.oracle_panics);
        }
        for m in &self.mismatches {
            println!("  MISMATCH {m}");
        }
    }
}

#[test]
fn wasm_smith_modules_agree_with_wasmi() {
    let engine = wasmi_engine();
    let seeds = seed_count();
    let mut t = Totals::default();
    let first = std::env::var("RIVET_DIFF_FIRST_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    for seed in first..first + seeds {
        let Some(wasm) = generate(seed) else {
            *t.skips
                .entry("wasm-smith produced no module".into())
                .or_default() += 1;
            continue;
        };
        t.generated += 1;
        let report = compare_module(&engine, &wasm);
        t.calls += report.calls_compared;
        t.values += report.values_compared;
        t.float_calls += report.float_calls;
        t.ref_calls += report.ref_calls;
        for (kind, n) in report.trap_kinds {
            *t.traps.entry(kind).or_default() += n;
        }
        if let Some(mismatch) = report.mismatch {
            if !large() && WASMI_BUG_SEEDS.contains(&seed) {
                t.oracle_panics.push(seed);
                *t.skips
                    .entry("oracle bug: wasmi (known answer in tests/regressions.rs)".into())
                    .or_default() += 1;
                continue;
            }
            let dump = dump_wat(seed, &wasm);
            t.mismatches
                .push(format!("seed {seed}: {mismatch} (module: {dump})"));
            continue;
        }
        if report.instantiation_trap {
            t.instantiation_traps += 1;
            continue;
        }
        match report.skipped {
            Some(reason) => {
                if reason.starts_with(WASMI_PANICKED) {
                    t.oracle_panics.push(seed);
                }
                let reason = reason.split(" at ").next().unwrap_or(&reason).to_string();
                *t.skips.entry(reason).or_default() += 1;
            }
            None => t.compared_modules += 1,
        }
    }
    t.print(seeds);
    assert!(
        t.compared_modules > seeds / 2,
        "too few modules compared: {}",
        t.compared_modules
    );
    // The oracle must compare computations, not mostly traps (large modules trap
    // more often: a longer body has more places to).
    let share = if large() { 3 } else { 2 };
    assert!(
        share * t.values >= t.calls,
        "only {} of {} compared calls returned values",
        t.values,
        t.calls
    );
    // Floats and references must be exercised at the boundary, not only inside.
    assert!(
        t.float_calls * 10 >= t.calls && t.ref_calls > 0,
        "too few float ({}) or reference ({}) calls of {}",
        t.float_calls,
        t.ref_calls,
        t.calls
    );
    assert!(
        t.mismatches.is_empty(),
        "{} mismatches with wasmi (listed above)",
        t.mismatches.len()
    );
}
