#!/usr/bin/env bash
# The interpreter's host gate: on every host but x86-64 Linux, Rivet runs guest code
# on the interpreter only (no recompiler), so the platforms most users run it on
# (aarch64 Linux, macOS on Apple silicon) take code paths the x86-64 test run never
# builds (`#[cfg]`-gated recompiler, guard-page memory and signal handler left out).
# This script cross-builds the workspace for aarch64-unknown-linux-gnu, lints it with
# `-D warnings`, and runs the test suites that execute in-process (engine, compiler,
# soft-float, linker, runtime, canonical ABI, conformance: spec suite, ABI vectors,
# wasmi differential; state: transactions, stores) under qemu-aarch64 user emulation.
#
# Left out, with reasons: the CLI and node crates' tests and two others start child
# processes (`rivet` itself, the test binary again for the kill -9 crash test, the
# soft-float blob build script's host tool): an aarch64 child cannot be started
# without binfmt_misc, which a CI container does not register. Those code paths are
# host-independent (process plumbing) and run in the x86-64 suite.
#
# Then macOS on Apple silicon (aarch64-apple-darwin) is type-checked and linted.
#
# Needs rustup's standard libraries for both targets; when rustup cannot install one
# (no network to its server), that part says SKIPPED and why, loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
target=aarch64-unknown-linux-gnu

if ! rustup target list --installed | grep -qx "$target"; then
  if ! rustup target add "$target"; then
    echo "aarch64 gate: SKIPPED: rustup could not install the $target standard library" >&2
    exit 0
  fi
fi

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="$PWD/scripts/qemu-aarch64-runner.sh"
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
# Every default member lints clean for the interpreter-only host (the bench crates
# and the wasmtime oracle are x86-64 measuring tools, not part of the product).
cargo clippy --target "$target" --all-targets --quiet -- -D warnings
# Release: the suites run under emulation (about 5x slower than native).
cargo test --release --target "$target" \
  -p rivet-format -p rivet-engine -p rivet-compiler -p rivet-softfloat -p rivet-linker \
  -p rivet-runtime -p rivet-cabi -p rivet-conformance -p rivet-state -p rivet-testing \
  -- --skip kill_9_at_random_points_leaves_a_verified_consistent_store \
  --skip blob_rebuilds_to_identical_bytes
echo "aarch64 gate: passed on $target (interpreter only, qemu-aarch64)"

# macOS on Apple silicon: type-checked and linted only (without Apple's SDK nothing
# links here, and nothing could run it). blake3's NEON code is C that needs the SDK's
# headers; CARGO_FEATURE_PURE makes its build script use its portable Rust code for
# this check (a separate target directory keeps that choice out of every other build).
mac=aarch64-apple-darwin
if rustup target list --installed | grep -qx "$mac" || rustup target add "$mac"; then
  CARGO_FEATURE_PURE=1 CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/macos-check" \
    cargo clippy --target "$mac" --all-targets --quiet -- -D warnings
  echo "aarch64 gate: $mac type-checks and lints clean (not linked, not run)"
else
  echo "aarch64 gate: SKIPPED the $mac check: rustup could not install its standard library" >&2
fi
