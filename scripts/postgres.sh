#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests of the PostgreSQL store backend
# (state/tests, node/tests/two_nodes.rs) and the node load test.
#
# Sourced (what scripts/test.sh does):
#     source scripts/postgres.sh
#     pg_start            # installs PostgreSQL if missing, starts a cluster on
#                         # 127.0.0.1:<free port>, exports RIVET_TEST_POSTGRES
#     ...                 # postgres://rivet@127.0.0.1:PORT/rivet
#     pg_stop             # stops it and deletes its directory
# Run directly: `scripts/postgres.sh start` prints the export line and the
# directory; `scripts/postgres.sh stop DIR` stops that cluster.
#
# The cluster lives in a fresh temp directory, listens on 127.0.0.1 only, trusts
# local connections (role `rivet`, a superuser, so tests may create databases) and
# runs with fsync off (set RIVET_PG_FSYNC=on for durable commits, e.g. benchmarks).
# initdb refuses to run as root: as root the cluster runs as the `postgres` user the
# Debian package creates (or a `rivetpg` system user made here).

pg_bin_dir() {
  # Debian keeps the server tools (initdb, pg_ctl, createdb) out of PATH.
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/createdb" ] && { echo "$d"; return 0; }
  done
  d=$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")
  [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/createdb" ] && { echo "$d"; return 0; }
  return 1
}

pg_install() {
  pg_bin_dir >/dev/null && return 0
  echo "postgres.sh: installing postgresql (apt-get)" >&2
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { echo "postgres.sh: need root to run: apt-get install -y postgresql" >&2; return 1; }
    sudo=sudo
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  pg_bin_dir >/dev/null
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

pg_start() {
  pg_install || return 1
  local bin dir port owner
  bin=$(pg_bin_dir)
  dir=$(mktemp -d /tmp/rivet-pg.XXXXXX)
  local run=()
  if [ "$(id -u)" = 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || { owner=rivetpg; id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"; }
    chown "$owner" "$dir"
    run=(runuser -u "$owner" --)
  fi
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U rivet -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  port=$(pg_free_port)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${RIVET_PG_FSYNC:-off} -c max_connections=300" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  "$bin/createdb" -h 127.0.0.1 -p "$port" -U rivet rivet || return 1
  export RIVET_PG_DIR="$dir"
  export RIVET_TEST_POSTGRES="postgres://rivet@127.0.0.1:$port/rivet"
  echo "postgres.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') at $RIVET_TEST_POSTGRES (cluster in $dir)" >&2
}

pg_stop() {
  local dir="${1:-${RIVET_PG_DIR:-}}" bin run=()
  [ -n "$dir" ] && [ -d "$dir/data" ] || return 0
  bin=$(pg_bin_dir)
  [ "$(id -u)" = 0 ] && run=(runuser -u "$(stat -c %U "$dir")" --)
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  case "${1:-}" in
    start) pg_start; echo "export RIVET_TEST_POSTGRES=$RIVET_TEST_POSTGRES"; echo "# stop with: $0 stop $RIVET_PG_DIR" ;;
    stop) pg_stop "${2:?usage: $0 stop DIR}" ;;
    install) pg_install ;;
    *) echo "usage: $0 start | stop DIR | install" >&2; exit 2 ;;
  esac
fi
