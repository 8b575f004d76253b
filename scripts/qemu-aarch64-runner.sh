#!/usr/bin/env bash
# Cargo's runner for aarch64 test binaries (scripts/aarch64.sh): runs one under
# qemu-aarch64 user emulation with a time limit. qemu-user emulates the
# `posix_spawn` behind `std::process::Command` as a fork of its multithreaded self,
# and the child can deadlock before its `exec` (seen once in three runs of the gate: a
# test building its RISC-V C programs hung with the child asleep on a futex). A binary
# that runs past the limit is killed and run once more, said loudly; a second
# timeout or any failure fails the gate. The slowest binary takes about 2 minutes.
set -uo pipefail
limit=${RIVET_QEMU_TIMEOUT:-600}
for attempt in 1 2; do
  timeout --kill-after=10 "$limit" qemu-aarch64 -L /usr/aarch64-linux-gnu "$@"
  status=$?
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] && exit "$status"
  echo "qemu-aarch64-runner: $(basename "$1") ran past ${limit}s (attempt $attempt)" >&2
done
exit 124
