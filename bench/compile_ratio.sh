#!/usr/bin/env bash
# Compile time against wasmi, measured the way bench/README.md's compile figures are:
# host instructions per compile under cachegrind (exact on a shared machine, where
# wall-clock microseconds are not), in the steady state ((11 compiles - 1 compile) / 10,
# so once-per-process work such as the soft-float library is left out), for
# `rivet_compiler::compile`, wasmi's eager translation (`Module::new`) and the same with
# fuel metering on, over the wasm programs and the example contracts. Prints one row per
# module and the geometric means; issue 14's goal is rivet / wasmi <= 0.5.
#
#   bench/compile_ratio.sh [MODULE.wasm ...]
#
# Without arguments: target/wasm-programs/*.wasm (scripts/build-wasm-programs.sh) and
# target/contracts/*.wasm (scripts/build-contracts.sh). Needs valgrind
# (`apt-get install valgrind`). Two modules are measured at a time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command -v valgrind >/dev/null || { echo "compile_ratio.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
if [ $# -gt 0 ]; then
    modules=("$@")
    for file in "${modules[@]}"; do
        [ -f "$file" ] || { echo "compile_ratio.sh: $file: no such file" >&2; exit 1; }
    done
else
    shopt -s nullglob
    modules=(target/wasm-programs/*.wasm target/contracts/*.wasm)
    [ ${#modules[@]} -gt 0 ] || { echo "compile_ratio.sh: build the modules first (scripts/build-wasm-programs.sh, scripts/build-contracts.sh)" >&2; exit 1; }
fi
cargo build --release -q -p rivet-bench-compile-exec --example compile_loop
bin="${CARGO_TARGET_DIR:-$root/target}/release/examples/compile_loop"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Instructions of one `compile_loop FILE N MODE` process.
instructions() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$bin" "$@" 2>&1 >/dev/null |
        awk '/I *refs/ { gsub(",", "", $NF); print $NF }'
}

# One module: "name wasm-bytes rivet wasmi wasmi-fuel", instructions per compile.
measure() {
    local file=$1 row mode one eleven
    row="$(basename "$file" .wasm) $(stat -c %s "$file")"
    for mode in rivet wasmi wasmi-fuel; do
        one=$(instructions "$file" 1 "$mode")
        eleven=$(instructions "$file" 11 "$mode")
        if [ -z "$one" ] || [ -z "$eleven" ]; then
            echo "compile_ratio.sh: compile_loop $file ($mode) failed under cachegrind" >&2
            return 1
        fi
        row="$row $(((eleven - one) / 10))"
    done
    echo "$row"
}

i=0
for file in "${modules[@]}"; do
    measure "$file" >"$tmp/$i" &
    i=$((i + 1))
    while [ "$(jobs -r | wc -l)" -ge 2 ]; do sleep 0.2; done
done
wait
# A module whose measurement failed (reported above) has no row: stop, rather than
# print geometric means over fewer modules than asked for.
for k in $(seq 0 $((i - 1))); do
    [ -s "$tmp/$k" ] || { echo "compile_ratio.sh: ${modules[$k]}: no measurement" >&2; exit 1; }
done
for k in $(seq 0 $((i - 1))); do cat "$tmp/$k"; done | awk '
BEGIN {
    printf "| module | wasm bytes | rivet | wasmi eager | rivet/wasmi | wasmi eager + fuel | rivet/(wasmi + fuel) |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|\n"
}
{
    printf "| %s | %d | %d | %d | %.3f | %d | %.3f |\n", $1, $2, $3, $4, $3 / $4, $5, $3 / $5
    g += log($3 / $4); gf += log($3 / $5); n++
}
END {
    printf "\ngeometric mean over %d modules: rivet/wasmi %.4f (goal <= 0.5), rivet/(wasmi + fuel) %.4f\n", n, exp(g / n), exp(gf / n)
}'
