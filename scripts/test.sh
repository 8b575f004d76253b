#!/usr/bin/env bash
# The test command: installs the toolchains the tests need, checks formatting and
# lints, then runs every workspace test (unit tests, wasm spec suite, canonical-ABI
# vectors, qemu, wasmi and wasmtime differential tests, end-to-end contract flows).
# The workspace tests run on native code (the engine's x86-64 recompiler) where it
# exists; every test that executes guest code end to end (spec suite, wasmi
# differential and regressions, canonical-ABI vectors, kitchen and component tests,
# transactions, compiler semantics, real and random RV32 programs against qemu, the
# wasmtime differentials, the demo) runs a second time on the interpreter
# (RIVET_JIT=0), which is what other hosts and tracing use. Fuzz loops are bounded
# by RIVET_FUZZ_SECONDS (default 20 per loop). Last, scripts/other-hosts.sh builds for
# hosts without the recompiler (interpreter only): aarch64 and 32-bit i686 Linux, whose
# in-process suites run under qemu user emulation, and a lint of macOS on Apple silicon.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
# The whole run's build directories (x86-64, aarch64, i686) come to about 14 GB when
# kept (8 GB at most with RIVET_PRUNE_TARGETS=1, as .ci/run sets); say so up front
# rather than as a linker error half an hour in.
free_gb=$(( $(df --output=avail -k . | tail -1) / 1024 / 1024 ))
if (( free_gb < 25 )); then
  echo "test.sh: WARNING: only ${free_gb} GB free here; the run needs about 14 GB" >&2
fi
# A throwaway PostgreSQL cluster: every store test also runs on the PostgreSQL
# backend, and node/tests/two_nodes.rs runs two nodes on one database.
source scripts/postgres.sh
pg_start
trap pg_stop EXIT
export RIVET_REQUIRE_POSTGRES=1
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
./scripts/size_check.sh
cargo test --workspace
./scripts/workflow.sh
export RIVET_JIT=0
cargo test -p rivet-conformance --test spec --test differential --test regressions \
    --test cabi_vectors --test programs --test extents --test zx64 --test slot_cache
cargo test -p rivet-runtime --test component_reuse --test component_kitchen \
    --test component_cursor --test component_wat
cargo test -p rivet-state --test transactions --test examples_link
cargo test -p rivet-compiler --test semantics --test operators --test regressions --test smoke
cargo test -p rivet-engine --test programs
cargo test -p rivet-cli --test demo --test qemu_random
cargo test -p rivet-wasmtime-diff
unset RIVET_JIT
# On a clean checkout the x86-64 test build is not needed again (see other-hosts.sh).
if [[ "${RIVET_PRUNE_TARGETS:-0}" == 1 ]]; then
  rm -rf "${CARGO_TARGET_DIR:-target}/debug"
fi
./scripts/other-hosts.sh
