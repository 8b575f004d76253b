#!/usr/bin/env bash
# Builds compiler/softfloat (crate rivet-softfloat) to wasm32 and writes the
# checked-in blob compiler/softfloat/softfloat.wasm that the compiler embeds.
#   - toolchain: rustup's wasm32-unknown-unknown target, or Debian's rustc-web with
#     -Zbuild-std (the recipe of scripts/wasm32-cargo.sh / DESIGN.md);
#   - `cargo rustc --crate-type cdylib` with opt-level 3, no debug info, symbols
#     stripped and --remap-path-prefix for every path, so the bytes are reproducible;
#   - wasm-ld always defines a linear memory (and Rust exports __data_end /
#     __heap_base); the blob's code never touches memory or globals, so
#     `softfloat-strip` (src/bin) rewrites the module keeping only the type,
#     function, export and code sections, after verifying that no instruction
#     refers to memory, globals, tables or floats (tests/blob.rs, run at the end).
# Usage: scripts/build-softfloat.sh [OUT]   (default compiler/softfloat/softfloat.wasm);
# also writes OUT.toolchain naming the rustc that produced the bytes.
# Installs nothing: prints the install command and exits 3 when no toolchain exists.
set -euo pipefail
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS RUSTC RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER \
    CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_MAKEFLAGS || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/compiler/softfloat/softfloat.wasm}"
build="${RIVET_SOFTFLOAT_TARGET:-$root/target/softfloat-build}"

flags=(-C opt-level=3 -C debuginfo=0 -C strip=symbols -C panic=abort
    --remap-path-prefix "$root=/rivet" --remap-path-prefix "$HOME=/home")
if command -v rustup >/dev/null 2>&1 \
    && rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    echo "softfloat: using rustup's wasm32-unknown-unknown target" >&2
    cargo=(cargo)
    toolchain="$(rustc --version) (rustup wasm32-unknown-unknown)"
    sysroot="$(rustc --print sysroot)"
    flags+=(--remap-path-prefix "$sysroot=/rustc")
elif [ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] && [ -d /usr/lib/rustlib/src/rust ] \
    && command -v wasm-ld-16 >/dev/null 2>&1; then
    echo "softfloat: using the Debian toolchain (rustc-web + rust-web-src, -Zbuild-std)" >&2
    # Only the wasm32 build gets these (the host `cargo run`/`cargo test` below must
    # keep the host toolchain, or they would rebuild target/debug with another rustc).
    cargo=(env RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo -Zbuild-std=core)
    toolchain="$(/usr/bin/rustc --version) (Debian rustc-web, -Zbuild-std)"
    flags+=(-C linker=wasm-ld-16 --remap-path-prefix "/usr/lib/rustlib/src/rust=/rustc")
else
    cat >&2 <<'HINT'
softfloat: no wasm32-unknown-unknown toolchain found. Install either
  rustup target add wasm32-unknown-unknown
or (Debian/Ubuntu, where rustup cannot fetch the target)
  apt-get install -y rustc-web cargo-web rust-web-src lld-16
HINT
    exit 3
fi
flags+=(--remap-path-prefix "$HOME/.cargo=/cargo")

(cd "$root" && RUSTFLAGS="${flags[*]}" "${cargo[@]}" rustc --quiet --release \
    -p rivet-softfloat --lib --crate-type cdylib --target wasm32-unknown-unknown \
    --target-dir "$build" --config 'profile.release.debug=false' \
    --config 'profile.release.codegen-units=1' --config 'profile.release.lto=true')
raw="$build/wasm32-unknown-unknown/release/rivet_softfloat.wasm"
if [ -n "${RIVET_SOFTFLOAT_STRIP:-}" ]; then
    # Called from the crate's own test (tests/blob.rs), which then checks the result.
    "$RIVET_SOFTFLOAT_STRIP" "$raw" "$out"
else
    (cd "$root" && cargo run --quiet -p rivet-softfloat --bin softfloat-strip -- "$raw" "$out")
    (cd "$root" && RIVET_SOFTFLOAT_BLOB="$(realpath "$out")" cargo test --quiet -p rivet-softfloat \
        --test blob blob_matches_the_float_abi)
fi
# The toolchain that made the bytes: the rebuild test compares bytes only when it
# has the same one (another rustc may legitimately generate different code).
echo "$toolchain" >"$out.toolchain"
echo "$out ($(wc -c <"$out") bytes, $toolchain)"
