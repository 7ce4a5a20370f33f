//! Every family Buddy exports, with its type, help text and histogram buckets, as
//! `deploy/prometheus/METRICS.md` (the contract with the rules and dashboards) specifies
//! them. The code that records a family lives with what it measures; this list is what the
//! exporter is told about them, and its unit tests hold it to METRICS.md.

/// A family's type in the exposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Counter,
    Gauge,
    Histogram,
}

impl Kind {
    /// The `# TYPE` word.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Counter => "counter",
            Self::Gauge => "gauge",
            Self::Histogram => "histogram",
        }
    }
}

/// One family.
#[derive(Debug)]
pub struct Family {
    pub name: &'static str,
    pub kind: Kind,
    pub help: &'static str,
    /// Bucket bounds in seconds (histograms only).
    pub buckets: &'static [f64],
}

const fn family(name: &'static str, kind: Kind, help: &'static str, buckets: &'static [f64]) -> Family {
    Family { name, kind, help, buckets }
}

/// API requests: the longer ones are streams, so the buckets stop at a minute.
const HTTP_BUCKETS: &[f64] = &[0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0];

/// Module calls: from a native-speed call (65–95 µs) to an expert template that creates an
/// agent (minutes of CLI runs).
const MODULE_BUCKETS: &[f64] =
    &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 180.0];

/// CLI runs: 0.2 s for `--version`, 2–8 s per read, 10–35 s per write, a minute for a plugin
/// install, up to the CLI timeout.
const CLI_BUCKETS: &[f64] = &[0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 300.0];

use Kind::{Counter, Gauge, Histogram};

// One family per line, as METRICS.md lists them.
#[rustfmt::skip]
pub const FAMILIES: &[Family] = &[
    family("buddy_build_info", Gauge, "Buddy's version; always 1", &[]),
    family("openclaw_info", Gauge, "The OpenClaw version on this host (from openclaw --version); 1 for the current version, 0 for one replaced since Buddy started", &[]),
    family("buddy_gateway_up", Gauge, "1 when the gateway answered /readyz at the last probe, else 0", &[]),
    family("buddy_gateway_response_time_seconds", Gauge, "Round trip of the last gateway probe that got an answer", &[]),
    family("buddy_gateway_cpu_usage_ratio", Gauge, "CPU used by the gateway's process tree at the last probe, as a share of the host's CPUs (0..1); 0 without a gateway process", &[]),
    family("buddy_gateway_memory_bytes", Gauge, "Resident memory of the gateway's process tree at the last probe; 0 without a gateway process", &[]),
    family("buddy_health_samples_total", Counter, "Gateway probes by status (ok, degraded, down)", &[]),
    family("buddy_heal_events_total", Counter, "Self-heal events by outcome, one per row of E41", &[]),
    family("buddy_heal_last_timestamp_seconds", Gauge, "Unix time of the last heal event with this outcome; 0 if none since start-up", &[]),
    family("buddy_heal_given_up", Gauge, "1 while Buddy has stopped healing after heal.give_up_after failed heals in a row, else 0", &[]),
    family("buddy_heal_consecutive_failures", Gauge, "Failed heals in a row since the gateway was last healthy", &[]),
    family("buddy_config_writes_total", Counter, "Writes of openclaw.json by Buddy, by outcome (ok, invalid, conflict, error)", &[]),
    family("buddy_config_validations_total", Counter, "Runs of OpenClaw's own validator (openclaw config validate) by result (valid, invalid, error)", &[]),
    family("buddy_config_valid", Gauge, "1 when OpenClaw's validator accepted the current openclaw.json, 0 when it rejected it", &[]),
    family("buddy_module_up", Gauge, "1 when the module is loaded, 0 when it failed to load", &[]),
    family("buddy_module_calls_total", Counter, "WASM module calls by module and outcome (ok, trap, timeout, oom, busy, invalid_reply)", &[]),
    family("buddy_module_call_duration_seconds", Histogram, "WASM module call latency by module (wall clock, host calls included)", MODULE_BUCKETS),
    family("buddy_module_limit_hits_total", Counter, "Module calls stopped at a limit, by module and limit (cpu, memory, wall, concurrency, reply_size)", &[]),
    family("buddy_cli_runs_total", Counter, "openclaw CLI runs by subcommand and outcome (ok, failed, timeout, not_installed, error)", &[]),
    family("buddy_cli_run_duration_seconds", Histogram, "openclaw CLI run time by subcommand", CLI_BUCKETS),
    family("buddy_http_requests_total", Counter, "HTTP requests by method, route and status", &[]),
    family("buddy_http_request_duration_seconds", Histogram, "HTTP request latency by method and route", HTTP_BUCKETS),
    family("buddy_openclaw_sessions", Gauge, "OpenClaw sessions per agent (distinct session keys in the agent's store)", &[]),
    family("buddy_task_queue_depth", Gauge, "Long-running tasks queued or running, by lane", &[]),
];

/// Tells the installed recorder each family's help text.
pub fn describe() {
    for f in FAMILIES {
        match f.kind {
            Counter => metrics::describe_counter!(f.name, f.help),
            Gauge => metrics::describe_gauge!(f.name, f.help),
            Histogram => metrics::describe_histogram!(f.name, f.help),
        }
    }
}
