#!/usr/bin/env bash
# Runs every test: formatting, clippy, the Rust tests, the UI tests in
# headless Chromium and the real-window tests under Xvfb. Installs what it
# needs first. Screenshots land in test-output/.
# shellcheck source=scripts/lib.sh
source "$(dirname "$0")/lib.sh"

ensure_toolchains
ensure_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

say "cargo fmt --check"
cargo fmt --all --check

build_ui

say "cargo clippy (all targets, warnings are errors)"
cargo clippy --all-targets --locked -- -D warnings

say "PostgreSQL for the central server's tests, CUPS with a PDF printer for printing"
eval "$(scripts/postgres.sh start)"
eval "$(scripts/cups.sh start)"
# Quietly, so the last lines of the run stay the test runners' summaries.
trap 'scripts/postgres.sh stop >/dev/null 2>&1; scripts/cups.sh stop >/dev/null 2>&1' EXIT

say "Rust unit and integration tests"
# Also builds target/debug/courtdesk, which the real-window tests drive.
cargo test --locked

say "UI tests in headless Chromium"
npm test --prefix ui

say "real-window tests under Xvfb through WebKitWebDriver"
node --test --test-concurrency=1 tests/e2e/
