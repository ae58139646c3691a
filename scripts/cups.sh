#!/usr/bin/env bash
# A CUPS PDF printer for the tests (the recipe of /work/shared/parts.md).
#
#   eval "$(scripts/cups.sh start)"   # exports COURTDESK_TEST_PRINTER and
#                                     # COURTDESK_TEST_PRINT_OUT
#   scripts/cups.sh stop              # removes the queue, stops the cupsd it started
#
# `start` installs Debian's cups, cups-client and printer-driver-cups-pdf if
# cupsd is missing (as root), starts `cupsd -f` in the background unless a
# scheduler already answers (root, no systemd needed), and creates the queue
# CourtDeskPDF. Its printouts land as PDF files in a fresh
# /var/tmp/courtdesk-cups.XXXX/out folder, one `*-job_<id>.pdf` per job.
# The queue converts to PostScript with pdftocairo, whose glyph names keep
# the text of CID fonts extractable in the printed PDF (Ghostscript's own
# conversion loses it). Run again, it reuses the queue and folder recorded
# in /var/tmp/courtdesk-cups.current. `stop` removes the queue, its
# cups-pdf configuration and folder, and stops cupsd only if `start`
# started it. Everything but the export lines goes to stderr so `eval`
# sees only them. Needs root: lpadmin and /etc/cups are root's.
set -euo pipefail

CURRENT=/var/tmp/courtdesk-cups.current
QUEUE=CourtDeskPDF
# cups-pdf reads /etc/cups/cups-pdf-<name>.conf for device cups-pdf:/<name>.
DEVICE_NAME=courtdesk
CONF=/etc/cups/cups-pdf-$DEVICE_NAME.conf
PPD=lsb/usr/cups-pdf/CUPS-PDF_opt.ppd

log() { printf '%s\n' "$*" >&2; }

scheduler_running() {
  command -v lpstat >/dev/null && LC_ALL=C lpstat -r 2>/dev/null | grep -q "is running"
}

queue_exists() {
  LC_ALL=C lpstat -v "$QUEUE" >/dev/null 2>&1
}

# Whether the cupsd recorded in "$1"/cupsd.pid is alive: the pid file is
# only trusted while that process is still a cupsd.
started_here() {
  local pid
  [ -f "$1/cupsd.pid" ] || return 1
  pid=$(cat "$1/cupsd.pid")
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q cupsd
}

exports() {
  printf 'export COURTDESK_TEST_PRINTER=%q\n' "$QUEUE"
  printf 'export COURTDESK_TEST_PRINT_OUT=%q\n' "$1/out"
}

start() {
  [ "$(id -u)" -eq 0 ] || { log "scripts/cups.sh needs root (lpadmin, /etc/cups)"; exit 1; }
  local dir
  if [ -f "$CURRENT" ]; then
    dir=$(cat "$CURRENT")
    if [ -d "$dir/out" ] && scheduler_running && queue_exists; then
      log "reusing the CUPS PDF printer $QUEUE writing to $dir/out"
      exports "$dir"
      return
    fi
  fi
  if [ ! -x /usr/sbin/cupsd ] || ! command -v lp >/dev/null || [ ! -e /usr/lib/cups/backend/cups-pdf ]; then
    log "installing Debian's cups, cups-client and printer-driver-cups-pdf"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      cups cups-client cups-ipp-utils printer-driver-cups-pdf poppler-utils >&2
  fi
  if [ -f "$CURRENT" ] && [ -d "$(cat "$CURRENT")" ]; then
    dir=$(cat "$CURRENT")
  else
    dir=$(mktemp -d /var/tmp/courtdesk-cups.XXXX)
    printf '%s\n' "$dir" >"$CURRENT"
  fi
  if ! scheduler_running; then
    # setsid and a log file: cupsd must outlive this script and must not
    # hold the pipe `eval "$(...)"` reads until it closes.
    setsid /usr/sbin/cupsd -f >"$dir/cupsd.log" 2>&1 </dev/null &
    printf '%s\n' "$!" >"$dir/cupsd.pid"
    local tries=0
    until scheduler_running; do
      tries=$((tries + 1))
      if [ "$tries" -gt 200 ]; then
        log "cupsd did not start:"; cat "$dir/cupsd.log" >&2; exit 1
      fi
      sleep 0.05
    done
    log "started cupsd (pid $(cat "$dir/cupsd.pid"))"
  elif started_here "$dir"; then
    log "using the cupsd started earlier (pid $(cat "$dir/cupsd.pid"))"
  else
    # Someone else's scheduler: `stop` must leave it running.
    rm -f "$dir/cupsd.pid"
    log "using the CUPS scheduler that is already running"
  fi
  mkdir -p "$dir/out"
  # cups-pdf may write as an unprivileged user.
  chmod 1777 "$dir/out"
  printf 'Out %s\n' "$dir/out" >"$CONF"
  # lpadmin warns that printer drivers are deprecated; the queue works.
  lpadmin -p "$QUEUE" -v "cups-pdf:/$DEVICE_NAME" -m "$PPD" \
    -o pdftops-renderer-default=pdftocairo -E 2>/dev/null
  log "CUPS PDF printer $QUEUE writes to $dir/out"
  exports "$dir"
}

stop() {
  local dir=""
  [ -f "$CURRENT" ] && dir=$(cat "$CURRENT")
  if [ -z "$dir" ] && ! { scheduler_running && queue_exists; }; then
    log "no CUPS PDF printer to remove"
    return
  fi
  if scheduler_running && queue_exists; then
    lpadmin -x "$QUEUE" || true
  fi
  rm -f "$CONF"
  if [ -n "$dir" ] && started_here "$dir"; then
    local pid
    pid=$(cat "$dir/cupsd.pid")
    kill "$pid"
    local tries=0
    while kill -0 "$pid" 2>/dev/null && [ "$tries" -lt 100 ]; do
      sleep 0.05; tries=$((tries + 1))
    done
    log "stopped cupsd (pid $pid)"
  fi
  case "$dir" in
    /var/tmp/courtdesk-cups.*) rm -rf "$dir" ;;
  esac
  rm -f "$CURRENT"
  log "removed the CUPS PDF printer $QUEUE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) log "usage: $0 start|stop"; exit 2 ;;
esac
