#!/usr/bin/env bash
# Builds the example contracts (examples/contracts, a wasm32 workspace) and copies each
# module to target/contracts/<name>.wasm (override with RIVET_CONTRACTS_OUT).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${RIVET_CONTRACTS_OUT:-$root/target/contracts}"
build="${RIVET_CONTRACTS_TARGET:-$root/target/contracts-build}"
cd "$root/examples/contracts"
"$root/scripts/wasm32-cargo.sh" --target-dir "$build"
mkdir -p "$out"
for wasm in "$build"/wasm32-unknown-unknown/release/*.wasm; do
    name="$(basename "$wasm")"
    cp "$wasm" "$out/${name//_/-}"
    echo "$out/${name//_/-} ($(wc -c <"$wasm") bytes)"
done
