#!/usr/bin/env bash
# The gate for hosts without the recompiler. On every host but x86-64 Linux, Rivet
# runs guest code on the interpreter alone, a build the x86-64 suite never makes
# (recompiler, guard-page memory and fault handler are `#[cfg]`-gated out). Most users
# of such hosts are on aarch64 (Linux servers, macOS on Apple silicon); 32-bit hosts
# (armv7 boards, i686) also have a 32-bit `usize`, which every size and offset
# conversion must survive. So this script:
#
# * aarch64 Linux: cross-builds the product crates, lints them with `-D warnings`, and
#   runs the suites that execute in-process (format, engine, compiler, soft-float,
#   linker, runtime, canonical ABI; conformance: spec suite, ABI vectors, wasmi
#   differential; state and the contract flows) under qemu-aarch64 user emulation;
# * i686 Linux (32-bit): runs the same suites under qemu-i386 (not linted: clippy's
#   size heuristics, such as `large_enum_variant`, judge 32-bit layouts differently);
# * macOS on Apple silicon: type-checks and lints (without Apple's SDK nothing links
#   or runs here).
#
# Left out, with reasons: the CLI and node crates' tests and two others start child
# processes of their own target (`rivet` itself, the test binary again for the kill -9
# crash test, the soft-float blob build script's host tool); without binfmt_misc,
# which a CI container does not register, such a child cannot start. Those code paths
# are host-independent process plumbing and run in the x86-64 suite. The recompiler's
# own differential tests (`engine/tests/jit.rs`) are built on x86-64 Linux only.
#
# Needs rustup's standard library for each target; when rustup cannot install one
# (no network to its server), that part says SKIPPED and why, loudly.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

# The product crates whose tests run in-process.
suites=(-p rivet-format -p rivet-engine -p rivet-compiler -p rivet-softfloat -p rivet-linker
  -p rivet-runtime -p rivet-cabi -p rivet-conformance -p rivet-state -p rivet-testing)
# Tests that start a child process of the target (see above).
skips=(--skip kill_9_at_random_points_leaves_a_verified_consistent_store
  --skip blob_rebuilds_to_identical_bytes)

# True when rustup has (or can install) the standard library of target $1.
have_target() {
  rustup target list --installed | grep -qx "$1" && return 0
  rustup target add "$1" && return 0
  echo "other hosts: SKIPPED $1: rustup could not install its standard library" >&2
  return 1
}

# Builds and runs for Linux target $1 with Debian's cross toolchain of prefix $2 (the
# `gcc` to link and compile C with, libc under /usr/$2), tests under qemu binary $3.
use_target() {
  local var
  var=$(echo "$1" | tr 'a-z-' 'A-Z_')
  export "CARGO_TARGET_${var}_LINKER=$2-gcc"
  export "CARGO_TARGET_${var}_RUNNER=$root/scripts/qemu-runner.sh $3 /usr/$2"
  export "CC_${1//-/_}=$2-gcc"
}

# Runs the in-process suites for target $1 (release: they run under emulation). On a
# clean checkout (.ci/run sets RIVET_PRUNE_TARGETS=1) the target's build directory
# (6-8 GB) goes once its suites passed: the CI disk is shared, and one run stopped
# with "No space left on device" while linking the i686 tests.
run_suites() {
  cargo test --release --target "$1" "${suites[@]}" -- "${skips[@]}"
  echo "other hosts: $1 passed (interpreter only, under qemu)"
  if [[ "${RIVET_PRUNE_TARGETS:-0}" == 1 ]]; then
    rm -rf "${CARGO_TARGET_DIR:-target}/$1"
  fi
}

if have_target aarch64-unknown-linux-gnu; then
  use_target aarch64-unknown-linux-gnu aarch64-linux-gnu qemu-aarch64
  # Every default member lints clean (the bench crates and the wasmtime oracle are
  # x86-64 measuring tools, not part of the product).
  cargo clippy --target aarch64-unknown-linux-gnu --all-targets --quiet -- -D warnings
  run_suites aarch64-unknown-linux-gnu
fi

if have_target i686-unknown-linux-gnu; then
  use_target i686-unknown-linux-gnu i686-linux-gnu qemu-i386
  run_suites i686-unknown-linux-gnu
fi

# blake3's NEON code is C that needs Apple's SDK headers; CARGO_FEATURE_PURE makes its
# build script use its portable Rust code for this check (a separate target directory
# keeps that choice out of every other build).
mac=aarch64-apple-darwin
if have_target "$mac"; then
  CARGO_FEATURE_PURE=1 CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/macos-check" \
    cargo clippy --target "$mac" --all-targets --quiet -- -D warnings
  echo "other hosts: $mac type-checks and lints clean (not linked, not run)"
fi
