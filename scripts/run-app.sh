#!/usr/bin/env bash
# Builds CourtDesk and shows it doing its job. Unless a configuration file is
# named, it keeps a small court of its own in one state folder: a court server
# on the embedded store, enrolled terminals, a clerk and a party on file. Then
# it opens the chosen terminal against that server.
#
#   ./scripts/run-app.sh                  a staff desk (the same as --mode staff)
#   ./scripts/run-app.sh --mode kiosk     a kiosk; --mode display: the hall display
#   ./scripts/run-app.sh --hall           a kiosk, a desk and a display side by side
#   ./scripts/run-app.sh --reset          wipes the state folder first, then as above
#   ./scripts/run-app.sh --config FILE    only the app, on FILE (so does COURTDESK_CONFIG)
#
# The state folder is $COURTDESK_DEMO_DIR, or else courtdesk-demo in
# ${XDG_STATE_HOME:-~/.local/state}. The next run reuses it: the same server,
# terminals, clerk and tickets. The server stops when the app does.
#
# COURTDESK_DEMO_WINDOWS=print sets everything up but opens no window: it
# prints "app BINARY", then "window MODE CONFIG PLACEMENT" for each terminal,
# then "ready", and keeps the server until its standard input closes. The
# real-window test opens the windows itself through WebDriver that way.
set -euo pipefail

usage() {
  sed -n '2,15s/^# \{0,1\}//p' "$0"
}

START_DIR="$PWD"
ORIG_ARGS=("$@")
MODE=staff
HALL=false
RESET=false
CONFIG=""
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) MODE="${2:?--mode needs kiosk, staff or display}"; shift 2 ;;
    --mode=*) MODE="${1#--mode=}"; shift ;;
    --hall) HALL=true; shift ;;
    --reset) RESET=true; shift ;;
    --config) CONFIG="${2:?--config needs a file}"; shift 2 ;;
    --config=*) CONFIG="${1#--config=}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) printf 'run-app.sh: unknown option %s\n\n' "$1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$MODE" in
  kiosk | staff | display) ;;
  *) echo "run-app.sh: --mode is kiosk, staff or display, not \"$MODE\"" >&2; exit 2 ;;
esac
# lib.sh moves to the repository's root: a relative path means where it was typed.
if [ -n "$CONFIG" ] && [ "${CONFIG:0:1}" != / ]; then
  CONFIG="$START_DIR/$CONFIG"
fi
if [ -n "${COURTDESK_CONFIG:-}" ] && [ "${COURTDESK_CONFIG:0:1}" != / ]; then
  export COURTDESK_CONFIG="$START_DIR/$COURTDESK_CONFIG"
fi

# Before anything is built: the app opens real windows, so without a display
# the build would be wasted.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  hint="xvfb-run -a -s \"-screen 0 1920x1080x24\" $0"
  for arg in "${ORIG_ARGS[@]}"; do hint+=" $(printf '%q' "$arg")"; done
  cat >&2 <<EOF
No display found: CourtDesk opens real windows. On a machine without a screen,
run it on a virtual 1920×1080 one (Debian packages xvfb and xauth):

  $hint
EOF
  exit 1
fi

# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

ensure_toolchains
ensure_packages "${APP_PACKAGES[@]}"
build_ui
# The same command, profile and features as the tests (Tauri's test feature
# comes in through the tests), so the app built here is the app the tests
# drive and neither build repeats the other. It also builds the court server
# and the terminal tool used below.
say "building the app, the court server and the terminal tool"
cargo test --locked --no-run

TARGET="${CARGO_TARGET_DIR:-target}"
[ "${TARGET:0:1}" = / ] || TARGET="$ROOT/$TARGET"
BIN="$TARGET/debug"
APP="$BIN/courtdesk"

if [ -n "$CONFIG" ] || [ -n "${COURTDESK_CONFIG:-}" ]; then
  say "starting CourtDesk on ${CONFIG:-$COURTDESK_CONFIG}"
  if [ -n "$CONFIG" ]; then exec "$APP" --config "$CONFIG"; else exec "$APP"; fi
fi

# shellcheck source=scripts/demo.sh
source "$ROOT/scripts/demo.sh"

STATE="${COURTDESK_DEMO_DIR:-${XDG_STATE_HOME:-$HOME/.local/state}/courtdesk-demo}"
if $RESET; then demo_wipe "$STATE"; fi
demo_claim "$STATE"
trap demo_stop EXIT
trap 'exit 130' INT TERM

say "the court server (state in $STATE)"
demo_start_server
demo_prepare_court
if $HALL; then
  MODES=(kiosk staff display)
else
  MODES=("$MODE")
fi
for mode in "${MODES[@]}"; do
  demo_terminal "$mode"
done
demo_summary

# Three windows on one 1920×1080 screen: the kiosk and the display, laid out
# for 1920×1080, at half size on the left; the desk on the right at three
# quarters, so its text stays readable.
declare -A PLACE=([kiosk]="960x540+0+0*0.5" [display]="960x540+0+540*0.5" [staff]="960x1080+960+0*0.75")

if [ "${COURTDESK_DEMO_WINDOWS:-}" = print ]; then
  echo "app $APP"
  for mode in "${MODES[@]}"; do
    place="-"
    if $HALL; then place="${PLACE[$mode]}"; fi
    echo "window $mode $STATE/$mode/courtdesk.toml $place"
  done
  echo "ready"
  # In the background, so that a TERM ends the wait at once and the trap
  # still stops the server; through another descriptor, because a background
  # command's own standard input is /dev/null.
  exec 8<&0
  cat <&8 >/dev/null &
  DEMO_PIDS+=($!)
  wait "$!"
  exit 0
fi

if ! $HALL; then
  say "starting the $MODE terminal; closing its window stops the court server too"
  "$APP" --config "$STATE/$MODE/courtdesk.toml" &
  DEMO_PIDS+=($!)
  wait "$!" || true
  exit 0
fi

say "starting the kiosk, the desk and the display; closing any of them stops all"
for mode in "${MODES[@]}"; do
  COURTDESK_WINDOW="${PLACE[$mode]}" "$APP" --config "$STATE/$mode/courtdesk.toml" &
  DEMO_PIDS+=($!)
done
wait -n || true
