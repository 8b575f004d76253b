#!/usr/bin/env bash
# Regenerates sdk/src/bindings.rs: the Rust bindings of the rivet:base host interfaces
# (world rivet:sdk/imports in sdk/wit), made by the wit-bindgen 0.61 CLI *without* the
# `component-type` custom section. The section is left out on purpose: a contract
# embeds its own world (which includes the rivet:base world it uses), and a second
# section from the SDK would merge into it, renaming the world to `root:root/root` and
# adding imports the contract does not use.
#   sdk/gen-bindings.sh          rewrite the file
#   sdk/gen-bindings.sh --check  exit 1 when the file is stale (base.wit changed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bindgen="$(command -v wit-bindgen || true)"
[ -z "$bindgen" ] && [ -x "$HOME/.cargo/bin/wit-bindgen" ] && bindgen="$HOME/.cargo/bin/wit-bindgen"
if [ -z "$bindgen" ] || ! "$bindgen" --version | grep -q ' 0\.61\.'; then
    echo "sdk bindings need wit-bindgen 0.61: cargo install wit-bindgen-cli --version 0.61.1 --locked" >&2
    exit 3
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$bindgen" rust "$root/wit" "$root/sdk/wit" --world rivet:sdk/imports --generate-all --format \
    -d PartialEq -d Eq --runtime-path wit_bindgen::rt --disable-custom-section-link-helpers \
    --out-dir "$tmp" >"$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
# Drop everything from the custom-section static (the file's last item) on.
awk '/^#\[rustfmt::skip\]$/ { hold = $0; next }
     hold != "" { if ($0 ~ /^#\[cfg\(target_arch = "wasm32"\)\]$/) { exit } print hold; hold = "" }
     { print }' "$tmp/imports.rs" > "$tmp/bindings.rs"
if grep -q 'link_section' "$tmp/bindings.rs"; then
    echo "sdk/gen-bindings.sh: could not remove the component-type section" >&2
    exit 1
fi
if [ "${1:-}" = "--check" ]; then
    if ! cmp -s "$tmp/bindings.rs" "$root/sdk/src/bindings.rs"; then
        echo "sdk/src/bindings.rs is stale (wit/base.wit changed?): run sdk/gen-bindings.sh" >&2
        exit 1
    fi
else
    cp "$tmp/bindings.rs" "$root/sdk/src/bindings.rs"
fi
