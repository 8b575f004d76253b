//! Differential testing against wasmi: wasm-smith modules restricted to Rivet's feature
//! set, generated from fixed seeds, run under both engines (see `common/differential.rs`
//! for what is compared). Debug builds check fewer seeds than release builds so the test
//! stays quick; `RIVET_DIFF_SEEDS=N` overrides the count.

mod common;

use common::differential::{compare_module, generate, wasmi_engine};
use std::collections::BTreeMap;

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

#[test]
fn wasm_smith_modules_agree_with_wasmi() {
    let engine = wasmi_engine();
    let seeds = seed_count();
    let (mut generated, mut compared_modules, mut calls, mut traps) = (0u64, 0u64, 0usize, 0usize);
    let mut skips: BTreeMap<String, usize> = BTreeMap::new();
    let mut mismatches = Vec::new();
    for seed in 0..seeds {
        let Some(wasm) = generate(seed) else {
            *skips
                .entry("wasm-smith produced no module".into())
                .or_default() += 1;
            continue;
        };
        generated += 1;
        let report = compare_module(&engine, &wasm);
        calls += report.calls_compared;
        traps += report.traps_compared;
        if let Some(mismatch) = report.mismatch {
            let dump = dump_wat(seed, &wasm);
            mismatches.push(format!("seed {seed}: {mismatch} (module: {dump})"));
            continue;
        }
        match report.skipped {
            Some(reason) => {
                let reason = reason.split(" at ").next().unwrap_or(&reason).to_string();
                *skips.entry(reason).or_default() += 1;
            }
            None => compared_modules += 1,
        }
    }
    println!(
        "differential: {seeds} seeds, {generated} modules, {compared_modules} fully compared, \
         {calls} calls compared ({traps} of them traps in both), {} mismatches",
        mismatches.len()
    );
    for (reason, n) in &skips {
        println!("  skipped {n:>5}: {reason}");
    }
    for m in &mismatches {
        println!("  MISMATCH {m}");
    }
    assert!(
        compared_modules > seeds / 2,
        "too few modules compared: {compared_modules}"
    );
    assert!(
        mismatches.is_empty(),
        "{} mismatches with wasmi (listed above)",
        mismatches.len()
    );
}
