#!/usr/bin/env bash
# The test command: installs the toolchains the tests need, checks formatting and
# lints, then runs every workspace test (unit tests, wasm spec suite, canonical-ABI
# vectors, qemu and wasmi differential tests, end-to-end contract flows).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace
