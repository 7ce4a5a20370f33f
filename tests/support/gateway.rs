//! A real OpenClaw gateway for tests that need one (sessions, chat, status of a running
//! gateway): `openclaw gateway run` against an [`OpenClawHome`], supervised the way Buddy
//! supervises it (`OPENCLAW_SUPERVISOR_MODE=external`), ready once `/readyz` answers 200, and
//! killed with its whole process group (it spawns workers) when dropped.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::OpenClawHome;

/// A cold start takes 20–50 s on a small machine; leave room for a busy one.
pub const READY_DEADLINE: Duration = Duration::from_secs(300);

/// A running gateway.
pub struct TestGateway {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    /// The gateway token of the home.
    pub token: String,
    /// Where the gateway's stdout and stderr go.
    pub log: PathBuf,
    child: tokio::process::Child,
    pgid: u32,
}

impl TestGateway {
    /// Starts the gateway on the home's port and waits until it is ready; panics (with the end
    /// of its log) if it exits or is not ready within [`READY_DEADLINE`].
    pub async fn start(home: &OpenClawHome) -> Self {
        let port = home.gateway_port.to_string();
        let log = home.dir.path().join(format!("gateway-{port}.log"));
        let out = std::fs::File::create(&log).expect("gateway log");
        let err = out.try_clone().expect("gateway log");
        let child = tokio::process::Command::new(&home.install.bin)
            .args(["gateway", "run", "--port", &port, "--bind", "loopback"])
            .envs(home.cli_env())
            .env("OPENCLAW_SUPERVISOR_MODE", "external")
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .kill_on_drop(true)
            .process_group(0)
            .spawn()
            .expect("start the gateway");
        let pgid = child.id().expect("gateway pid");
        let mut gateway =
            Self { url: format!("http://127.0.0.1:{port}"), token: home.gateway_token.clone(), log, child, pgid };
        gateway.wait_ready().await;
        gateway
    }

    /// The gateway's process (group) id.
    pub fn pid(&self) -> u32 {
        self.pgid
    }

    /// The last lines of the gateway's output.
    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }

    async fn wait_ready(&mut self) {
        let client = reqwest::Client::builder().no_proxy().build().expect("client");
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("the gateway exited ({status}) before it was ready:\n{}", self.log_tail());
            }
            let ready = client
                .get(format!("{}/readyz", self.url))
                .timeout(Duration::from_secs(2))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if ready {
                return;
            }
            assert!(
                started.elapsed() < READY_DEADLINE,
                "the gateway was not ready after {READY_DEADLINE:?}:\n{}",
                self.log_tail()
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Stops the gateway (SIGKILL to its process group) and waits for it.
    pub async fn stop(mut self) {
        buddy_openclaw::signal::kill_group(self.pgid, buddy_openclaw::signal::Signal::Kill);
        let _ = self.child.wait().await;
    }
}

impl Drop for TestGateway {
    fn drop(&mut self) {
        buddy_openclaw::signal::kill_group(self.pgid, buddy_openclaw::signal::Signal::Kill);
    }
}
