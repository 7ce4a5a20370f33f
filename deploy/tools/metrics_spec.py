#!/usr/bin/env python3
"""Buddy's metric families as written in deploy/prometheus/METRICS.md, and the checks that use
them: a /metrics exposition against the spec, and the metric names a PromQL expression uses.

    metrics_spec.py families                      list the families of the spec
    metrics_spec.py check FILE [--pending-families a,b] [--pending-changes c,d]
                                                  check an exposition (FILE, or - for stdin)

Pure standard library: it runs wherever Python 3.9+ does.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEPLOY = Path(__file__).resolve().parent.parent
SPEC_PATH = DEPLOY / "prometheus" / "METRICS.md"

TYPES = {"counter", "gauge", "histogram"}
# Labels Prometheus attaches to every series of a target: an exported one would clash.
TARGET_LABELS = {"host", "job", "instance"}
# Series Prometheus itself makes, which rules and dashboards may use.
PROMETHEUS_SERIES = {"up", "ALERTS", "ALERTS_FOR_STATE", "scrape_duration_seconds", "scrape_samples_scraped"}


@dataclass
class Family:
    name: str
    type: str
    labels: list[str]
    help: str
    always: bool
    produced_by: str
    # label -> closed set of values (only for labels whose values the spec lists in backticks)
    closed: dict[str, set[str]] = field(default_factory=dict)
    buckets: list[float] | None = None


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _ticked(text: str) -> list[str]:
    return re.findall(r"`([^`]+)`", text)


def _tables(text: str) -> dict[str, list[list[str]]]:
    """Markdown tables under each `## ` heading: heading -> rows of cells (header excluded)."""
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in text.splitlines():
        if line.startswith("## "):
            heading = line[3:].strip()
            continue
        if line.startswith("|"):
            rows = tables.setdefault(heading, [])
            if re.fullmatch(r"\|[\s:|-]+\|?", line.strip()):
                continue  # separator
            rows.append(_cells(line))
    # Drop each table's header row.
    return {h: rows[1:] for h, rows in tables.items()}


class SpecError(Exception):
    pass


def load(path: Path = SPEC_PATH) -> dict[str, Family]:
    """Parses the spec; raises SpecError on a malformed or inconsistent table."""
    tables = _tables(path.read_text(encoding="utf-8"))
    for needed in ("Families", "Label values", "Histogram buckets"):
        if needed not in tables:
            raise SpecError(f"{path}: no '## {needed}' table")
    families: dict[str, Family] = {}
    for row in tables["Families"]:
        if len(row) != 6:
            raise SpecError(f"Families row has {len(row)} cells, expected 6: {row}")
        names = _ticked(row[0])
        if len(names) != 1:
            raise SpecError(f"Families row without exactly one `name`: {row}")
        name, kind = names[0], row[1]
        if kind not in TYPES:
            raise SpecError(f"{name}: type {kind!r} is not one of {sorted(TYPES)}")
        if name in families:
            raise SpecError(f"{name}: listed twice")
        labels = _ticked(row[2])
        if TARGET_LABELS & set(labels):
            raise SpecError(f"{name}: labels {sorted(TARGET_LABELS & set(labels))} belong to Prometheus")
        if kind == "counter" and not name.endswith("_total"):
            raise SpecError(f"{name}: a counter's name ends in _total")
        if kind != "counter" and name.endswith("_total"):
            raise SpecError(f"{name}: only counters end in _total")
        if not row[3]:
            raise SpecError(f"{name}: no help text")
        families[name] = Family(name, kind, labels, row[3], row[4].startswith("always"), row[5])
    for row in tables["Label values"]:
        fam, label = _ticked(row[0]), _ticked(row[1])
        if len(fam) != 1 or len(label) != 1 or fam[0] not in families:
            raise SpecError(f"Label values row names no known family and label: {row}")
        f = families[fam[0]]
        if label[0] not in f.labels:
            raise SpecError(f"{f.name} has no label {label[0]!r}")
        values = row[2]
        # A closed set: nothing but backticked values separated by commas.
        if re.fullmatch(r"\s*`[^`]+`(\s*,\s*`[^`]+`)*\s*", values):
            f.closed[label[0]] = set(_ticked(values))
        elif values.startswith("as `"):
            other = families.get(_ticked(values)[0])
            if other is None or label[0] not in other.labels:
                raise SpecError(f"{f.name}/{label[0]}: refers to {values!r}")
            if label[0] in other.closed:
                f.closed[label[0]] = set(other.closed[label[0]])
    for f in families.values():
        for label in f.labels:
            described = any(_ticked(r[0]) == [f.name] and _ticked(r[1]) == [label] for r in tables["Label values"])
            if not described:
                raise SpecError(f"{f.name}: label {label!r} has no row in 'Label values' (say what bounds it)")
    for row in tables["Histogram buckets"]:
        fam = _ticked(row[0])
        if len(fam) != 1 or fam[0] not in families or families[fam[0]].type != "histogram":
            raise SpecError(f"Histogram buckets row names no histogram family: {row}")
        buckets = [float(b) for b in row[1].split(",")]
        if buckets != sorted(buckets) or len(set(buckets)) != len(buckets):
            raise SpecError(f"{fam[0]}: buckets must be strictly increasing")
        families[fam[0]].buckets = buckets
    for f in families.values():
        if f.type == "histogram" and f.buckets is None:
            raise SpecError(f"{f.name}: a histogram needs its buckets in 'Histogram buckets'")
    return families


# --- The text exposition format -------------------------------------------------------------

_SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})?\s+(\S+)(\s+-?\d+)?\s*$")
_LABEL = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(,|$)')


@dataclass
class Sample:
    name: str
    labels: dict[str, str]
    value: float


@dataclass
class Exposed:
    type: str | None = None
    help: str | None = None
    samples: list[Sample] = field(default_factory=list)


def _unescape(v: str) -> str:
    return v.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def parse_labels(text: str) -> dict[str, str]:
    inner = text.strip()[1:-1]
    labels: dict[str, str] = {}
    pos = 0
    while pos < len(inner):
        m = _LABEL.match(inner, pos)
        if not m:
            raise ValueError(f"bad label set {text!r}")
        labels[m.group(1)] = _unescape(m.group(2))
        pos = m.end()
    return labels


def parse_exposition(text: str) -> dict[str, Exposed]:
    """Families by name (histogram samples filed under their family); raises ValueError."""
    out: dict[str, Exposed] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if line.startswith("#"):
            parts = line.split(None, 3)
            if len(parts) >= 3 and parts[1] in ("HELP", "TYPE"):
                fam = out.setdefault(parts[2], Exposed())
                rest = parts[3] if len(parts) > 3 else ""
                if parts[1] == "HELP":
                    fam.help = rest
                else:
                    fam.type = rest.strip()
            continue
        m = _SAMPLE.match(line)
        if not m:
            raise ValueError(f"line {n}: not a sample: {line!r}")
        name = m.group(1)
        labels = parse_labels(m.group(2)) if m.group(2) else {}
        value = float(m.group(3).replace("Inf", "inf"))
        base = name
        for suffix in ("_bucket", "_sum", "_count"):
            if name.endswith(suffix) and out.get(name[: -len(suffix)], Exposed()).type == "histogram":
                base = name[: -len(suffix)]
        out.setdefault(base, Exposed()).samples.append(Sample(name, labels, value))
    return out


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _histogram_buckets(fam: Exposed) -> set[float]:
    return {float(s.labels["le"].replace("Inf", "inf")) for s in fam.samples if s.name.endswith("_bucket")}


def check_exposition(
    spec: dict[str, Family],
    text: str,
    pending_families: set[str] = frozenset(),
    pending_changes: set[str] = frozenset(),
) -> Report:
    """Checks one Buddy's /metrics against the spec.

    `pending_families`: families the host does not export yet (absence is not a problem).
    `pending_changes`: families the host exports in their old form: buckets and zero-start are
    not checked for them (names, types, labels and closed values still are).
    """
    report = Report()
    for name in sorted(set(pending_families) | set(pending_changes)):
        if name not in spec:
            report.problems.append(f"{name}: listed as pending but not a family of the spec")
    try:
        exposed = parse_exposition(text)
    except ValueError as e:
        report.problems.append(f"unparsable exposition: {e}")
        return report
    for name, fam in sorted(exposed.items()):
        if not fam.samples:
            continue  # declared, nothing recorded yet
        f = spec.get(name)
        if f is None:
            report.problems.append(f"{name}: exported but not in METRICS.md")
            continue
        if fam.type != f.type:
            report.problems.append(f"{name}: TYPE {fam.type} but the spec says {f.type}")
        if not fam.help:
            report.problems.append(f"{name}: no HELP text")
        for s in fam.samples:
            expected = set(f.labels) | ({"le"} if s.name.endswith("_bucket") else set())
            if set(s.labels) != expected:
                report.problems.append(
                    f"{s.name}: labels {sorted(s.labels)} but the spec says {sorted(expected)}"
                )
                break
        for label, allowed in f.closed.items():
            seen = {s.labels[label] for s in fam.samples if label in s.labels}
            if seen - allowed:
                report.problems.append(f"{name}: {label} values {sorted(seen - allowed)} are not in the spec's set")
        if name in pending_families:
            report.notes.append(f"{name}: exported now; remove it from PENDING_HOST_FAMILIES")
        changed_ok = True
        if f.type == "histogram":
            got = _histogram_buckets(fam) - {math.inf}
            if got != set(f.buckets or []):
                changed_ok = False
                if name not in pending_changes:
                    report.problems.append(
                        f"{name}: buckets {sorted(got)} but the spec says {f.buckets}"
                    )
        if f.always and f.closed:
            open_labels = [lb for lb in f.labels if lb not in f.closed]
            closed_labels = sorted(f.closed)
            groups: dict[tuple, set[tuple]] = {}
            for s in fam.samples:
                key = tuple(s.labels.get(lb, "") for lb in open_labels)
                groups.setdefault(key, set()).add(tuple(s.labels.get(lb, "") for lb in closed_labels))
            for key, seen in sorted(groups.items()):
                missing = _combinations(f, closed_labels) - seen
                if missing:
                    changed_ok = False
                    if name not in pending_changes:
                        where = ", ".join(f"{lb}={v!r}" for lb, v in zip(open_labels, key)) or "the family"
                        report.problems.append(
                            f"{name}: not started at zero for {where}: missing "
                            + ", ".join("/".join(m) for m in sorted(missing)[:5])
                            + (" ..." if len(missing) > 5 else "")
                        )
        if name in pending_changes and changed_ok:
            report.notes.append(f"{name}: buckets and zero-start match the spec; remove it from PENDING_HOST_CHANGES")
    for name, f in sorted(spec.items()):
        # A pending change includes "from start-up on": such a family may still be absent.
        waiting = name in pending_families or name in pending_changes
        if f.always and not waiting and not exposed.get(name, Exposed()).samples:
            report.problems.append(f"{name}: missing (the spec exports it always)")
    return report


def _combinations(f: Family, labels: list[str]) -> set[tuple]:
    combos: list[tuple] = [()]
    for lb in labels:
        combos = [c + (v,) for c in combos for v in sorted(f.closed[lb])]
    return set(combos)


# --- PromQL ---------------------------------------------------------------------------------

_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or",
    "unless", "offset", "atan2", "inf", "nan", "Inf", "NaN",
}


def names_in_expr(expr: str) -> set[str]:
    """Metric (and recording rule) names a PromQL expression selects.

    Grafana variables (`$host`, `${host}`, `[[host]]`) may appear in it. Histogram series
    (`x_bucket`) are returned as written; see `family_of`.
    """
    e = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)  # strings
    e = re.sub(r"\{[^{}]*\}", " ", e)  # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)  # ranges, subqueries
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    e = re.sub(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*", " ", e)  # variables
    names = set()
    for m in re.finditer(r"(?<![A-Za-z0-9_:.])([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?", e):
        word, call = m.group(1), m.group(2)
        if call or word in _KEYWORDS:
            continue
        names.add(word)
    return names


def family_of(name: str, spec: dict[str, Family]) -> str | None:
    if name in spec:
        return name
    for suffix in ("_bucket", "_sum", "_count"):
        base = name[: -len(suffix)] if name.endswith(suffix) else None
        if base and base in spec and spec[base].type == "histogram":
            return base
    return None


def unknown_names(expr: str, spec: dict[str, Family], recorded: set[str]) -> set[str]:
    """Names in `expr` that are neither a family, Prometheus' own series nor a recording rule."""
    return {
        n
        for n in names_in_expr(expr)
        if family_of(n, spec) is None and n not in recorded and n not in PROMETHEUS_SERIES
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("families")
    c = sub.add_parser("check")
    c.add_argument("file")
    c.add_argument("--pending-families", default="")
    c.add_argument("--pending-changes", default="")
    args = ap.parse_args(argv)
    spec = load()
    if args.cmd == "families":
        for f in spec.values():
            print(f"{f.name}\t{f.type}\t{','.join(f.labels)}")
        return 0
    text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    split = lambda s: {x for x in re.split(r"[\s,]+", s) if x}  # noqa: E731
    report = check_exposition(spec, text, split(args.pending_families), split(args.pending_changes))
    for n in report.notes:
        print(f"note: {n}")
    for p in report.problems:
        print(f"problem: {p}")
    return 1 if report.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
