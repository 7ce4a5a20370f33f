#!/usr/bin/env python3
"""Tests of the deploy checkers: each must pass the shipped files and catch what it is for.

    python3 deploy/tools/test_tools.py      ends with "N passed, M failed"
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import check_rules  # noqa: E402
import dashboards  # noqa: E402
import metrics_spec  # noqa: E402

SPEC = metrics_spec.load()

GOOD_EXPOSITION = """\
# HELP buddy_build_info Buddy's version
# TYPE buddy_build_info gauge
buddy_build_info{version="0.1.0"} 1
# HELP buddy_gateway_up 1 when ready
# TYPE buddy_gateway_up gauge
buddy_gateway_up 0
# HELP buddy_heal_events_total Heals
# TYPE buddy_heal_events_total counter
buddy_heal_events_total{outcome="healed"} 0
buddy_heal_events_total{outcome="failed"} 2
buddy_heal_events_total{outcome="gave-up"} 0
# HELP buddy_cli_run_duration_seconds CLI run time
# TYPE buddy_cli_run_duration_seconds histogram
""" + "".join(
    f'buddy_cli_run_duration_seconds_bucket{{command="sessions",le="{b}"}} 1\n'
    for b in ["0.25", "0.5", "1", "2.5", "5", "10", "20", "30", "45", "60", "90", "120", "180", "300", "+Inf"]
) + """\
buddy_cli_run_duration_seconds_sum{command="sessions"} 0.1
buddy_cli_run_duration_seconds_count{command="sessions"} 1
"""

# Every family the spec exports "always", except those GOOD_EXPOSITION has.
ALL_PENDING = {f.name for f in SPEC.values() if f.always} - {"buddy_build_info", "buddy_gateway_up", "buddy_heal_events_total"}


def problems_of(text, pending_families=ALL_PENDING, pending_changes=frozenset()):
    return metrics_spec.check_exposition(SPEC, text, set(pending_families), set(pending_changes)).problems


class SpecTests(unittest.TestCase):
    def test_the_spec_parses_and_names_the_families_buddy_exports_today(self):
        today = [
            "buddy_http_requests_total", "buddy_http_request_duration_seconds", "buddy_gateway_up",
            "buddy_gateway_response_time_seconds", "buddy_health_samples_total", "buddy_heal_events_total",
            "buddy_module_calls_total", "buddy_module_call_duration_seconds", "buddy_cli_runs_total",
            "buddy_cli_run_duration_seconds",
        ]
        for name in today:
            self.assertIn(name, SPEC)
        self.assertEqual(SPEC["buddy_module_limit_hits_total"].closed["limit"], {"cpu", "memory", "wall", "concurrency", "reply_size"})
        self.assertEqual(SPEC["buddy_task_queue_depth"].closed["lane"], {"gateway", "plugins", "channels"})
        self.assertEqual(SPEC["buddy_cli_run_duration_seconds"].closed["command"], SPEC["buddy_cli_runs_total"].closed["command"])

    def test_a_malformed_spec_is_refused(self):
        text = metrics_spec.SPEC_PATH.read_text()
        cases = {
            "counter without _total": text.replace("| `buddy_config_writes_total` | counter |", "| `buddy_config_writes` | counter |"),
            "label without bounds": text.replace("| `buddy_task_queue_depth` | `lane` |", "| `buddy_task_queue_depth` | `queue` |"),
            "host label": text.replace("| `buddy_openclaw_sessions` | gauge | `agent` |", "| `buddy_openclaw_sessions` | gauge | `agent`, `host` |"),
            "histogram without buckets": text.replace("| `buddy_cli_run_duration_seconds` | 0.25,", "| `buddy_cli_run_duration_secondz` | 0.25,"),
        }
        for what, bad in cases.items():
            with self.subTest(what), tempfile.TemporaryDirectory() as d:
                self.assertNotEqual(bad, text, what)
                p = Path(d) / "METRICS.md"
                p.write_text(bad)
                with self.assertRaises(metrics_spec.SpecError):
                    metrics_spec.load(p)


class ExpositionTests(unittest.TestCase):
    def test_a_conforming_exposition_passes(self):
        self.assertEqual(problems_of(GOOD_EXPOSITION), [])

    def test_each_kind_of_deviation_is_caught(self):
        cases = {
            "unknown family": (GOOD_EXPOSITION + "# TYPE buddy_surprise gauge\nbuddy_surprise 1\n", "not in METRICS.md"),
            "wrong type": (GOOD_EXPOSITION.replace("# TYPE buddy_gateway_up gauge", "# TYPE buddy_gateway_up counter"), "TYPE counter"),
            "extra label": (GOOD_EXPOSITION.replace("buddy_gateway_up 0", 'buddy_gateway_up{host="x"} 0'), "labels"),
            "value outside the closed set": (GOOD_EXPOSITION.replace('outcome="failed"', 'outcome="exploded"'), "not in the spec's set"),
            "not started at zero": (GOOD_EXPOSITION.replace('buddy_heal_events_total{outcome="gave-up"} 0\n', ""), "not started at zero"),
            "other buckets": (GOOD_EXPOSITION.replace('le="45"', 'le="44"'), "buckets"),
            "missing family": (GOOD_EXPOSITION.replace("buddy_gateway_up 0\n", ""), "missing"),
            "no help": (GOOD_EXPOSITION.replace("# HELP buddy_gateway_up 1 when ready\n", ""), "no HELP"),
            "garbage": ("buddy_gateway_up{oops 1\n", "unparsable"),
        }
        for what, (text, needle) in cases.items():
            with self.subTest(what):
                problems = problems_of(text)
                self.assertTrue(any(needle in p for p in problems), f"{what}: {problems}")

    def test_pending_lists_relax_only_what_they_name(self):
        text = GOOD_EXPOSITION.replace('le="45"', 'le="44"').replace('buddy_heal_events_total{outcome="gave-up"} 0\n', "")
        relaxed = problems_of(text, pending_changes={"buddy_cli_run_duration_seconds", "buddy_heal_events_total"})
        self.assertEqual(relaxed, [])
        # A pending change does not excuse a wrong label value.
        bad = text.replace('outcome="failed"', 'outcome="exploded"')
        self.assertTrue(problems_of(bad, pending_changes={"buddy_heal_events_total", "buddy_cli_run_duration_seconds"}))
        # Nor can a pending list name a family the spec does not have.
        self.assertTrue(problems_of(GOOD_EXPOSITION, pending_changes={"buddy_nonsense_total"}))
        # An always-exported family missing without being pending is a problem.
        self.assertTrue(problems_of(GOOD_EXPOSITION, pending_families=ALL_PENDING - {"buddy_task_queue_depth"}))

    def test_a_pending_family_that_appears_is_reported_for_tightening(self):
        text = GOOD_EXPOSITION + "# HELP buddy_task_queue_depth q\n# TYPE buddy_task_queue_depth gauge\n" + "".join(
            f'buddy_task_queue_depth{{lane="{lane}"}} 0\n' for lane in ("gateway", "plugins", "channels")
        )
        report = metrics_spec.check_exposition(SPEC, text, set(ALL_PENDING), set())
        self.assertEqual(report.problems, [])
        self.assertTrue(any("remove it from PENDING_HOST_FAMILIES" in n for n in report.notes), report.notes)


class PromqlNameTests(unittest.TestCase):
    def test_names_are_found_and_everything_else_ignored(self):
        cases = {
            'histogram_quantile(0.95, sum by (le, host) (rate(x_bucket{host=~"$host"}[$__rate_interval])))': {"x_bucket"},
            "a:b:c > 0.1 and on (job, host) d_total >= 3": {"a:b:c", "d_total"},
            'max by (host, v) (label_replace(openclaw_info == 1, "v", "$1", "version", "(.*)"))': {"openclaw_info"},
            "time() - max(y_seconds offset 1h) * 1e3 or vector(0)": {"y_seconds"},
            'count by (host) (ALERTS{alertstate="firing"})': {"ALERTS"},
        }
        for expr, names in cases.items():
            with self.subTest(expr):
                self.assertEqual(metrics_spec.names_in_expr(expr), names)

    def test_histogram_series_resolve_to_their_family(self):
        self.assertEqual(metrics_spec.family_of("buddy_cli_run_duration_seconds_bucket", SPEC), "buddy_cli_run_duration_seconds")
        self.assertIsNone(metrics_spec.family_of("buddy_gateway_up_bucket", SPEC))
        self.assertEqual(metrics_spec.unknown_names("buddy_gatway_up == 0", SPEC, set()), {"buddy_gatway_up"})


class RuleTests(unittest.TestCase):
    def copy_prometheus(self):
        d = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, d)
        shutil.copytree(metrics_spec.DEPLOY / "prometheus", d / "prometheus")
        return d / "prometheus"

    def test_the_shipped_rules_pass(self):
        self.assertEqual(check_rules.check(metrics_spec.DEPLOY / "prometheus"), [])

    def test_gaps_are_caught(self):
        cases = {
            "an alert without a silent test": ("tests/alerts_test.yml", lambda t: t.replace(
                "      - eval_time: 3m\n        alertname: BuddyModuleFailing\n        exp_alerts: []\n", ""), "must not fire"),
            "an alert without a firing test": ("tests/alerts_test.yml", lambda t: t.replace(
                "alertname: BuddyCliTimeouts\n        exp_alerts:\n", "alertname: BuddyCliTimeoutz\n        exp_alerts:\n"), "where it fires"),
            "an unknown metric": ("rules/alerts.yml", lambda t: t.replace("expr: buddy_gateway_up == 0", "expr: buddy_gateway_upp == 0"), "buddy_gateway_upp"),
            "no severity": ("rules/alerts.yml", lambda t: t.replace("severity: warning", "severity: meh", 1), "severity"),
            "no description": ("rules/alerts.yml", lambda t: t.replace("description:", "descriptio:", 1), "no description"),
            "an untested recording rule": ("tests/recording_test.yml", lambda t: t.replace(
                "- expr: host:buddy_http_requests:rate5m\n", "- expr: host:buddy_http_requests:rate5m_gone\n"), "no unit test evaluates"),
        }
        for what, (rel, edit, needle) in cases.items():
            with self.subTest(what):
                d = self.copy_prometheus()
                p = d / rel
                before = p.read_text()
                p.write_text(edit(before))
                self.assertNotEqual(p.read_text(), before, f"{what}: the edit changed nothing")
                problems = check_rules.check(d)
                self.assertTrue(any(needle in x for x in problems), f"{what}: {problems}")


class DashboardTests(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.dir)
        self.fleet = json.loads((dashboards.GRAFANA / "dashboards" / "openclaw-fleet.json").read_text())
        self.host = json.loads((dashboards.GRAFANA / "dashboards" / "openclaw-host.json").read_text())

    def problems(self, fleet):
        a, b = self.dir / "fleet.json", self.dir / "host.json"
        a.write_text(json.dumps(fleet))
        b.write_text(json.dumps(self.host))
        return dashboards.validate([a, b])

    def test_the_shipped_dashboards_and_provisioning_pass(self):
        self.assertEqual(dashboards.validate(dashboards.default_files()), [])
        self.assertEqual(dashboards.validate_provisioning(), [])
        self.assertEqual(self.problems(self.fleet), [])

    def test_each_kind_of_mistake_is_caught(self):
        def dup_id(d):
            d["panels"][2]["id"] = d["panels"][1]["id"]

        def no_datasource(d):
            del d["panels"][0]["datasource"]

        def no_targets(d):
            d["panels"][0]["targets"] = []

        def undefined_variable(d):
            d["panels"][0]["targets"][0]["expr"] += ' + on() group_left max(buddy_gateway_up{host="$hots"})'

        def unknown_metric(d):
            d["panels"][0]["targets"][0]["expr"] = "max(buddy_gateway_upp)"

        def repeat_undefined(d):
            next(p for p in d["panels"] if p.get("repeat"))["repeat"] = "hosts"

        def numeric_id(d):
            d["id"] = 7

        def old_schema(d):
            d["schemaVersion"] = 16

        def dup_ref(d):
            d["panels"][0]["targets"][1]["refId"] = "A"

        def broken_link(d):
            d["panels"][0]["fieldConfig"]["overrides"][0]["properties"][0]["value"][0]["url"] = "/d/nope/x"

        def wide(d):
            d["panels"][0]["gridPos"]["w"] = 25

        cases = [
            (dup_id, "not unique"), (no_datasource, "datasource"), (no_targets, "no queries"),
            (undefined_variable, "$hots"), (unknown_metric, "buddy_gateway_upp"), (repeat_undefined, "repeats over $hosts"),
            (numeric_id, "id must be null"), (old_schema, "schemaVersion"), (dup_ref, "refId"), (broken_link, "'nope'"),
            (wide, "24 columns"),
        ]
        for edit, needle in cases:
            with self.subTest(edit.__name__):
                d = copy.deepcopy(self.fleet)
                edit(d)
                problems = self.problems(d)
                self.assertTrue(any(needle in p for p in problems), f"{edit.__name__}: {problems}")

    def test_extraction_covers_every_query_and_fills_in_variables(self):
        queries = dashboards.extract(dashboards.default_files())
        targets = sum(len(p.get("targets") or []) for d in (self.fleet, self.host) for p in dashboards.flat_panels(d))
        self.assertEqual(len([q for q in queries if q["panel"] is not None]), targets)
        self.assertIn("count by (host) (buddy_build_info)", [q["expr"] for q in queries if q["panel"] is None])
        filled = dashboards.substitute('rate(x{host=~"$host", a="${host}"}[$__rate_interval]) "$1"', {"host": "a|b"})
        self.assertEqual(filled, 'rate(x{host=~"a|b", a="a|b"}[1m]) "$1"')

    @unittest.skipUnless(shutil.which("promtool"), "promtool is installed by tests/run.sh")
    def test_promtool_rejects_a_query_that_is_not_promql(self):
        d = copy.deepcopy(self.fleet)
        d["panels"][0]["targets"][0]["expr"] = "sum by (host (up"
        p = self.dir / "bad.json"
        p.write_text(json.dumps(d))
        status, output = dashboards.promtool_check([p])
        self.assertNotEqual(status, 0, output)
        status, output = dashboards.promtool_check(dashboards.default_files())
        self.assertEqual(status, 0, output)


if __name__ == "__main__":
    result = unittest.TextTestRunner(verbosity=2).run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(result.failures) + len(result.errors)
    print(f"tools: {result.testsRun - failed - len(result.skipped)} passed, {failed} failed")
    sys.exit(0 if result.wasSuccessful() and not result.skipped else 1)
