#!/usr/bin/env python3
"""What promtool does not check in deploy/prometheus/rules and tests:

- every alert has a `severity` label (critical or warning) and `summary` and `description`
  annotations;
- every metric name a rule uses is a family of METRICS.md, one of Prometheus' own series, or a
  recording rule (a typo in a name is valid PromQL that never matches anything);
- every alert has a unit test where it fires and one where it must not;
- every recording rule is evaluated by a unit test.

Reads the YAML line by line (pure standard library): it expects the layout of the shipped
files, one `- alert:` / `- record:` entry per rule.

    check_rules.py [PROMETHEUS_DIR]      exit status 1 and one line per problem when any
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import metrics_spec  # noqa: E402

SEVERITIES = {"critical", "warning"}


@dataclass
class Rule:
    kind: str  # alert | record
    name: str
    file: str
    expr: str = ""
    labels: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)


def _block(lines: list[str], i: int, indent: int) -> tuple[str, int]:
    """A YAML block scalar (| or >) starting after line i: its text and the next line's index."""
    out = []
    j = i + 1
    while j < len(lines) and (not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > indent):
        out.append(lines[j].strip())
        j += 1
    return "\n".join(out).strip(), j


def parse_rules(path: Path) -> list[Rule]:
    lines = path.read_text(encoding="utf-8").splitlines()
    rules: list[Rule] = []
    section = None
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^(\s*)- (alert|record):\s*(\S+)\s*$", line)
        if m:
            rules.append(Rule(m.group(2), m.group(3), path.name))
            section = None
            i += 1
            continue
        if not rules:
            i += 1
            continue
        rule = rules[-1]
        m = re.match(r"^(\s*)(expr|labels|annotations|for|\w+):\s*(.*)$", line)
        if m:
            indent, key, value = len(m.group(1)), m.group(2), m.group(3).strip()
            if key == "expr":
                if value in ("|", ">", "|-", ">-"):
                    rule.expr, i = _block(lines, i, indent)
                    continue
                rule.expr = value.strip("'\"")
                section = None
            elif key in ("labels", "annotations") and not value:
                section = key
            elif section and indent > 0:
                if value in ("|", ">", "|-", ">-"):
                    value, i = _block(lines, i, indent)
                    getattr(rule, section)[key] = value
                    continue
                getattr(rule, section)[key] = value.strip("'\"")
            else:
                section = None
        i += 1
    return rules


@dataclass
class TestCoverage:
    firing: set[str] = field(default_factory=set)
    silent: set[str] = field(default_factory=set)
    exprs: list[str] = field(default_factory=list)


def parse_tests(paths: list[Path]) -> TestCoverage:
    cov = TestCoverage()
    for path in paths:
        alert = None
        for line in path.read_text(encoding="utf-8").splitlines():
            m = re.match(r"^\s*alertname:\s*(\S+)", line)
            if m:
                alert = m.group(1)
                continue
            m = re.match(r"^\s*exp_alerts:\s*(.*)$", line)
            if m and alert:
                (cov.silent if m.group(1).strip() == "[]" else cov.firing).add(alert)
                alert = None
                continue
            m = re.match(r"^\s*-?\s*expr:\s*(.+)$", line)
            if m:
                cov.exprs.append(m.group(1))
    return cov


def check(prom_dir: Path) -> list[str]:
    problems: list[str] = []
    spec = metrics_spec.load()
    rules = [r for f in sorted((prom_dir / "rules").glob("*.yml")) for r in parse_rules(f)]
    if not rules:
        return [f"no rules found in {prom_dir / 'rules'}"]
    recorded = {r.name for r in rules if r.kind == "record"}
    names = [r.name for r in rules]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{dup}: defined more than once")
    for r in rules:
        where = f"{r.file}: {r.name}"
        if not r.expr:
            problems.append(f"{where}: no expr")
        for n in sorted(metrics_spec.unknown_names(r.expr, spec, recorded)):
            problems.append(f"{where}: uses {n!r}, which is no family of METRICS.md nor a recording rule")
        if r.kind == "alert":
            if r.labels.get("severity") not in SEVERITIES:
                problems.append(f"{where}: severity label must be one of {sorted(SEVERITIES)}")
            for a in ("summary", "description"):
                if not r.annotations.get(a):
                    problems.append(f"{where}: no {a} annotation")
            if "$labels.host" not in r.annotations.get("summary", ""):
                problems.append(f"{where}: the summary does not name the host ({{{{ $labels.host }}}})")
    cov = parse_tests(sorted((prom_dir / "tests").glob("*.yml")))
    for r in rules:
        if r.kind == "alert":
            if r.name not in cov.firing:
                problems.append(f"{r.name}: no unit test where it fires")
            if r.name not in cov.silent:
                problems.append(f"{r.name}: no unit test where it must not fire")
        elif not any(re.search(rf"(?<![\w:]){re.escape(r.name)}(?![\w:])", e) for e in cov.exprs):
            problems.append(f"{r.name}: no unit test evaluates this recording rule")
    for a in sorted((cov.firing | cov.silent) - {r.name for r in rules if r.kind == "alert"}):
        problems.append(f"tests name alert {a!r}, which no rule file defines")
    return problems


def main(argv: list[str]) -> int:
    prom_dir = Path(argv[0]) if argv else metrics_spec.DEPLOY / "prometheus"
    problems = check(prom_dir)
    for p in problems:
        print(f"problem: {p}")
    if not problems:
        rules = [r for f in sorted((prom_dir / "rules").glob("*.yml")) for r in parse_rules(f)]
        alerts = sum(r.kind == "alert" for r in rules)
        print(f"rules ok: {alerts} alerts and {len(rules) - alerts} recording rules, each tested, every name in METRICS.md")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
