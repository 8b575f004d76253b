#!/usr/bin/env bash
# The test command: installs the toolchains the tests need, checks formatting and
# lints, then runs every workspace test (unit tests, wasm spec suite, canonical-ABI
# vectors, qemu, wasmi and wasmtime differential tests, end-to-end contract flows).
# The workspace tests run on native code (the engine's x86-64 recompiler) where it
# exists; the spec suite, the wasmi differential and the context-reuse tests run a
# second time on the interpreter (RIVET_JIT=0), which is what other hosts and
# tracing use.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace
./scripts/workflow.sh
RIVET_JIT=0 cargo test -p rivet-conformance --test spec --test differential
RIVET_JIT=0 cargo test -p rivet-runtime --test component_reuse
