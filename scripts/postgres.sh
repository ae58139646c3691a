#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests (the recipe of /work/shared/parts.md).
#
#   eval "$(scripts/postgres.sh start)"   # exports COURTDESK_TEST_POSTGRES_URL
#   scripts/postgres.sh stop              # stops it and removes its folder
#
# `start` reuses a server that already answers at COURTDESK_TEST_POSTGRES_URL
# or at the URL recorded by an earlier `start` (and then `stop` in that shell
# leaves it alone, since someone else owns it). Otherwise it installs
# Debian's `postgresql` if initdb is missing, makes a cluster as the postgres
# user in a fresh /var/tmp/courtdesk-pg.XXXX folder (initdb refuses root),
# with scram-sha-256 and a random password, on a free port of 127.0.0.1,
# exports COURTDESK_TEST_POSTGRES_DIR for `stop` and records the folder in
# /var/tmp/courtdesk-pg.current for a `stop` from another shell.
# Everything but the export lines goes to stderr so `eval` sees only them.
# The cluster runs with fsync off: it holds test data only.
set -euo pipefail

CURRENT=/var/tmp/courtdesk-pg.current

log() { printf '%s\n' "$*" >&2; }

bin_dir() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

answers() {
  [ -n "${1:-}" ] && command -v psql >/dev/null && psql "$1" -Atqc 'SELECT 1' >/dev/null 2>&1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start() {
  if answers "${COURTDESK_TEST_POSTGRES_URL:-}"; then
    log "reusing the PostgreSQL server at COURTDESK_TEST_POSTGRES_URL"
    printf 'export COURTDESK_TEST_POSTGRES_URL=%q\n' "$COURTDESK_TEST_POSTGRES_URL"
    printf 'unset COURTDESK_TEST_POSTGRES_DIR\n'
    return
  fi
  if [ -f "$CURRENT" ] && [ -f "$(cat "$CURRENT")/url" ] && answers "$(cat "$(cat "$CURRENT")/url")"; then
    log "reusing the throwaway PostgreSQL in $(cat "$CURRENT")"
    printf 'export COURTDESK_TEST_POSTGRES_URL=%q\n' "$(cat "$(cat "$CURRENT")/url")"
    printf 'unset COURTDESK_TEST_POSTGRES_DIR\n'
    return
  fi
  if [ -z "$(bin_dir)" ]; then
    [ "$(id -u)" -eq 0 ] || { log "PostgreSQL is missing; run as root to install Debian's postgresql"; exit 1; }
    log "installing Debian's postgresql"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
  fi
  local bin dir port password url
  bin=$(bin_dir)
  dir=$(mktemp -d /var/tmp/courtdesk-pg.XXXX)
  chown postgres "$dir"
  chmod 700 "$dir"
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077 && printf '%s\n' "$password" >"$dir/pw")
  chown postgres "$dir/pw"
  runuser -u postgres -- "$bin/initdb" -D "$dir/data" -U postgres --auth=scram-sha-256 \
    --pwfile="$dir/pw" >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
  rm -f "$dir/pw"
  port=$(free_port)
  # Enough connections for the test binaries' servers running side by side.
  runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off" \
    start >&2 || { cat "$dir/log" >&2; exit 1; }
  url="postgres://postgres:$password@127.0.0.1:$port/postgres"
  (umask 077 && printf '%s\n' "$url" >"$dir/url")
  printf '%s\n' "$dir" >"$CURRENT"
  log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir"
  printf 'export COURTDESK_TEST_POSTGRES_URL=%q\n' "$url"
  printf 'export COURTDESK_TEST_POSTGRES_DIR=%q\n' "$dir"
}

stop() {
  local dir=${COURTDESK_TEST_POSTGRES_DIR:-} bin
  if [ -z "$dir" ] && [ -n "${COURTDESK_TEST_POSTGRES_URL:-}" ]; then
    log "this shell reused a PostgreSQL it did not start; leaving it running"
    return
  fi
  if [ -z "$dir" ] && [ -f "$CURRENT" ]; then
    dir=$(cat "$CURRENT")
  fi
  [ -n "$dir" ] || { log "no throwaway PostgreSQL to stop"; return; }
  bin=$(bin_dir)
  if [ -d "$dir/data" ] && [ -n "$bin" ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -w -m fast stop >&2 || true
  fi
  case "$dir" in
    /var/tmp/courtdesk-pg.*) rm -rf "$dir" ;;
  esac
  if [ -f "$CURRENT" ] && [ "$(cat "$CURRENT")" = "$dir" ]; then
    rm -f "$CURRENT"
  fi
  log "stopped and removed the throwaway PostgreSQL in $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) log "usage: $0 start|stop"; exit 2 ;;
esac
