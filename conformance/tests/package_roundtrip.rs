//! Round-trip property: every package the compiler writes decodes to an equal value.
//!
//! Inputs are wasm-smith modules in Rivet's feature set (the differential's config),
//! half with every function exported (export names become debug names), half with
//! nothing exported; a third also get a `name` section naming a random subset of
//! functions, some with empty names. `Package::decode` once refused valid packages
//! whose debug names were short (a debug entry's minimum size was one byte too
//! large), so the test also asserts that many packages carry unnamed functions.
//! `RIVET_ROUNDTRIP_SEEDS=N` overrides the seed count (default 3,000).

mod common;

use common::differential::smith_config;
use rivet_compiler::{CompileOptions, UnsupportedMode};
use rivet_format::package::Package;

fn seed_count() -> u64 {
    std::env::var("RIVET_ROUNDTRIP_SEEDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

/// Seeded bytes for wasm-smith (xorshift, as in the differential).
fn seed_bytes(seed: u64) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..4096)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn leb(out: &mut Vec<u8>, mut v: u32) {
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Number of functions (imported and defined) in `wasm`.
fn function_count(wasm: &[u8]) -> u32 {
    let mut n = 0;
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(wasmparser::Payload::ImportSection(r)) => {
                for imports in r.into_iter().flatten() {
                    for import in imports.into_iter().flatten() {
                        if matches!(import.1.ty, wasmparser::TypeRef::Func(_)) {
                            n += 1;
                        }
                    }
                }
            }
            Ok(wasmparser::Payload::FunctionSection(r)) => n += r.count(),
            _ => {}
        }
    }
    n
}

/// Appends a `name` section naming every `stride`-th function; every other named
/// function gets the empty name.
fn with_names(mut wasm: Vec<u8>, functions: u32, stride: u32) -> Vec<u8> {
    let named: Vec<u32> = (0..functions).step_by(stride.max(1) as usize).collect();
    let mut map = Vec::new();
    leb(&mut map, named.len() as u32);
    for (k, &i) in named.iter().enumerate() {
        leb(&mut map, i);
        let name = if k % 2 == 0 {
            String::new()
        } else {
            format!("f{i}")
        };
        leb(&mut map, name.len() as u32);
        map.extend_from_slice(name.as_bytes());
    }
    let mut body = Vec::new();
    leb(&mut body, 4);
    body.extend_from_slice(b"name");
    body.push(1); // function names
    leb(&mut body, map.len() as u32);
    body.extend_from_slice(&map);
    wasm.push(0);
    leb(&mut wasm, body.len() as u32);
    wasm.extend_from_slice(&body);
    wasm
}

#[test]
fn every_compiled_package_decodes_to_itself() {
    let opts = CompileOptions {
        unsupported_functions: UnsupportedMode::Trap,
        ..CompileOptions::default()
    };
    let seeds = seed_count();
    let (mut compiled, mut named, mut with_unnamed, mut with_named) = (0u64, 0u64, 0u64, 0u64);
    let mut failures = Vec::new();
    for seed in 0..seeds {
        let mut config = smith_config();
        config.export_everything = seed % 2 == 0;
        config.max_imports = 0;
        let bytes = seed_bytes(seed);
        let mut u = arbitrary::Unstructured::new(&bytes);
        let Ok(module) = wasm_smith::Module::new(config, &mut u) else {
            continue;
        };
        let mut wasm = module.to_bytes();
        if seed % 3 == 0 {
            let n = function_count(&wasm);
            wasm = with_names(wasm, n, 1 + (seed / 3 % 3) as u32);
            named += 1;
        }
        let Ok(pkg) = rivet_compiler::compile(&wasm, &opts) else {
            continue;
        };
        compiled += 1;
        if pkg.debug.iter().any(|d| d.name.is_empty()) {
            with_unnamed += 1;
        }
        if pkg.debug.iter().any(|d| !d.name.is_empty()) {
            with_named += 1;
        }
        let bytes = pkg.encode();
        match Package::decode(&bytes) {
            Ok(back) if back == pkg && back.encode() == bytes => {}
            Ok(_) => failures.push(format!("seed {seed}: decodes to a different package")),
            Err(e) => failures.push(format!("seed {seed}: {e}")),
        }
    }
    println!(
        "package round trip: {seeds} seeds, {compiled} compiled ({named} modules given a \
         name section; packages with unnamed functions: {with_unnamed}, with named ones: \
         {with_named}), {} failures",
        failures.len()
    );
    for f in failures.iter().take(20) {
        println!("  {f}");
    }
    assert!(
        failures.is_empty(),
        "{} packages do not round-trip",
        failures.len()
    );
    assert!(compiled > seeds / 2, "only {compiled} of {seeds} compiled");
    assert!(
        with_unnamed > compiled / 4,
        "only {with_unnamed} packages had unnamed functions"
    );
    assert!(
        with_named > compiled / 4,
        "only {with_named} packages had named functions"
    );
}
