#!/usr/bin/env bash
# Soaks the kill -9 test: kills the headless terminal ITERATIONS times
# (default 500) in the middle of recording and draining, then checks that the
# court server holds every committed record exactly once. Set
# COURTDESK_KILL_SEED to replay the waits of a failed run; its seed is printed.
#
#   scripts/soak-kill.sh [ITERATIONS]
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
iterations="${1:-500}"
case "$iterations" in
  '' | *[!0-9]*) echo "usage: $0 [ITERATIONS]  (a whole number, default 500)" >&2; exit 2 ;;
esac

COURTDESK_KILL_ITERATIONS="$iterations" \
  cargo test -p courtdesk-sync --test sync crash -- --nocapture
