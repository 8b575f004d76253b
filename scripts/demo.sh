#!/usr/bin/env bash
# The first command on a fresh clone: installs the toolchains (scripts/setup.sh),
# builds rivet in release and runs `rivet demo "$@"` (e.g. --reset, --state DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" -p rivet-cli
target="${CARGO_TARGET_DIR:-$root/target}"
exec "$target/release/rivet" demo "$@"
