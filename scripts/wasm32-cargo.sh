#!/usr/bin/env bash
# Runs `cargo build --release --target wasm32-unknown-unknown "$@"` in the current
# directory with whichever wasm32 toolchain this machine has, and says which:
#   1. rustup's wasm32-unknown-unknown target (the plain stable path), or
#   2. Debian's rustc-web + rust-web-src with -Zbuild-std (DESIGN.md's recipe).
# Installs nothing; prints the exact install command and exits 3 when neither exists.
set -euo pipefail

# Flags meant for host builds (e.g. when run from `cargo test`) must not leak in.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS RUSTC RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER \
    CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_MAKEFLAGS || true

if command -v rustup >/dev/null 2>&1 \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "wasm32: using rustup's wasm32-unknown-unknown target" >&2
    exec cargo build --release --target wasm32-unknown-unknown "$@"
elif [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust ] \
    && command -v wasm-ld-16 >/dev/null 2>&1; then
    echo "wasm32: using the Debian toolchain (rustc-web + rust-web-src, -Zbuild-std)" >&2
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 RUSTFLAGS="-C linker=wasm-ld-16" \
        exec /usr/bin/cargo build --release -Zbuild-std=core,alloc \
        --target wasm32-unknown-unknown "$@"
else
    cat >&2 <<'HINT'
wasm32: no wasm32-unknown-unknown toolchain found. Install either
  rustup target add wasm32-unknown-unknown
or (Debian/Ubuntu, where rustup cannot fetch the target)
  apt-get install -y rustc-web cargo-web rust-web-src lld-16
HINT
    exit 3
fi
