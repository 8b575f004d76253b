#!/bin/sh
# rustc for the workspace's own crates (`.cargo/config.toml`): compiling for the
# host or another native target, adds `-C llvm-args=-align-loops=64` and
# `-C llvm-args=-align-all-nofallthru-blocks=5`, so every loop header starts on a
# 64-byte boundary and every block reached only by a jump on a 32-byte one (the
# padding sits where control never falls through: no instruction more runs).
#
# Why: the interpreter's speed depended on where its code landed
# (engine/src/interp.rs, "Alignment"). Its dispatch block (the head of its one
# loop, about 44 bytes, run once per guest op) was 16-byte aligned wherever the
# code before it ended; starting in the second half of a 64-byte line it crossed
# into the next, and the eight workloads of bench/peers ran 8-9% slower (up to
# 19%) with the same machine code. A new handler moved every other one. Aligned,
# the loop's speed depends on its code alone. Text grows by under 1%.
# Dependencies (wasmi and wasmtime among them, the benchmark's peers) are not
# compiled through this wrapper and keep their code. Wasm and RISC-V targets
# (contracts, the soft-float library) get nothing added: their code hashes must
# not depend on it.
rustc=$1
shift
native=1
prev=
for arg in "$@"; do
    case "$prev$arg" in
        --target*wasm32* | --target*riscv* | --target=*wasm32* | --target=*riscv*) native=0 ;;
    esac
    prev=$arg
    [ "$arg" = --target ] || prev=
done
if [ "$native" = 1 ]; then
    exec "$rustc" "$@" -C llvm-args=-align-loops=64 -C llvm-args=-align-all-nofallthru-blocks=5
fi
exec "$rustc" "$@"
