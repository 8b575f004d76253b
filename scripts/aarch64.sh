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
# Needs rustup's aarch64-unknown-linux-gnu standard library; when rustup cannot
# install it (no network to its server), the gate says SKIPPED and why, loudly.
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
# Every default member lints clean for the interpreter-only host.
cargo clippy --target "$target" --workspace --all-targets --quiet -- -D warnings
# Release: the suites run under emulation (about 5x slower than native).
cargo test --release --target "$target" \
  -p rivet-format -p rivet-engine -p rivet-compiler -p rivet-softfloat -p rivet-linker \
  -p rivet-runtime -p rivet-cabi -p rivet-conformance -p rivet-state -p rivet-testing \
  -- --skip kill_9_at_random_points_leaves_a_verified_consistent_store \
  --skip blob_rebuilds_to_identical_bytes
echo "aarch64 gate: passed on $target (interpreter only, qemu-aarch64)"
