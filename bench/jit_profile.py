#!/usr/bin/env python3
"""Where native code spends its time, per guest instruction.

Runs one peers workload under `perf record` with `RIVET_JIT_DUMP` set, then
attributes every sample that falls in a translation's code to the guest
instruction whose code it is in (the dump's `.map`: line i = where guest
instruction i's code starts; an idiom fused over several instructions counts
for its first; an instruction whose dynamic entry goes through a stub is
mapped to that stub, so its inline code counts for the instruction before
it), and prints the guest instructions with at least `--min`
percent of the native samples, in program order, with their disassembly.

    bench/jit_profile.py WORKLOAD [--reps N] [--min PERCENT] [--native START END]

Needs `perf` and the release build (`cargo build --release -p rivet-bench-peers
-p rivet-cli`) and the wasm programs (`scripts/build-wasm-programs.sh`). With
`--native START END` (guest pcs, hex) it prints the samples per native offset of
that range instead, for `objdump -D -b binary -m i386:x86-64` of the dump.
"""
import argparse
import bisect
import collections
import glob
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workload")
    ap.add_argument("--reps", type=int, default=20)
    ap.add_argument("--min", type=float, default=0.5)
    ap.add_argument("--native", nargs=2, metavar=("START", "END"))
    args = ap.parse_args()
    wasm = os.path.join(ROOT, "target", "wasm-programs", args.workload + ".wasm")
    if not os.path.exists(wasm):
        sys.exit(f"{wasm}: build it with scripts/build-wasm-programs.sh")
    with tempfile.TemporaryDirectory() as tmp:
        pkg = os.path.join(tmp, "p.rvp")
        subprocess.run([os.path.join(RELEASE, "rivet"), "compile", wasm, "-o", pkg],
                       check=True, capture_output=True)
        dis = subprocess.run([os.path.join(RELEASE, "rivet"), "inspect", "--disasm", pkg],
                             check=True, capture_output=True, text=True).stdout
        env = dict(os.environ, RIVET_JIT_DUMP=tmp)
        data = os.path.join(tmp, "perf.data")
        subprocess.run(["perf", "record", "-q", "-F", "20000", "-o", data,
                        os.path.join(RELEASE, "peers"), "--reps", str(args.reps),
                        "--dir", os.path.dirname(wasm), "--only", args.workload],
                       check=True, env=env, capture_output=True)
        ips = subprocess.run(["perf", "script", "-i", data, "-F", "ip"],
                             check=True, capture_output=True, text=True).stdout.split()
        maps = []
        for m in glob.glob(os.path.join(tmp, "jit-*.map")):
            base = int(os.path.basename(m)[4:-4], 16)
            starts = [int(line, 16) for line in open(m)]
            size = os.path.getsize(m[:-4] + ".bin")
            # Main-pass code is laid out in program order; stubs come after.
            order = sorted((s, i) for i, s in enumerate(starts))
            maps.append((base, size, starts, [s for s, _ in order], [i for _, i in order]))
    lines = {}
    for line in dis.splitlines():
        mm = re.match(r"\s+([0-9a-f]{8}): (.*)", line)
        if mm:
            lines[int(mm.group(1), 16)] = mm.group(2)
    per_inst = collections.Counter()
    per_native = collections.Counter()
    native = 0
    for text in ips:
        ip = int(text, 16)
        for base, size, _, sorted_starts, owners in maps:
            if base <= ip < base + size:
                native += 1
                off = ip - base
                k = bisect.bisect_right(sorted_starts, off) - 1
                if k >= 0:
                    per_inst[owners[k]] += 1
                per_native[(base, off)] += 1
                break
    print(f"{len(ips)} samples, {native} in native code ({len(maps)} translations)")
    if native == 0:
        return
    if args.native:
        lo, hi = (int(x, 16) // 4 for x in args.native)
        for base, _, starts, _, _ in maps:
            a, b = starts[lo], starts[min(hi, len(starts) - 1)]
            hits = sorted((o, c) for (bb, o), c in per_native.items() if bb == base and a <= o < b)
            if hits:
                print(f"jit-{base:x}.bin, native {a:#x}..{b:#x}:")
                for o, c in hits:
                    print(f"  {o:#8x} {c:6d}")
        return
    for idx, count in sorted(per_inst.items()):
        share = 100.0 * count / native
        if share >= args.min:
            pc = 4 * idx
            print(f"{pc:08x} {share:5.1f}%  {lines.get(pc, '?')}")


if __name__ == "__main__":
    main()
