//! Shared setup for the component end-to-end tests: builds the example contracts with
//! `scripts/build-contracts.sh`, compiles them with the Rivet compiler and links them.
#![allow(dead_code)]

use rivet_format::manifest::Manifest;
use rivet_format::package::Package;
use rivet_linker::LinkInput;
use rivet_runtime::cabi::Val;
use rivet_runtime::component::{App, CallConfig, CallFailure, CallOutcome, Hosts, Runtime};
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, OnceLock};

pub mod values;
// Not every includer uses the builders (the wasmtime tests take them from their crate).
#[allow(unused_imports)]
pub use values::*;

/// The repository root: the nearest ancestor of the crate holding `scripts/`.
pub fn root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.ancestors()
        .find(|d| d.join("scripts/build-contracts.sh").exists())
        .unwrap_or(&here)
        .to_path_buf()
}

/// Builds examples/contracts once per test binary and returns the output directory.
/// Panics (fails the test) with the install hint when no wasm32 toolchain exists.
pub fn contracts() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let out = root().join("target/contracts");
        let status = Command::new("bash")
            .arg(root().join("scripts/build-contracts.sh"))
            .env("RIVET_CONTRACTS_OUT", &out)
            .output()
            .expect("running scripts/build-contracts.sh");
        assert!(
            status.status.success(),
            "building the example contracts failed (install a wasm32 toolchain: \
             `rustup target add wasm32-unknown-unknown`, or on Debian \
             `apt-get install -y rustc-web cargo-web rust-web-src lld-16`):\n{}",
            String::from_utf8_lossy(&status.stderr)
        );
        out
    })
}

/// Compiles `target/contracts/<name>.wasm`.
pub fn package(name: &str) -> Package {
    let path = contracts().join(format!("{name}.wasm"));
    let wasm = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    rivet_compiler::compile(&wasm, &rivet_compiler::CompileOptions::default())
        .unwrap_or_else(|e| panic!("compiling {name}: {e}"))
}

/// Links packages (name, package) and adds them to a fresh runtime.
pub fn link(pkgs: &[(&str, Package)]) -> (Runtime, Manifest) {
    let inputs: Vec<LinkInput> = pkgs
        .iter()
        .map(|(n, p)| LinkInput::from_package(*n, p))
        .collect();
    let manifest = rivet_linker::link(&inputs, None).unwrap_or_else(|e| panic!("link: {e}"));
    let rt = Runtime::new();
    for (_, p) in pkgs {
        rt.add_package(p.clone()).expect("package loads");
    }
    (rt, manifest)
}

/// kitchen + kitchen-client, linked and prepared once per test binary.
pub fn kitchen() -> &'static (Runtime, Manifest, Arc<App>) {
    static K: OnceLock<(Runtime, Manifest, Arc<App>)> = OnceLock::new();
    K.get_or_init(|| {
        let (rt, m) = link(&[
            ("kitchen", package("kitchen")),
            ("kitchen-client", package("kitchen-client")),
        ]);
        let app = rt.prepare(&m).expect("prepare");
        (rt, m, app)
    })
}

/// Calls a kitchen function with the default config.
pub fn call(component: &str, function: &str, args: &[Val]) -> Result<CallOutcome, CallFailure> {
    let (_, _, app) = kitchen();
    app.call(
        component,
        function,
        args,
        &CallConfig::default(),
        &mut Hosts::new(),
    )
}
