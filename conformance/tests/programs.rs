//! Real programs: the no_std Rust programs in `examples/programs/`, built to wasm32 by
//! `scripts/build-wasm-programs.sh`, must give the same `run(n)` result under Rivet and
//! wasmi (and the known answers where there is one). Fails with an install hint when no
//! wasm32 toolchain is available.

mod common;

use common::differential::{wasmi_engine, Observed, Wasmi};
use common::programs::build_programs;
use rivet_conformance::rivet::{
    self as rv, CallOutcome, CompileOutcome, InstantiateOutcome, NoImports,
};
use rivet_runtime::instance::CoreValue;

/// (program, n, known answer if any).
const CASES: &[(&str, i32, Option<i64>)] = &[
    // 168 primes below 1000, summing to 76127.
    ("sieve", 1_000, Some((168 << 32) | 76_127)),
    ("sieve", 100_000, None),
    ("sort", 3_000, None),
    // n = 0: SHA-256("abc") starts ba7816bf 8f01cfea.
    ("sha256", 0, Some(0xba78_16bf_8f01_cfea_u64 as i64)),
    ("sha256", 100, None),
    ("keccak", 50, None),
    ("fib", 20, Some(6_765)),
    ("fib", 24, Some(46_368)),
];

#[test]
fn programs_agree_with_wasmi() {
    let dir = build_programs();
    let engine = wasmi_engine();
    let mut failures = Vec::new();
    for &(name, n, known) in CASES {
        let wasm = std::fs::read(dir.join(format!("{name}.wasm"))).expect("built program");
        let pkg = match rv::compile(&wasm) {
            CompileOutcome::Compiled(pkg) => pkg,
            CompileOutcome::Unsupported(r) => {
                failures.push(format!("{name}: rivet refuses it: {r}"));
                continue;
            }
            CompileOutcome::Rejected(e) => {
                failures.push(format!("{name}: rivet rejects it: {e}"));
                continue;
            }
        };
        let InstantiateOutcome::Ready(mut instance) = rv::instantiate(&pkg, &mut NoImports) else {
            failures.push(format!("{name}: rivet cannot instantiate it"));
            continue;
        };
        let ours = rv::invoke(&mut instance, "run", &[CoreValue::I32(n)], &mut NoImports);
        let theirs = Wasmi::new(&engine, &wasm)
            .map_err(|e| format!("{e:?}"))
            .and_then(|mut w| w.call("run", &[CoreValue::I32(n)]));
        let line = format!("{name}({n}): rivet {ours:?}, wasmi {theirs:?}");
        println!("{line}");
        let agree = match (&ours, &theirs) {
            (CallOutcome::Returned(a), Ok(Observed::Values(b))) => a == b,
            _ => false,
        };
        if !agree {
            // Leave the module as WAT next to the binary, for reduction.
            let wat = dir.join(format!("{name}.wat"));
            if let Ok(text) = wasmprinter::print_bytes(&wasm) {
                let _ = std::fs::write(&wat, text);
            }
            failures.push(format!("{line} (WAT: {})", wat.display()));
            continue;
        }
        if let (Some(want), CallOutcome::Returned(got)) = (known, &ours) {
            if got != &[CoreValue::I64(want)] {
                failures.push(format!(
                    "{name}({n}): expected {want}, both engines gave {got:?}"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "program mismatches:\n{}",
        failures.join("\n")
    );
}
