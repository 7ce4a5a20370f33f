//! Runs the gateway as Buddy's child: `openclaw gateway run --port P --bind loopback` with
//! `OPENCLAW_SUPERVISOR_MODE=external`, in its own process group, output appended to
//! `<data_dir>/logs/gateway.log`. The child's pid is kept in `<data_dir>/gateway.json`, so a
//! restarted Buddy adopts the gateway that outlived it instead of starting a second one.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

use super::proc_info;
use buddy_openclaw::gateway::GatewayClient;
use buddy_openclaw::process::listener_pid;
use buddy_openclaw::signal::{Signal, kill_group, kill_pid};

/// How long Buddy, exiting with `stop_on_exit`, waits to see the gateways it killed gone.
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// What Buddy remembers about the gateway it started.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Record {
    pub pid: u32,
    pub port: u16,
    pub started_ms: i64,
}

/// How a child ended.
#[derive(Debug, Clone)]
pub struct Exit {
    pub code: Option<i32>,
    pub at_ms: i64,
}

/// The supervisor.
pub struct Supervisor {
    bin: PathBuf,
    env: Vec<(String, std::ffi::OsString)>,
    record_path: PathBuf,
    log_path: PathBuf,
    probe: GatewayClient,
    /// The last exit of a child this Buddy spawned (evidence for healing).
    last_exit: watch::Sender<Option<Exit>>,
    /// The gateways this Buddy spawned and that have not exited, and whether Buddy is exiting.
    children: std::sync::Arc<std::sync::Mutex<Children>>,
}

/// What [`Supervisor::kill_on_exit`] must reach even while a start is still in progress (the
/// record on disk is only trusted once `/proc` shows a gateway, which a just-forked child is
/// not yet).
#[derive(Debug, Default)]
struct Children {
    /// Process (group) ids: each child leads its own group.
    pids: Vec<u32>,
    /// Set when Buddy exits with `stop_on_exit`: no new gateway may be spawned after it.
    closing: bool,
}

fn lock(children: &std::sync::Mutex<Children>) -> std::sync::MutexGuard<'_, Children> {
    children.lock().unwrap_or_else(|p| p.into_inner())
}

fn io(e: impl std::fmt::Display) -> String {
    e.to_string()
}

impl Supervisor {
    /// A supervisor writing its record and log under `data_dir`; the gateway's environment is
    /// exactly `env` (see `buddy_openclaw::child_env`).
    pub fn new(bin: PathBuf, env: Vec<(String, std::ffi::OsString)>, data_dir: &Path) -> Self {
        Self {
            bin,
            env,
            record_path: data_dir.join("gateway.json"),
            log_path: data_dir.join("logs").join("gateway.log"),
            probe: GatewayClient::new(Duration::from_millis(1500)),
            last_exit: watch::channel(None).0,
            children: Default::default(),
        }
    }

    fn children(&self) -> std::sync::MutexGuard<'_, Children> {
        lock(&self.children)
    }

    /// The gateway log file.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// The recorded gateway, if its process is still alive and still a gateway.
    pub fn record(&self) -> Option<Record> {
        let record: Record = serde_json::from_slice(&std::fs::read(&self.record_path).ok()?).ok()?;
        (proc_info::alive(record.pid) && proc_info::is_gateway(record.pid)).then_some(record)
    }

    fn save(&self, record: Option<&Record>) {
        let result = match record {
            Some(r) => serde_json::to_vec(r)
                .map_err(io)
                .and_then(|b| buddy_openclaw::config_store::atomic_write(&self.record_path, &b).map_err(io)),
            None => std::fs::remove_file(&self.record_path)
                .or_else(|e| if e.kind() == std::io::ErrorKind::NotFound { Ok(()) } else { Err(e) })
                .map_err(io),
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "cannot update the gateway record");
        }
    }

    /// The last exit of a child this Buddy started.
    pub fn last_exit(&self) -> Option<Exit> {
        self.last_exit.borrow().clone()
    }

    /// The pid of the running gateway: the recorded child, else the gateway listening on `port`.
    pub fn running_pid(&self, port: u16) -> Option<u32> {
        self.record().map(|r| r.pid).or_else(|| listener_pid(port).filter(|p| proc_info::is_gateway(*p)))
    }

    /// Starts the gateway on `port` and waits until `/readyz` answers. An already healthy
    /// gateway is adopted, never duplicated; a port held by something else is an error.
    pub async fn start(
        &self,
        base_url: &str,
        port: u16,
        ready_timeout: Duration,
        progress: &(dyn Fn(String) + Sync),
    ) -> Result<u32, String> {
        let probe = self.probe.probe(base_url).await;
        if probe.live {
            let pid = self.running_pid(port);
            progress(format!("the gateway already answers on port {port} (pid {pid:?}); adopting it"));
            return self.wait_ready(base_url, pid, ready_timeout, progress).await.map(|_| pid.unwrap_or(0));
        }
        if let Some(holder) = listener_pid(port) {
            return Err(format!(
                "port {port} is taken by pid {holder} ({}), which is not a healthy gateway",
                proc_info::cmdline(holder).unwrap_or_default().chars().take(120).collect::<String>()
            ));
        }
        if let Some(parent) = self.log_path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        let log = std::fs::OpenOptions::new().create(true).append(true).open(&self.log_path).map_err(io)?;
        let log_err = log.try_clone().map_err(io)?;
        let port_s = port.to_string();
        let mut command = buddy_openclaw::child_env::command(&self.bin, &self.env);
        command
            .args(["gateway", "run", "--port", &port_s, "--bind", "loopback"])
            .env("OPENCLAW_SUPERVISOR_MODE", "external")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            .process_group(0);
        // Spawned and registered under one lock, so an exit cannot slip in between and miss it.
        let (mut child, pid) = {
            let mut children = self.children();
            if children.closing {
                return Err("Buddy is shutting down".into());
            }
            let child =
                command.spawn().map_err(|e| format!("cannot start `{} gateway run`: {e}", self.bin.display()))?;
            let pid = child.id().ok_or("the gateway exited at once")?;
            children.pids.push(pid);
            (child, pid)
        };
        let record = Record { pid, port, started_ms: buddy_openclaw::time::now_ms() };
        self.save(Some(&record));
        progress(format!("started `openclaw gateway run --port {port}` as pid {pid}"));
        // Reap the child and keep its exit for the monitor's evidence.
        let exits = self.last_exit.clone();
        let children = self.children.clone();
        let (exited_tx, exited_rx) = watch::channel(false);
        tokio::spawn(async move {
            let status = child.wait().await.ok();
            lock(&children).pids.retain(|p| *p != pid);
            exits.send_replace(Some(Exit {
                code: status.and_then(|s| s.code()),
                at_ms: buddy_openclaw::time::now_ms(),
            }));
            exited_tx.send_replace(true);
        });
        match self.wait_ready_child(base_url, exited_rx, ready_timeout, progress).await {
            Ok(()) => Ok(pid),
            Err(e) => {
                kill_group(pid, Signal::Kill);
                self.save(None);
                Err(format!("{e}{}", self.log_tail()))
            }
        }
    }

    async fn wait_ready_child(
        &self,
        base_url: &str,
        mut exited: watch::Receiver<bool>,
        timeout: Duration,
        progress: &(dyn Fn(String) + Sync),
    ) -> Result<(), String> {
        let started = Instant::now();
        let mut said_live = false;
        loop {
            if *exited.borrow_and_update() {
                let code = self.last_exit().and_then(|e| e.code);
                return Err(format!("the gateway exited (status {code:?}) before it was ready"));
            }
            let p = self.probe.probe(base_url).await;
            if p.ready {
                progress(format!("ready after {:.1} s", started.elapsed().as_secs_f64()));
                return Ok(());
            }
            if p.live && !said_live {
                said_live = true;
                progress("live, waiting for /readyz".into());
            }
            if started.elapsed() >= timeout {
                return Err(format!("the gateway was not ready after {} s", timeout.as_secs()));
            }
            tokio::select! {
                _ = exited.changed() => {}
                _ = tokio::time::sleep(Duration::from_millis(250)) => {}
            }
        }
    }

    async fn wait_ready(
        &self,
        base_url: &str,
        pid: Option<u32>,
        timeout: Duration,
        progress: &(dyn Fn(String) + Sync),
    ) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if self.probe.probe(base_url).await.ready {
                progress("ready".into());
                return Ok(());
            }
            if pid.is_some_and(|p| !proc_info::alive(p)) {
                return Err("the gateway exited before it was ready".into());
            }
            if started.elapsed() >= timeout {
                return Err(format!("the gateway was not ready after {} s", timeout.as_secs()));
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Stops the gateway on `port`: SIGTERM to its process group, SIGKILL after `budget`, then
    /// verifies that nothing answers and nothing listens.
    pub async fn stop(
        &self,
        base_url: &str,
        port: u16,
        budget: Duration,
        progress: &(dyn Fn(String) + Sync),
    ) -> Result<(), String> {
        let Some(pid) = self.running_pid(port) else {
            if self.probe.probe(base_url).await.live {
                return Err(format!(
                    "something answers on port {port} but it is not a gateway process Buddy can identify"
                ));
            }
            self.save(None);
            progress("the gateway is not running".into());
            return Ok(());
        };
        let group = proc_info::process_group(pid)
            .filter(|g| *g > 1 && Some(*g) != proc_info::process_group(std::process::id()));
        let signal = |s: Signal| match group {
            Some(g) => kill_group(g, s),
            None => kill_pid(pid, s),
        };
        progress(format!("sending SIGTERM to pid {pid}"));
        signal(Signal::Term);
        if !self.wait_gone(pid, port, budget).await {
            progress(format!("still running after {} s: sending SIGKILL", budget.as_secs()));
            signal(Signal::Kill);
            if !self.wait_gone(pid, port, Duration::from_secs(10)).await {
                return Err(format!("pid {pid} survived SIGKILL"));
            }
        }
        self.save(None);
        if self.probe.probe(base_url).await.live {
            return Err(format!("the gateway process ended but port {port} still answers"));
        }
        progress("stopped; nothing answers on the gateway port".into());
        Ok(())
    }

    async fn wait_gone(&self, pid: u32, port: u16, budget: Duration) -> bool {
        let started = Instant::now();
        while started.elapsed() < budget {
            if !proc_info::alive(pid) && listener_pid(port).is_none() {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        false
    }

    /// The last lines of the gateway log, for error messages and evidence.
    pub fn log_tail(&self) -> String {
        let Ok(text) = std::fs::read_to_string(&self.log_path) else { return String::new() };
        let lines: Vec<&str> = text.lines().rev().take(8).collect();
        if lines.is_empty() {
            return String::new();
        }
        let tail: Vec<&str> = lines.into_iter().rev().collect();
        format!("; last gateway output: {}", tail.join(" | ").chars().take(800).collect::<String>())
    }

    /// Kills the gateway at once when Buddy exits with `stop_on_exit`: every gateway this Buddy
    /// spawned (even one whose start is still in progress) and the recorded one, and refuses
    /// to spawn another from then on.
    pub fn kill_on_exit(&self) {
        let spawned = {
            let mut children = self.children();
            children.closing = true;
            std::mem::take(&mut children.pids)
        };
        let mut killed = spawned;
        if let Some(r) = self.record()
            && !killed.contains(&r.pid)
        {
            killed.push(r.pid);
        }
        for pid in &killed {
            // The group takes its workers too; the pid itself in case it left the group.
            let group = kill_group(*pid, Signal::Kill);
            let process = kill_pid(*pid, Signal::Kill);
            tracing::info!(pid, group, process, "killed the gateway as Buddy exits");
        }
        self.save(None);
        // The kernel ends a killed process at once unless it is stuck in the kernel; say so if
        // one outlives Buddy.
        let started = Instant::now();
        while killed.iter().any(|p| proc_info::alive(*p)) && started.elapsed() < EXIT_WAIT {
            std::thread::sleep(Duration::from_millis(20));
        }
        for pid in killed.iter().filter(|p| proc_info::alive(**p)) {
            let command = proc_info::cmdline(*pid).unwrap_or_default();
            tracing::warn!(pid, command, "a gateway is still running after SIGKILL as Buddy exits");
        }
    }
}
