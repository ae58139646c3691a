#!/usr/bin/env bash
# Builds CourtDesk and starts it. Any arguments go to the app, for example
#   ./scripts/run-app.sh --config /etc/courtdesk/kiosk.toml
# Without one, the terminal uses (and on first start creates) courtdesk.toml
# in the platform data folder: a staff desk with embedded defaults.
source "$(dirname "$0")/lib.sh"

ensure_toolchains
ensure_packages "${APP_PACKAGES[@]}"
build_ui
say "building the app"
cargo build -p courtdesk-app

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found. On a machine without a screen, run: xvfb-run -a $0 $*" >&2
  exit 1
fi
say "starting CourtDesk"
exec "$ROOT/target/debug/courtdesk" "$@"
