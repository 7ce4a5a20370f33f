#!/usr/bin/env python3
"""Checks the Grafana dashboards of deploy/grafana and extracts their PromQL.

    dashboards.py validate [FILE...]        structure checks; exit status 1 on any problem
    dashboards.py extract [FILE...]         every query as JSON lines:
                                            {"dashboard", "panel", "title", "ref", "expr"}
    dashboards.py promtool-check [FILE...]  every query, variables filled in, parsed by
                                            `promtool check rules` (valid PromQL, offline)

Without FILE, the dashboards in deploy/grafana/dashboards/. Structure checks: a provisioning-
ready dashboard (no numeric id, a uid and title, schemaVersion), unique panel ids, a grid
position inside the 24 columns, a Prometheus data source and at least one query on every
panel but rows (each query with a unique refId and an expression), every variable used
anywhere is defined (or is one of Grafana's own), a repeated row repeats a defined multi-value
variable, links to other dashboards name a known uid, and every metric name a query uses is a
family of METRICS.md, a recording rule or one of Prometheus' own series.
Pure standard library.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_rules  # noqa: E402
import metrics_spec  # noqa: E402

GRAFANA = metrics_spec.DEPLOY / "grafana"
MIN_SCHEMA = 36  # Grafana 9.4 and later
# Values the extraction substitutes for Grafana's own interval variables.
BUILTIN_VALUES = {"__rate_interval": "1m", "__interval": "15s", "__range": "1h", "__range_s": "3600", "__interval_ms": "15000"}
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[.:][^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z_][A-Za-z0-9_]*)(?::[^\]]*)?\]\]")


def default_files() -> list[Path]:
    return sorted((GRAFANA / "dashboards").glob("*.json"))


def flat_panels(dashboard: dict) -> list[dict]:
    out = []
    for p in dashboard.get("panels", []):
        out.append(p)
        out.extend(p.get("panels", []) if p.get("type") == "row" else [])
    return out


def _strings(node, path=""):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _strings(v, f"{path}[{i}]")


def variables_used(text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in _VAR.finditer(text)}


def recorded_names() -> set[str]:
    rules_dir = metrics_spec.DEPLOY / "prometheus" / "rules"
    return {r.name for f in sorted(rules_dir.glob("*.yml")) for r in check_rules.parse_rules(f) if r.kind == "record"}


def validate(files: list[Path]) -> list[str]:
    problems: list[str] = []
    spec = metrics_spec.load()
    recorded = recorded_names()
    loaded = []
    for f in files:
        try:
            loaded.append((f, json.loads(f.read_text(encoding="utf-8"))))
        except (OSError, json.JSONDecodeError) as e:
            problems.append(f"{f.name}: not JSON: {e}")
    uids = [d.get("uid") for _, d in loaded]
    for f, d in loaded:
        where = f.name
        if not isinstance(d, dict) or "dashboard" in d and "panels" not in d:
            problems.append(f"{where}: a provisioned file is the dashboard itself, not an API wrapper")
            continue
        if d.get("id") not in (None,):
            problems.append(f"{where}: id must be null (Grafana assigns it when provisioning)")
        if not isinstance(d.get("uid"), str) or not re.fullmatch(r"[A-Za-z0-9_-]{1,40}", d.get("uid", "")):
            problems.append(f"{where}: uid must be 1-40 letters, digits, - or _")
        elif uids.count(d["uid"]) > 1:
            problems.append(f"{where}: uid {d['uid']!r} used by another dashboard")
        if not d.get("title"):
            problems.append(f"{where}: no title")
        if not isinstance(d.get("schemaVersion"), int) or d["schemaVersion"] < MIN_SCHEMA:
            problems.append(f"{where}: schemaVersion must be an integer >= {MIN_SCHEMA}")
        variables = d.get("templating", {}).get("list", [])
        defined = {}
        for v in variables:
            name = v.get("name")
            if not name or not v.get("type"):
                problems.append(f"{where}: a variable without name or type: {v}")
                continue
            if name in defined:
                problems.append(f"{where}: variable {name!r} defined twice")
            defined[name] = v
            if v["type"] == "query":
                if not _query_of(v):
                    problems.append(f"{where}: variable {name!r} has no query")
                if not v.get("datasource"):
                    problems.append(f"{where}: variable {name!r} has no datasource")
            if v["type"] == "datasource" and v.get("query") != "prometheus":
                problems.append(f"{where}: datasource variable {name!r} must select prometheus data sources")
        for path, text in _strings(d):
            for name in sorted(variables_used(text)):
                if name not in defined and not name.startswith("__") and name != "timeFilter":
                    problems.append(f"{where}: {path} uses ${name}, which is not defined")
        panels = flat_panels(d)
        if not panels:
            problems.append(f"{where}: no panels")
        ids = [p.get("id") for p in panels]
        for p in panels:
            pid, title = p.get("id"), p.get("title", "")
            at = f"{where}: panel {pid} {title!r}"
            if not isinstance(pid, int):
                problems.append(f"{at}: id must be an integer")
            elif ids.count(pid) > 1:
                problems.append(f"{at}: id {pid} is not unique")
            g = p.get("gridPos", {})
            if not all(isinstance(g.get(k), int) for k in ("x", "y", "w", "h")):
                problems.append(f"{at}: gridPos needs integer x, y, w, h")
            elif g["x"] < 0 or g["w"] < 1 or g["x"] + g["w"] > 24:
                problems.append(f"{at}: gridPos outside the 24 columns")
            if p.get("repeat"):
                rv = defined.get(p["repeat"])
                if rv is None:
                    problems.append(f"{at}: repeats over ${p['repeat']}, which is not defined")
                elif not (rv.get("multi") or rv.get("includeAll")):
                    problems.append(f"{at}: repeats over ${p['repeat']}, which takes a single value")
            if p.get("type") == "row":
                if p.get("targets"):
                    problems.append(f"{at}: a row has no queries")
                continue
            ds = p.get("datasource")
            if not isinstance(ds, dict) or ds.get("type") != "prometheus" or not ds.get("uid"):
                problems.append(f"{at}: needs a Prometheus datasource {{type, uid}}")
            targets = p.get("targets") or []
            if not targets:
                problems.append(f"{at}: no queries")
            refs = [t.get("refId") for t in targets]
            for t in targets:
                if not t.get("refId") or refs.count(t.get("refId")) > 1:
                    problems.append(f"{at}: each query needs its own refId")
                tds = t.get("datasource")
                if tds is not None and (not isinstance(tds, dict) or tds.get("type") != "prometheus"):
                    problems.append(f"{at}: query {t.get('refId')} has a non-Prometheus datasource")
                expr = t.get("expr", "")
                if not expr.strip():
                    problems.append(f"{at}: query {t.get('refId')} has no expr")
                for n in sorted(metrics_spec.unknown_names(expr, spec, recorded)):
                    problems.append(f"{at}: query {t.get('refId')} uses {n!r}, no family of METRICS.md nor a recording rule")
        for v in variables:
            q = _promql_of_variable(v)
            if q:
                for n in sorted(metrics_spec.unknown_names(q, spec, recorded)):
                    problems.append(f"{where}: variable {v['name']!r} uses {n!r}, no family of METRICS.md")
        for path, text in _strings(d):
            for uid in re.findall(r"/d/([A-Za-z0-9_-]+)", text):
                if uid not in uids:
                    problems.append(f"{where}: {path} links to dashboard uid {uid!r}, which none of the files has")
    return problems


def _query_of(v: dict) -> str:
    q = v.get("query")
    if isinstance(q, dict):
        q = q.get("query", "")
    return q or v.get("definition", "")


def _promql_of_variable(v: dict) -> str | None:
    """The PromQL a query variable runs (label_values(m, l) asks for the series of m)."""
    if v.get("type") != "query":
        return None
    q = _query_of(v).strip()
    m = re.fullmatch(r"label_values\((.+),\s*([A-Za-z_][A-Za-z0-9_]*)\)", q)
    if m:
        return f"count by ({m.group(2)}) ({m.group(1)})"
    m = re.fullmatch(r"query_result\((.+)\)", q)
    if m:
        return m.group(1)
    return None


def extract(files: list[Path]) -> list[dict]:
    """Every query of every panel, and the PromQL behind each query variable."""
    out = []
    for f in files:
        d = json.loads(f.read_text(encoding="utf-8"))
        multi = {v["name"]: bool(v.get("multi") or v.get("includeAll")) for v in d.get("templating", {}).get("list", [])}
        for v in d.get("templating", {}).get("list", []):
            q = _promql_of_variable(v)
            if q:
                out.append({"dashboard": d["uid"], "panel": None, "title": f"variable {v['name']}", "ref": v["name"], "expr": q, "multi": multi})
        for p in flat_panels(d):
            for t in p.get("targets") or []:
                if t.get("expr"):
                    out.append({"dashboard": d["uid"], "panel": p["id"], "title": p.get("title", ""), "ref": t["refId"], "expr": t["expr"], "multi": multi})
    return out


def substitute(expr: str, values: dict[str, str]) -> str:
    """Fills in variables: `values` for the dashboard's own, BUILTIN_VALUES for Grafana's."""
    def repl(m):
        name = next(g for g in m.groups() if g)
        if name in values:
            return values[name]
        if name in BUILTIN_VALUES:
            return BUILTIN_VALUES[name]
        return m.group(0)
    return _VAR.sub(repl, expr)


def promtool_check(files: list[Path], promtool: str = "promtool") -> tuple[int, str]:
    """Parses every extracted query with promtool (as recording rules); (exit status, output)."""
    queries = extract(files)
    lines = ["groups:", "  - name: dashboard-queries", "    rules:"]
    for i, q in enumerate(queries):
        expr = substitute(q["expr"], {"host": "example-host"})
        lines.append(f"      - record: dashboard_query_{i}")
        lines.append(f"        expr: {json.dumps(expr)}")
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as tmp:
        tmp.write("\n".join(lines) + "\n")
    try:
        r = subprocess.run([promtool, "check", "rules", tmp.name], capture_output=True, text=True, timeout=60)
        return r.returncode, f"{len(queries)} dashboard queries: " + (r.stdout + r.stderr).strip().replace(tmp.name, "<queries>")
    finally:
        os.unlink(tmp.name)


def validate_provisioning() -> list[str]:
    """Line checks of the two provisioning files (no YAML parser in the standard library)."""
    problems = []
    ds = (GRAFANA / "provisioning" / "datasources.yml").read_text(encoding="utf-8")
    db = (GRAFANA / "provisioning" / "dashboards.yml").read_text(encoding="utf-8")
    for text, name, needles in (
        (ds, "datasources.yml", [r"^apiVersion: 1$", r"^datasources:$", r"^\s+type: prometheus$", r"^\s+url: \S+$"]),
        (db, "dashboards.yml", [r"^apiVersion: 1$", r"^providers:$", r"^\s+type: file$", r"^\s+path: /\S+$"]),
    ):
        for n in needles:
            if not re.search(n, text, re.M):
                problems.append(f"provisioning/{name}: no line matching {n}")
    return problems


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("validate", "extract", "promtool-check"):
        print(__doc__)
        return 2
    files = [Path(a) for a in argv[1:]] or default_files()
    if argv[0] == "extract":
        for q in extract(files):
            print(json.dumps(q))
        return 0
    if argv[0] == "promtool-check":
        status, output = promtool_check(files)
        print(output)
        return status
    problems = validate(files) + (validate_provisioning() if not argv[1:] else [])
    for p in problems:
        print(f"problem: {p}")
    if not problems:
        n = sum(len([p for p in flat_panels(json.loads(f.read_text())) if p.get("type") != "row"]) for f in files)
        print(f"dashboards ok: {len(files)} dashboards, {n} panels, {len(extract(files))} queries")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
