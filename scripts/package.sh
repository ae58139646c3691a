#!/usr/bin/env bash
# Builds the central server's Debian package, with its systemd unit and its
# configuration file (crates/courtdesk-central/packaging/), into
# target/debian/. A release build: minutes, so not part of test-all.sh.
# Install on the server with `apt install ./courtdesk-central_*.deb`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v cargo-deb >/dev/null; then
  printf '\n== installing cargo-deb\n'
  cargo install cargo-deb --locked
fi
printf '\n== building the courtdesk-central package\n'
cargo deb -p courtdesk-central --locked "$@"
