# shellcheck shell=bash
# Shared by run-app.sh and test-all.sh: installs what a fresh Debian 12
# machine lacks (as root), then builds the UI. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '\n== %s\n' "$*"; }

# Debian packages the app needs to build and run.
# shellcheck disable=SC2034 # used by the scripts that source this one
APP_PACKAGES=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
  libssl-dev libxdo-dev pkg-config build-essential file fonts-noto-cjk
  cups-client cups-ipp-utils espeak-ng)
# Debian packages the tests need on top: a virtual display, WebKit's WebDriver,
# Chromium for the UI tests, PostgreSQL for the central server's tests, CUPS
# with a PDF printer and PDF tools for printing, SANE's test scanner, ffmpeg
# (its test picture stands in for a camera), systemd-analyze (package systemd)
# for the central server's unit.
# shellcheck disable=SC2034 # used by the scripts that source this one
TEST_PACKAGES=(xvfb xauth webkit2gtk-driver chromium postgresql
  cups printer-driver-cups-pdf qpdf poppler-utils sane-utils python3-cryptography sqlite3
  ffmpeg systemd)

# Installs the packages of "$@" that are not installed yet.
ensure_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then
      echo "These packages are missing; run as root (or with sudo) to install them: ${missing[*]}" >&2
      exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

# The toolchains come from outside Debian's archive: say so plainly if absent.
ensure_toolchains() {
  if ! command -v cargo >/dev/null; then
    echo "Rust is missing: install it with rustup (https://rustup.rs), then run this again." >&2
    exit 1
  fi
  if ! command -v node >/dev/null ||
    ! node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; then
    echo "Node.js 20.19 or newer is needed to build the UI; install it, then run this again." >&2
    exit 1
  fi
}

# Installs the UI's npm packages when the lock file changed, then builds it
# when a file under ui/ changed since the last build.
build_ui() {
  local stamp=ui/node_modules/.courtdesk-lock
  if ! cmp -s ui/package-lock.json "$stamp" 2>/dev/null; then
    say "installing the UI's npm packages"
    npm ci --prefix ui --no-audit --no-fund
    cp ui/package-lock.json "$stamp"
  fi
  # Vite rewrites every file of ui/dist, and the app embeds those files, so
  # building unchanged sources again would make cargo compile the app again.
  local built=ui/node_modules/.courtdesk-ui-built
  if [ -f ui/dist/index.html ] && [ -f "$built" ] &&
    [ -z "$(find ui \( -path ui/node_modules -o -path ui/dist \) -prune -o -newer "$built" -print -quit)" ]; then
    say "the UI is up to date"
    return
  fi
  say "building the UI"
  npm run --prefix ui build
  touch "$built"
}
