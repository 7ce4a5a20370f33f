#!/usr/bin/env bash
# Offline checks of deploy/: the Prometheus configuration, rules and rule unit tests with
# promtool, the rules' and dashboards' consistency with METRICS.md, the Grafana dashboards'
# structure and PromQL, and the checkers' own tests. Needs promtool (Debian's prometheus
# package) and python3. Ends with "deploy: N passed, M failed"; exit status 1 on any failure.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prom="$here/prometheus"
passed=0
failed=0

command -v promtool >/dev/null || { echo "promtool is missing: apt-get install prometheus" >&2; exit 1; }

step() {
  local name="$1"
  shift
  local out
  if out="$("$@" 2>&1)"; then
    passed=$((passed + 1))
    echo "ok - $name"
  else
    failed=$((failed + 1))
    echo "not ok - $name"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
}

# The configuration reads the token from `buddy-token` beside it: check a copy with an empty one
# (promtool refuses a credentials file that does not exist).
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cp -r "$prom" "$scratch/prometheus"
: >"$scratch/prometheus/buddy-token"

step "promtool check config prometheus.yml" promtool check config "$scratch/prometheus/prometheus.yml"
step "promtool check rules rules/*.yml" promtool check rules "$prom"/rules/*.yml
step "promtool test rules tests/*.yml" promtool test rules "$prom"/tests/*.yml
step "rules: severities, annotations, names in METRICS.md, every rule unit-tested" python3 "$here/tools/check_rules.py"
step "dashboards: structure, variables, names in METRICS.md, provisioning" python3 "$here/tools/dashboards.py" validate
step "dashboards: every query parses (promtool)" python3 "$here/tools/dashboards.py" promtool-check
step "the checkers' own tests" python3 "$here/tools/test_tools.py"

echo "deploy: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
