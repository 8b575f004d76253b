#!/usr/bin/env bash
# Builds the no_std Rust programs in examples/programs/ to wasm32-unknown-unknown and
# copies them to target/wasm-programs/<name>.wasm (override with WASM_PROGRAMS_OUT).
#
# Toolchain choice (printed): rustup's wasm32-unknown-unknown target when installed,
# otherwise the Debian recipe from DESIGN.md:
#   apt-get install -y rustc-web cargo-web rust-web-src lld-16
# Build artefacts go to WASM_PROGRAMS_TARGET (default target/wasm-programs-build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$root/examples/programs"
out="${WASM_PROGRAMS_OUT:-$root/target/wasm-programs}"
build="${WASM_PROGRAMS_TARGET:-$root/target/wasm-programs-build}"
programs=(sieve sort sha256 keccak fib bignum vm hash64 nbody floatfmt)

# Flags meant for host builds (e.g. when run from `cargo test`) must not leak in.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS RUSTC RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER \
    CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_MAKEFLAGS || true

cd "$src"
if command -v rustup >/dev/null 2>&1 \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "build-wasm-programs: using rustup's wasm32-unknown-unknown target" >&2
    cargo build --release --target wasm32-unknown-unknown --target-dir "$build"
elif [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust ] \
    && command -v wasm-ld-16 >/dev/null 2>&1; then
    echo "build-wasm-programs: using the Debian toolchain (rustc-web + rust-web-src, -Zbuild-std)" >&2
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C linker=wasm-ld-16" \
        /usr/bin/cargo build --release -Zbuild-std=core,alloc \
        --target wasm32-unknown-unknown --target-dir "$build"
else
    cat >&2 <<'HINT'
build-wasm-programs: no wasm32-unknown-unknown toolchain found. Install either
  rustup target add wasm32-unknown-unknown
or (Debian/Ubuntu, no rustup target available)
  apt-get install -y rustc-web cargo-web rust-web-src lld-16
HINT
    exit 3
fi

mkdir -p "$out"
for p in "${programs[@]}"; do
    cp "$build/wasm32-unknown-unknown/release/$p.wasm" "$out/$p.wasm"
    echo "$out/$p.wasm ($(wc -c <"$out/$p.wasm") bytes)"
done
