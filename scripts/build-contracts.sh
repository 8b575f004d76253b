#!/usr/bin/env bash
# Builds the example contracts into target/contracts/<name>.wasm (override the
# directory with RIVET_CONTRACTS_OUT):
#   - Rust: the examples/contracts wasm32 workspace (scripts/wasm32-cargo.sh picks
#     rustup's wasm32 target or Debian's -Zbuild-std recipe);
#   - C: every examples/contracts/<name>/ holding *.c and wit/: bindings from
#     `wit-bindgen c` for world <name>, compiled with clang-16 against wasi-libc;
#   - WAT: every examples/contracts/<name>/ holding *.wat and wit/: assembled, with
#     world <name> attached as a component-type section by the wat-embed helper.
# C and WAT contracts may import rivet:base and their own wit/ package only.
# Installs nothing: prints the install command and exits 3 when a tool is missing.
set -euo pipefail
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS RUSTC RUSTC_WRAPPER RUSTC_WORKSPACE_WRAPPER \
    CARGO_BUILD_TARGET CARGO_TARGET_DIR CARGO_MAKEFLAGS || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${RIVET_CONTRACTS_OUT:-$root/target/contracts}"
build="${RIVET_CONTRACTS_TARGET:-$root/target/contracts-build}"
examples="$root/examples/contracts"
mkdir -p "$out" "$build"

report() { echo "$1 ($(wc -c <"$1") bytes)"; }

# --- Rust -------------------------------------------------------------------------
# The SDK's checked-in rivet:base bindings must match wit/base.wit (needs the
# wit-bindgen CLI; skipped with a note when it is absent).
if command -v wit-bindgen >/dev/null || [ -x "$HOME/.cargo/bin/wit-bindgen" ]; then
    "$root/sdk/gen-bindings.sh" --check
else
    echo "note: wit-bindgen CLI not found, sdk/src/bindings.rs not checked against wit/base.wit" >&2
fi
(cd "$examples" && "$root/scripts/wasm32-cargo.sh" --target-dir "$build")
for wasm in "$build"/wasm32-unknown-unknown/release/*.wasm; do
    name="$(basename "$wasm")"
    cp "$wasm" "$out/${name//_/-}"
    report "$out/${name//_/-}"
done

# --- C ------------------------------------------------------------------------------
c_dirs=()
for dir in "$examples"/*/; do
    compgen -G "$dir*.c" >/dev/null && [ -d "$dir/wit" ] && c_dirs+=("${dir%/}")
done
if [ ${#c_dirs[@]} -gt 0 ]; then
    bindgen="$(command -v wit-bindgen || true)"
    [ -z "$bindgen" ] && [ -x "$HOME/.cargo/bin/wit-bindgen" ] && bindgen="$HOME/.cargo/bin/wit-bindgen"
    if [ -z "$bindgen" ] || ! "$bindgen" --version | grep -q ' 0\.61\.'; then
        echo "C contracts need wit-bindgen 0.61: cargo install wit-bindgen-cli --version 0.61.1 --locked" >&2
        exit 3
    fi
    if ! command -v clang-16 >/dev/null || ! command -v wasm-ld-16 >/dev/null \
        || [ ! -f /usr/lib/wasm32-wasi/libc.a ]; then
        echo "C contracts need clang, lld and wasi-libc: apt-get install -y clang-16 lld-16 wasi-libc" >&2
        exit 3
    fi
    for dir in "${c_dirs[@]}"; do
        name="$(basename "$dir")"
        gen="$build/c/$name"
        rm -rf "$gen" && mkdir -p "$gen"
        # The world <name> of the contract's own package (`package ns:pkg@ver;`).
        pkg="$(sed -n 's/^package \([a-z0-9-]*:[a-z0-9-]*\).*/\1/p' "$dir"/wit/*.wit | head -1)"
        "$bindgen" c "$root/wit" "$dir/wit" --world "$pkg/$name" --out-dir "$gen" >/dev/null
        # -nodefaultlibs: Debian ships no wasm32 compiler-rt builtins (and 64-bit
        # integer arithmetic needs none); wasi-libc provides malloc for cabi_realloc.
        PATH="/usr/lib/llvm-16/bin:$PATH" clang-16 --target=wasm32-wasi \
            -isystem /usr/include/wasm32-wasi -O2 -nostartfiles -nodefaultlibs \
            -Wl,--no-entry -Wl,--export-dynamic -Wl,--strip-debug -I"$gen" \
            -o "$out/$name.wasm" "$dir"/*.c "$gen"/*.c "$gen"/*_component_type.o \
            -L/usr/lib/wasm32-wasi -lc
        report "$out/$name.wasm"
    done
fi

# --- WAT ----------------------------------------------------------------------------
wat_dirs=()
for dir in "$examples"/*/; do
    compgen -G "$dir*.wat" >/dev/null && [ -d "$dir/wit" ] && wat_dirs+=("${dir%/}")
done
if [ ${#wat_dirs[@]} -gt 0 ]; then
    host="$root/target/contracts-host"
    (cd "$examples/wat-embed" && cargo build --quiet --target-dir "$host")
    for dir in "${wat_dirs[@]}"; do
        name="$(basename "$dir")"
        "$host/debug/wat-embed" "$out/$name.wasm" "$dir"/*.wat "$name" "$dir"/wit/*.wit
        report "$out/$name.wasm"
    done
fi
