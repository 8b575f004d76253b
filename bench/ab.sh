#!/usr/bin/env bash
# A/B timing of the peers benchmark, the way bench/README.md's "before/after" tables
# are measured: the working tree's build against a base revision, both binaries run
# in alternation (ROTATIONS times, `--reps 5` each), minimum per cell; the wasmtime
# and wasmi columns are the minimum over both binaries' runs.
#
#   bench/ab.sh BASE_REV [ROTATIONS] [WORKLOAD]
#
# The base is built in a worktree of its own with a target directory of its own,
# both kept under target/ab-base for the next run (the first run builds wasmtime
# there once more; sharing the main target directory is not safe: cargo names a
# workspace crate's artifacts the same from either checkout and takes the other's
# as fresh). Needs the wasm programs (scripts/build-wasm-programs.sh). Do not run
# it beside other heavy jobs: the VM's spread already reaches a few percent.
set -euo pipefail

base=${1:?usage: bench/ab.sh BASE_REV [ROTATIONS] [WORKLOAD]}
rotations=${2:-10}
only=${3:-}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
programs="$root/target/wasm-programs"
[ -d "$programs" ] || { echo "ab.sh: run scripts/build-wasm-programs.sh first" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

work="$root/target/ab-base"
mkdir -p "$work"
if [ -e "$work/src/.git" ]; then
    git -C "$work/src" checkout -q --detach "$base"
else
    git -C "$root" worktree prune
    git -C "$root" worktree add -q --detach "$work/src" "$base"
fi
(cd "$work/src" && CARGO_TARGET_DIR="$work/target" cargo build --release -q -p rivet-bench-peers)
cp "$work/target/release/peers" "$tmp/base-peers"
(cd "$root" && cargo build --release -q -p rivet-bench-peers)
cp "$root/target/release/peers" "$tmp/new-peers"

echo "ab.sh: $base against the working tree, $rotations rotations, $(date -u '+%Y-%m-%d %H:%M UTC')" >&2
for _ in $(seq "$rotations"); do
    for side in base new; do
        "$tmp/$side-peers" --reps 5 --dir "$programs" ${only:+--only "$only"} \
            | awk -v side="$side" '$4 == "|" { print side, $1, $5, $6, $7, $8 }' >>"$tmp/runs"
    done
done

# Columns per run: side, workload, rivet native, wasmtime, rivet interpreter, wasmi.
awk '
function ms(x) { sub("ms", "", x); return x + 0 }
function lower(key, v) { if (!(key in best) || v < best[key]) best[key] = v }
{
    w = $2
    if (!(w in seen)) { seen[w] = 1; order[++n] = w }
    lower($1 " jit " w, ms($3)); lower($1 " int " w, ms($5))
    lower("wt " w, ms($4)); lower("wi " w, ms($6))
}
END {
    printf "| workload | jit ms before | after | change | interp ms before | after | change |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|\n"
    for (k = 1; k <= n; k++) {
        w = order[k]
        jb = best["base jit " w]; jn = best["new jit " w]
        ib = best["base int " w]; in_ = best["new int " w]
        printf "| %s | %.2f | %.2f | %+.1f%% | %.2f | %.2f | %+.1f%% |\n", w, jb, jn, 100 * (jn / jb - 1), ib, in_, 100 * (in_ / ib - 1)
        gjb += log(jb / best["wt " w]); gjn += log(jn / best["wt " w])
        gib += log(ib / best["wi " w]); gin += log(in_ / best["wi " w])
    }
    printf "| **geometric mean / peer** | **%.3fx** | **%.3fx** | | **%.3fx** | **%.3fx** | |\n", exp(gjb / n), exp(gjn / n), exp(gib / n), exp(gin / n)
}' "$tmp/runs"
