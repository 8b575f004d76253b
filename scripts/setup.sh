#!/usr/bin/env bash
# Installs what Rivet's build, tests and examples need on a Debian 12 machine:
#   - RISC-V cross compiler + qemu-riscv32 (engine tests compare against qemu),
#   - aarch64 and i686 cross linkers and libcs for the gate of hosts without the
#     recompiler (scripts/other-hosts.sh; its tests run under qemu-user),
#   - a wasm32 toolchain for contracts: Debian's rustc-web/cargo-web with rust-src
#     (used with -Zbuild-std when rustup has no wasm32-unknown-unknown target), lld,
#     clang + wasi-libc + wit-bindgen-cli for C contracts,
#   - chromium (headless) for the explorer page test (node/tests/explorer.rs),
#   - postgresql for the PostgreSQL store tests (scripts/postgres.sh starts a
#     throwaway cluster from its binaries).
# Idempotent: only missing packages are installed. Exits non-zero with the exact
# command to run when it cannot install (not root and no sudo).
set -euo pipefail

packages=(gcc-riscv64-unknown-elf qemu-user gcc-aarch64-linux-gnu libc6-dev-arm64-cross gcc-i686-linux-gnu libc6-dev-i386-cross rustc-web cargo-web rust-web-src lld-16 clang-16 wasi-libc chromium postgresql)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: need root to run: apt-get install -y ${missing[*]}" >&2; exit 1
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# wit-bindgen's C generator, for C contracts (examples/contracts).
if ! command -v wit-bindgen >/dev/null 2>&1 || ! wit-bindgen --version | grep -q "0.61.1"; then
  echo "setup: installing wit-bindgen-cli 0.61.1 (cargo install)"
  cargo install --quiet wit-bindgen-cli --version 0.61.1 --locked
fi
echo "setup: toolchains ready ($(riscv64-unknown-elf-gcc --version | head -1); $(qemu-riscv32 --version | head -1); $(/usr/bin/rustc --version))"
