#!/usr/bin/env bash
# Cargo's runner for test binaries of another host (scripts/other-hosts.sh):
#   qemu-runner.sh QEMU SYSROOT BINARY [ARGS...]
# runs BINARY under QEMU user emulation (`qemu-aarch64`, `qemu-i386`) with the cross
# libc in SYSROOT, with a time limit. qemu-user emulates the `posix_spawn` behind
# `std::process::Command` as a fork of its multithreaded self, and the child can
# deadlock before its `exec` (seen once in three runs of the aarch64 gate: a test
# building its RISC-V C programs hung with the child asleep on a futex). A binary
# that runs past the limit is killed and run once more, said loudly; a second
# timeout or any failure fails the gate. The slowest binary (the wasmi differential)
# takes about 2 minutes.
set -uo pipefail
qemu=$1 sysroot=$2
shift 2
limit=${RIVET_QEMU_TIMEOUT:-900}
for attempt in 1 2; do
  timeout --kill-after=10 "$limit" "$qemu" -L "$sysroot" "$@"
  status=$?
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] && exit "$status"
  echo "qemu-runner: $(basename "$1") ran past ${limit}s under $qemu (attempt $attempt)" >&2
done
exit 124
