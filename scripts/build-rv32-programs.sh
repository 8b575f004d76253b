#!/usr/bin/env bash
# Builds the RV32 test programs in tests/programs/ for rv32im and rv32em into OUT_DIR
# (default target/rv32-programs), the same way engine/tests/programs.rs does, so they
# can be run by hand:  rivet exec OUT/sieve.rv32im  /  qemu-riscv32 OUT/sieve.rv32im
# Needs: apt-get install -y gcc-riscv64-unknown-elf qemu-user
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/tests/programs"
out="${1:-$root/target/rv32-programs}"
mkdir -p "$out"
command -v riscv64-unknown-elf-gcc >/dev/null ||
    { echo "install gcc-riscv64-unknown-elf (apt-get install -y gcc-riscv64-unknown-elf)" >&2; exit 1; }
for target in "rv32im ilp32" "rv32em ilp32e"; do
    set -- $target
    for f in "$src"/*.c "$src"/*.S; do
        name="$(basename "${f%.*}")"
        args=(-march="$1" -mabi="$2" -nostdlib -static -O2 -ffreestanding -Wall -I "$src/rt" -o "$out/$name.$1")
        if [[ $f == *.S ]]; then
            riscv64-unknown-elf-gcc "${args[@]}" "$f"
        else
            riscv64-unknown-elf-gcc "${args[@]}" "$src/rt/start.S" "$src/rt/rt.c" "$f" -lgcc
        fi
        echo "$out/$name.$1"
    done
done
