//! Gateway lifecycle: start, stop and restart with verified outcomes, serialized through the
//! task registry's `gateway` lane. Where a system service manager owns OpenClaw's gateway
//! (`openclaw gateway status` reports the service loaded), OpenClaw's own service commands are
//! used; otherwise Buddy supervises `openclaw gateway run` itself.

pub mod proc_info;
pub mod supervisor;

use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::sync::OnceCell;

use buddy_openclaw::OpenClaw;

use crate::config::GatewaySettings;
use crate::tasks::{Lane, TaskHandle};
use supervisor::Supervisor;

/// The task lane every lifecycle operation (and every heal) runs in.
pub const LANE: Lane = Lane::Gateway;

/// What the operator wants: healing acts only when the gateway should be running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desired {
    /// Not known yet (Buddy has not seen it up and nobody asked).
    Unknown = 0,
    Running = 1,
    Stopped = 2,
}

/// One lifecycle operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start,
    Stop,
    Restart,
}

impl Action {
    /// Parses `start`, `stop` or `restart`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "start" => Some(Self::Start),
            "stop" => Some(Self::Stop),
            "restart" => Some(Self::Restart),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Start => "start",
            Self::Stop => "stop",
            Self::Restart => "restart",
        }
    }
}

/// The gateway as Buddy manages it.
pub struct Gateway {
    pub supervisor: Supervisor,
    desired: AtomicU8,
    service: OnceCell<bool>,
    /// Verified starts and restarts so far (whoever asked for them).
    starts: AtomicU64,
}

impl Gateway {
    /// A manager around `supervisor`.
    pub fn new(supervisor: Supervisor, start_on_boot: bool) -> Self {
        let desired = if start_on_boot { Desired::Running } else { Desired::Unknown };
        Self { supervisor, desired: AtomicU8::new(desired as u8), service: OnceCell::new(), starts: AtomicU64::new(0) }
    }

    pub fn desired(&self) -> Desired {
        match self.desired.load(Ordering::SeqCst) {
            1 => Desired::Running,
            2 => Desired::Stopped,
            _ => Desired::Unknown,
        }
    }

    pub fn set_desired(&self, d: Desired) {
        self.desired.store(d as u8, Ordering::SeqCst);
    }

    /// The monitor saw the gateway healthy: from now on it should stay up (unless an operator
    /// stopped it on purpose).
    pub fn seen_healthy(&self) {
        let _ = self.desired.compare_exchange(
            Desired::Unknown as u8,
            Desired::Running as u8,
            Ordering::SeqCst,
            Ordering::SeqCst,
        );
    }

    /// How many starts and restarts Buddy has verified: what was known about the running
    /// gateway (its OpenClaw version) may have changed when this moves.
    pub fn starts(&self) -> u64 {
        self.starts.load(Ordering::SeqCst)
    }

    /// Whether a system service manager owns the gateway (asked once).
    async fn service_managed(&self, app: &OpenClaw) -> bool {
        *self
            .service
            .get_or_init(|| async {
                let status = app
                    .cli
                    .run_json(&["gateway", "status", "--json", "--no-probe"], Some(Duration::from_secs(30)))
                    .await;
                let loaded =
                    status.ok().and_then(|v| v.pointer("/service/loaded").and_then(Value::as_bool)).unwrap_or(false);
                if loaded {
                    tracing::info!("OpenClaw's gateway service is installed: using its service commands");
                }
                loaded
            })
            .await
    }

    /// Runs `action` and verifies the result by probing. Called inside a `gateway` lane task.
    pub async fn run(
        &self,
        app: &OpenClaw,
        settings: &GatewaySettings,
        action: Action,
        task: &TaskHandle,
    ) -> Result<Value, String> {
        let result = self.perform(app, settings, action, task).await;
        if result.is_ok() && action != Action::Stop {
            self.starts.fetch_add(1, Ordering::SeqCst);
        }
        result
    }

    async fn perform(
        &self,
        app: &OpenClaw,
        settings: &GatewaySettings,
        action: Action,
        task: &TaskHandle,
    ) -> Result<Value, String> {
        let url = app.gateway_url().await;
        let port = buddy_openclaw::gateway::port_of(&url).ok_or_else(|| format!("cannot tell the port of {url}"))?;
        let (ready, budget) =
            (Duration::from_secs(settings.ready_timeout_secs), Duration::from_secs(settings.stop_timeout_secs));
        let handle = tokio::runtime::Handle::current();
        let progress = |m: String| {
            let task = task.clone();
            handle.spawn(async move { task.progress(m).await });
        };
        if self.service_managed(app).await {
            return self.run_service(app, action, &url, ready, &progress).await;
        }
        let pid = match action {
            Action::Start => Some(self.supervisor.start(&url, port, ready, &progress).await?),
            Action::Stop => {
                self.supervisor.stop(&url, port, budget, &progress).await?;
                None
            }
            Action::Restart => {
                self.supervisor.stop(&url, port, budget, &progress).await?;
                Some(self.supervisor.start(&url, port, ready, &progress).await?)
            }
        };
        self.verify(app, action, &url, pid).await
    }

    async fn run_service(
        &self,
        app: &OpenClaw,
        action: Action,
        url: &str,
        ready: Duration,
        progress: &(dyn Fn(String) + Sync),
    ) -> Result<Value, String> {
        progress(format!("running `openclaw gateway {}` (service manager)", action.as_str()));
        app.cli
            .run_ok(&["gateway", action.as_str(), "--json"], Some(Duration::from_secs(300)))
            .await
            .map_err(|e| e.to_string())?;
        if action != Action::Stop {
            let started = std::time::Instant::now();
            while !app.probe.probe(url).await.ready {
                if started.elapsed() > ready {
                    return Err(format!("the gateway was not ready {} s after the service command", ready.as_secs()));
                }
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        }
        self.verify(app, action, url, None).await
    }

    /// A start or restart succeeded only if the gateway answers `/readyz`; a stop only if
    /// nothing answers any more.
    async fn verify(&self, app: &OpenClaw, action: Action, url: &str, pid: Option<u32>) -> Result<Value, String> {
        let probe = app.probe.probe(url).await;
        match action {
            Action::Stop if probe.live => Err("the gateway still answers after the stop".into()),
            Action::Stop => Ok(json!({ "action": "stop", "verified": true, "health": probe.health() })),
            _ if !probe.ready => Err(format!("the gateway does not answer /readyz after the {}", action.as_str())),
            _ => Ok(json!({
                "action": action.as_str(),
                "verified": true,
                "health": probe.health(),
                "pid": pid,
                "version": probe.version,
                "responseTimeMs": probe.response_time_ms,
            })),
        }
    }
}
