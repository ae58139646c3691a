#!/usr/bin/env bash
# Builds CourtDesk and the hello-world floor app in release, bundles both as
# .deb, and measures them side by side in the same run: binary size, .deb
# size, first paint under Xvfb and idle PSS. Results go to stdout as a table.
#   ./bench/run.sh [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
RUNS="${1:-5}"
ensure_toolchains
ensure_packages "${APP_PACKAGES[@]}" xvfb xauth x11-apps
build_ui

TAURI="$ROOT/ui/node_modules/.bin/tauri"
say "release build and .deb of CourtDesk"
(cd "$ROOT/src-tauri" && "$TAURI" build --bundles deb)
say "release build and .deb of the hello-world floor"
(cd "$ROOT/bench/hello-floor" && "$TAURI" build --bundles deb)

DEB_DIR="$ROOT/target/release/bundle/deb"
cd_deb=$(ls "$DEB_DIR"/CourtDesk_*.deb)
hello_deb=$(ls "$DEB_DIR"/hello-floor_*.deb)
cd_bin="$ROOT/target/release/courtdesk"
hello_bin="$ROOT/target/release/hello-floor"

work=$(mktemp -d)
trap 'kill "${XVFB:-0}" 2>/dev/null || true; rm -rf "$work"' EXIT
printf 'mode = "kiosk"\n' > "$work/kiosk.toml"
Xvfb :77 -screen 0 1920x1080x24 -nolisten tcp & XVFB=$!
sleep 1

say "first paint and idle memory, $RUNS runs each, alternating"
python3 "$ROOT/bench/measure.py" --runs "$RUNS" --display :77 \
  "courtdesk=$cd_bin --config $work/kiosk.toml" "hello=$hello_bin" > "$work/runs.json"
cat "$work/runs.json"

python3 - "$work/runs.json" "$cd_bin" "$hello_bin" "$cd_deb" "$hello_deb" <<'PY'
import json, os, sys
runs = {j["app"]: j for j in map(json.loads, open(sys.argv[1]))}
cd, hello = runs["courtdesk"], runs["hello"]
mib = lambda p: os.path.getsize(p) / 2**20
rows = [
    ("release binary (stripped)", mib(sys.argv[2]), mib(sys.argv[3]), "MiB", "<= 20 MiB"),
    (".deb", mib(sys.argv[4]), mib(sys.argv[5]), "MiB", "<= 10 MiB"),
    ("first paint (median)", cd["first_paint_ms"], hello["first_paint_ms"], "ms", "<= 1.5x"),
    ("visually complete (median)", cd["complete_ms"], hello["complete_ms"], "ms", "-"),
    ("idle PSS (median)", cd["idle_pss_mib"], hello["idle_pss_mib"], "MiB", "<= 1.15x"),
    ("idle PSS (lowest run)", cd["idle_pss_min_mib"], hello["idle_pss_min_mib"], "MiB", "-"),
    ("idle PSS (highest run)", cd["idle_pss_max_mib"], hello["idle_pss_max_mib"], "MiB", "-"),
]
print("| measure | CourtDesk | hello-world | ratio | target |")
print("|---|---|---|---|---|")
for name, a, b, unit, target in rows:
    print(f"| {name} | {a:.1f} {unit} | {b:.1f} {unit} | {a / b:.2f} | {target} |")
PY
