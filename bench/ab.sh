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
#
# Both sides build with the workspace's rustc wrapper (scripts/rustc-workspace.sh):
# a base older than it still finds this checkout's .cargo/config.toml, as its
# worktree lies inside this one, so both get the same codegen flags.
#
# LAYOUTS="0 16 32 48" builds each side once per interpreter shift
# (RIVET_INTERP_SHIFT, engine/build.rs) and reports, per workload, the geometric mean
# over the shifts of each shift's minimum. With the workspace's alignment
# (scripts/rustc-workspace.sh) the shifts change little (at most 2.5% per
# workload); without it the interpreter's speed depended on them by up to 19%
# per workload (8-10% overall), so this is how a
# change to the loop is judged when the alignment is in doubt. The base revision
# must have the knob.
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
layouts=${LAYOUTS:-0}
if [ "$layouts" != 0 ] && ! grep -q RIVET_INTERP_SHIFT "$work/src/engine/build.rs" 2>/dev/null; then
    echo "ab.sh: LAYOUTS needs a base revision with RIVET_INTERP_SHIFT (engine/build.rs)" >&2
    exit 1
fi
for shift in $layouts; do
    (cd "$work/src" && RIVET_INTERP_SHIFT=$shift CARGO_TARGET_DIR="$work/target" cargo build --release -q -p rivet-bench-peers)
    cp "$work/target/release/peers" "$tmp/base@$shift-peers"
    (cd "$root" && RIVET_INTERP_SHIFT=$shift cargo build --release -q -p rivet-bench-peers)
    cp "$root/target/release/peers" "$tmp/new@$shift-peers"
done

echo "ab.sh: $base against the working tree, $rotations rotations, interpreter shifts: $layouts, $(date -u '+%Y-%m-%d %H:%M UTC')" >&2
for _ in $(seq "$rotations"); do
    for shift in $layouts; do
        for side in base new; do
            "$tmp/$side@$shift-peers" --reps 5 --dir "$programs" ${only:+--only "$only"} \
                | awk -v side="$side" -v shift="$shift" '$4 == "|" { print side, shift, $1, $5, $6, $7, $8 }' >>"$tmp/runs"
        done
    done
done

# Columns per run: side, shift, workload, rivet native, wasmtime, rivet interpreter,
# wasmi. A side's figure is the minimum per shift, then the geometric mean over shifts.
awk '
function ms(x) { sub("ms", "", x); return x + 0 }
function lower(key, v) { if (!(key in low) || v < low[key]) low[key] = v }
{
    w = $3
    if (!(w in seen)) { seen[w] = 1; order[++n] = w }
    if (!($2 in shifts)) { shifts[$2] = 1; nshift++ }
    lower($1 " jit " w " " $2, ms($4)); lower($1 " int " w " " $2, ms($6))
    lower("wt " w " " $2, ms($5)); lower("wi " w " " $2, ms($7))
}
END {
    for (key in low) {
        split(key, part, " ")
        shift = part[length(part)]
        sub(" " shift "$", "", key)
        logsum[key] += log(low[key " " shift])
    }
    for (key in logsum) best[key] = exp(logsum[key] / nshift)
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
