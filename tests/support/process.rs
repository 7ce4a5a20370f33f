//! Buddy as a real process (the `buddy-e2e` binary, which is `openclaw-buddy`'s `main`), for the
//! tests that need one: signals, exit times, and what its child processes inherit from it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::OpenClawHome;
use openclaw_buddy::gateway::proc_info;

/// A running Buddy process against an [`OpenClawHome`].
pub struct BuddyProcess {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The Control UI proxy's base URL, when it listens.
    pub proxy_base: Option<String>,
    /// The API token, given to Buddy in its environment as `BUDDY_TOKEN`.
    pub token: String,
    pub data_dir: PathBuf,
    pub client: reqwest::Client,
    child: Child,
    output: Arc<Mutex<String>>,
}

impl BuddyProcess {
    /// Starts `bin serve` with a buddy.toml for `home` (plus `extra_toml`) and `extra_env` in its
    /// environment; waits until it says where it listens.
    pub fn start(bin: &Path, home: &OpenClawHome, extra_toml: &str, extra_env: &[(&str, &str)]) -> Self {
        let data_dir = home.dir.path().join("buddy-process-data");
        std::fs::create_dir_all(&data_dir).expect("data dir");
        let token = format!("process-token-{}", hex::encode(super::rand_bytes()));
        let env_list: Vec<String> =
            home.cli_env().iter().map(|(k, v)| format!("[{}, {}]", toml_string(k), toml_string(v))).collect();
        let toml = format!(
            "listen = \"127.0.0.1:0\"\ndata_dir = {data}\n{extra_toml}\n[openclaw]\nbin = {bin}\nstate_dir = {state}\nconfig_path = {config}\ncli_timeout_secs = 180\nenv = [{env}]\n[monitor]\nenabled = false\n",
            data = toml_string(&data_dir.display().to_string()),
            bin = toml_string(&home.install.bin.display().to_string()),
            state = toml_string(&home.state.display().to_string()),
            config = toml_string(&home.config.display().to_string()),
            env = env_list.join(", "),
        );
        let config = home.dir.path().join("buddy-process.toml");
        std::fs::write(&config, toml).expect("buddy.toml");
        let mut child = Command::new(bin)
            .args(["serve", "--config"])
            .arg(&config)
            .env("BUDDY_TOKEN", &token)
            .env("HOME", &home.home)
            .envs(extra_env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start the Buddy binary");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let stderr = child.stderr.take().expect("stderr");
        let sink = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().expect("output").push_str(&format!("{line}\n"));
                let _ = tx.send(line);
            }
        });
        let (mut base, mut proxy_base) = (None, None);
        let started = Instant::now();
        while base.is_none() {
            let left = Duration::from_secs(120).saturating_sub(started.elapsed());
            let line = rx
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("Buddy did not say where it listens:\n{}", output.lock().expect("output")));
            if let Some(url) = line.split("Control UI proxy listening on ").nth(1) {
                proxy_base = Some(url.trim().to_string());
            }
            if let Some(url) = line.split("OpenClaw Buddy listening on ").nth(1) {
                base = Some(url.trim().to_string());
            }
        }
        let client = reqwest::Client::builder().no_proxy().build().expect("client");
        Self { base: base.expect("base"), proxy_base, token, data_dir, client, child, output }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What Buddy wrote to stderr so far.
    pub fn output(&self) -> String {
        self.output.lock().expect("output").clone()
    }

    /// An authenticated request builder.
    pub fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token)
    }

    /// Kills Buddy with SIGKILL (no clean-up of any kind runs) and waits for it to be gone.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Sends SIGTERM and returns how long Buddy took to exit (panics after `deadline`).
    pub fn terminate(&mut self, deadline: Duration) -> Duration {
        let started = Instant::now();
        buddy_openclaw::signal::kill_pid(self.child.id(), buddy_openclaw::signal::Signal::Term);
        loop {
            if self.child.try_wait().expect("wait").is_some() {
                return started.elapsed();
            }
            if started.elapsed() > deadline {
                let _ = self.child.kill();
                panic!("Buddy was still running {deadline:?} after SIGTERM:\n{}", self.output());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for BuddyProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn toml_string(s: &str) -> String {
    serde_json::to_string(s).expect("a JSON string is a TOML basic string")
}

/// The environment of a process, as `NAME=value` strings (empty when it is gone).
pub fn environ(pid: u32) -> Vec<String> {
    std::fs::read(format!("/proc/{pid}/environ"))
        .map(|raw| {
            raw.split(|b| *b == 0).filter(|s| !s.is_empty()).map(|s| String::from_utf8_lossy(s).into()).collect()
        })
        .unwrap_or_default()
}

/// The processes whose parent is `pid`.
pub fn children_of(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else { return Vec::new() };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|s| s.split_whitespace().filter_map(|p| p.parse().ok()).collect::<Vec<u32>>())
        .collect()
}

/// `pid` and everything it started, transitively.
pub fn descendants(pid: u32) -> Vec<u32> {
    let mut all = vec![pid];
    let mut i = 0;
    while i < all.len() {
        let next = children_of(all[i]);
        all.extend(next);
        i += 1;
    }
    all
}

/// The command line of a process, arguments joined by spaces.
pub fn cmdline(pid: u32) -> String {
    std::fs::read(format!("/proc/{pid}/cmdline"))
        .map(|raw| String::from_utf8_lossy(&raw).replace('\0', " ").trim().to_string())
        .unwrap_or_default()
}

/// One process, known by its pid and its start time, so a pid the kernel has handed to another
/// process (or thread) since is never taken for it.
#[derive(Debug, Clone, Copy)]
pub struct ProcessIdentity {
    pub pid: u32,
    start: u64,
}

impl ProcessIdentity {
    /// The process running as `pid` now, if any.
    pub fn of(pid: u32) -> Option<Self> {
        Some(Self { pid, start: proc_info::started(pid)? })
    }

    /// Whether this very process still runs (a zombie does not).
    pub fn running(&self) -> bool {
        proc_info::started(self.pid) == Some(self.start)
    }

    /// What `/proc` says about the pid now, for a failure message.
    pub fn describe(&self) -> String {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid)).unwrap_or_else(|e| e.to_string());
        format!("pid {} (start {}): stat `{}`, cmdline `{}`", self.pid, self.start, stat.trim(), cmdline(self.pid))
    }
}

/// Kills a process group when dropped (a gateway a failed test must not leave behind).
#[derive(Debug)]
pub struct KillGroupOnDrop(pub u32);

impl Drop for KillGroupOnDrop {
    fn drop(&mut self) {
        buddy_openclaw::signal::kill_group(self.0, buddy_openclaw::signal::Signal::Kill);
    }
}
