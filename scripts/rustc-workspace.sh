#!/usr/bin/env bash
# rustc for the workspace's own crates (`.cargo/config.toml`): for the crates
# that compile the interpreter loop (rivet-runtime and rivet-cli, whose hosts
# instantiate it, and rivet-engine's tests and benchmarks; the engine library
# itself holds no instance of it), built for a native target, adds `-C llvm-args=-align-loops=64` and
# `-C llvm-args=-align-all-nofallthru-blocks=5`: every loop header starts on a
# 64-byte boundary and every block reached only by a jump on a 32-byte one (that
# padding sits where control never falls through).
#
# Why: the interpreter's speed depended on where its code landed
# (engine/src/interp.rs, "Alignment"). Its dispatch block (the head of its one
# loop, about 44 bytes, run once per guest op) was 16-byte aligned wherever the
# code before it ended; starting in the second half of a 64-byte line it crossed
# into the next, and the eight workloads of bench/peers ran 8-10% slower (up to
# 19%) with the same machine code. A new handler moved every other one. Aligned,
# the loop's speed depends on its code alone. Text grows by under 1%.
# Other crates keep LLVM's defaults: in the compiler and the engine library it
# calls, aligned loop heads add executed padding (compile time is measured in
# instructions: 0.5% more with every crate aligned). Dependencies (wasmi and wasmtime among them, the benchmark's
# peers) are not compiled through this wrapper at all. Wasm and RISC-V targets
# (contracts, the soft-float library) get nothing added: their code hashes must
# not depend on it.
#
# bash, not sh: cargo passes names such as CARGO_BIN_EXE_softfloat-strip in the
# environment, which dash drops from a child's environment (bash keeps them).
rustc=$1
shift
case "${CARGO_PKG_NAME:-}" in
    rivet-runtime | rivet-cli | rivet-engine) align=1 ;;
    *) align=0 ;;
esac
prev=
for arg in "$@"; do
    case "${CARGO_PKG_NAME:-}$prev$arg" in
        rivet-engine--crate-typelib) align=0 ;;
    esac
    case "$prev$arg" in
        --target*wasm32* | --target*riscv* | --target=*wasm32* | --target=*riscv*) align=0 ;;
    esac
    prev=$arg
    [ "$arg" = --target ] || [ "$arg" = --crate-type ] || prev=
done
if [ "$align" = 1 ]; then
    exec "$rustc" "$@" -C llvm-args=-align-loops=64 -C llvm-args=-align-all-nofallthru-blocks=5
fi
exec "$rustc" "$@"
