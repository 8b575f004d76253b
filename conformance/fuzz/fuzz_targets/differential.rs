//! Fuzz target: wasm-smith modules (restricted to Rivet's feature set) built from the
//! fuzzer's bytes, run under Rivet and wasmi; any difference in results, trap kinds,
//! exported globals or memory is a crash. Reduce a crash to WAT and add it to
//! `conformance/tests/regressions/`.
#![no_main]

#[path = "../../tests/common/differential.rs"]
mod differential;

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static ENGINE: OnceLock<wasmi::Engine> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(wasm) = differential::generate_from(data) else {
        return;
    };
    let engine = ENGINE.get_or_init(differential::wasmi_engine);
    let report = differential::compare_module(engine, &wasm);
    if let Some(mismatch) = report.mismatch {
        let _ = std::fs::write("mismatch.wasm", &wasm);
        panic!("Rivet and wasmi disagree (module saved to mismatch.wasm): {mismatch}");
    }
});
