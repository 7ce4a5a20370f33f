//! Runs the `openclaw` CLI: argv only (never a shell), stdin closed, a timeout that kills the
//! whole process group (the CLI spawns Node workers), capped output, and errors that say what
//! happened — not installed, exited non-zero, timed out, or printed nothing parsable.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncRead, AsyncReadExt};

use super::redact::redact;
use buddy_rules::{extract_json, strip_ansi};

/// How much of stdout / stderr is kept; the rest is drained and dropped so the child never
/// blocks on a full pipe.
const DEFAULT_OUTPUT_CAP: usize = 4 * 1024 * 1024;

/// A finished CLI run.
#[derive(Debug, Clone)]
pub struct CliOutput {
    /// Exit status (-1 when killed by a signal).
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
    pub duration: Duration,
}

/// Why a CLI run did not give a usable result. Messages are redacted and trimmed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(
        "openclaw CLI is not installed or cannot start ({bin}): {reason}; install OpenClaw or set BUDDY_OPENCLAW_BIN"
    )]
    NotInstalled { bin: String, reason: String },
    #[error("`openclaw {command}` timed out after {secs} s")]
    Timeout { command: String, secs: u64 },
    #[error("`openclaw {command}` failed (exit {code}): {message}")]
    Failed { command: String, code: i32, message: String },
    #[error("`openclaw {command}` printed no JSON: {snippet}")]
    Unparsable { command: String, snippet: String },
    #[error("running openclaw: {source}")]
    Io { source: std::io::Error },
}

/// Runs the CLI with a fixed binary, environment and limits.
#[derive(Debug, Clone)]
pub struct CliRunner {
    bin: PathBuf,
    env: Vec<(String, OsString)>,
    timeout: Duration,
    output_cap: usize,
    secrets: std::sync::Arc<std::sync::RwLock<Vec<String>>>,
}

impl CliRunner {
    /// A runner for `bin` whose children get exactly `env` (see [`crate::child_env`]) and a
    /// default timeout.
    pub fn new(bin: PathBuf, env: Vec<(String, OsString)>, timeout: Duration) -> Self {
        Self { bin, env, timeout, output_cap: DEFAULT_OUTPUT_CAP, secrets: Default::default() }
    }

    /// The same runner with one environment variable set differently (e.g. to point
    /// `OPENCLAW_CONFIG_PATH` at a candidate file).
    pub fn with_env(&self, key: &str, value: impl Into<OsString>) -> Self {
        let mut next = self.clone();
        next.env.retain(|(k, _)| k != key);
        next.env.push((key.to_string(), value.into()));
        next
    }

    /// Caps how much output is kept per stream.
    pub fn with_output_cap(mut self, cap: usize) -> Self {
        self.output_cap = cap;
        self
    }

    /// Replaces the known secrets that are masked out of error messages.
    pub fn set_secrets(&self, secrets: Vec<String>) {
        if let Ok(mut guard) = self.secrets.write() {
            *guard = secrets;
        }
    }

    /// `text` with every secret known from openclaw.json masked (the list follows each change
    /// to the file).
    pub fn redact(&self, text: &str) -> String {
        let known = self.secrets.read().map(|g| g.clone()).unwrap_or_default();
        crate::redact::redact(text, &known)
    }

    /// The default timeout of one run.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Runs `openclaw <args>` and returns its output whatever the exit status.
    pub async fn run(&self, args: &[&str], timeout: Option<Duration>) -> Result<CliOutput, CliError> {
        let started = Instant::now();
        let result = self.run_uncounted(args, timeout).await;
        crate::metrics::record_cli_run(args, outcome(&result), started.elapsed());
        result
    }

    async fn run_uncounted(&self, args: &[&str], timeout: Option<Duration>) -> Result<CliOutput, CliError> {
        let timeout = timeout.unwrap_or(self.timeout).min(self.timeout.max(Duration::from_secs(1)));
        let started = Instant::now();
        let mut cmd = crate::child_env::command(&self.bin, &self.env);
        cmd.args(args)
            // Plain, non-interactive output: no colours, no prompts waiting on a TTY.
            .env("NO_COLOR", "1")
            .env("FORCE_COLOR", "0")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .process_group(0);
        let mut child = cmd.spawn().map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied => {
                CliError::NotInstalled { bin: self.bin.display().to_string(), reason: e.to_string() }
            }
            _ => CliError::Io { source: e },
        })?;
        // Kills the whole group if this future is dropped (client went away) or times out.
        let guard = GroupGuard(child.id());
        let stdout = child.stdout.take();
        let stderr = child.stderr.take();
        let cap = self.output_cap;
        let collect = async {
            let (out, err) = tokio::join!(read_capped(stdout, cap), read_capped(stderr, cap));
            let status = child.wait().await;
            (out, err, status)
        };
        let (out, err, status) = match tokio::time::timeout(timeout, collect).await {
            Ok(done) => done,
            Err(_) => {
                drop(guard);
                return Err(CliError::Timeout { command: self.describe(args), secs: timeout.as_secs() });
            }
        };
        guard.disarm();
        let status = status.map_err(|source| CliError::Io { source })?;
        let code = status.code().unwrap_or(-1);
        let stderr = strip_ansi(&err);
        // `env: 'node': No such file or directory` — the launcher exists but Node does not.
        if code == 127 {
            return Err(CliError::NotInstalled {
                bin: self.bin.display().to_string(),
                reason: self.clean(stderr.trim()),
            });
        }
        Ok(CliOutput { status: code, stdout: out, stderr, duration: started.elapsed() })
    }

    /// Runs and requires exit status 0.
    pub async fn run_ok(&self, args: &[&str], timeout: Option<Duration>) -> Result<CliOutput, CliError> {
        let out = self.run(args, timeout).await?;
        if out.status != 0 {
            return Err(self.failure(args, &out));
        }
        Ok(out)
    }

    /// Runs a `--json` command and returns its JSON document (exit 0 required).
    pub async fn run_json(&self, args: &[&str], timeout: Option<Duration>) -> Result<Value, CliError> {
        let out = self.run(args, timeout).await?;
        if out.status != 0 {
            return Err(self.failure(args, &out));
        }
        extract_json(&out.stdout).ok_or_else(|| CliError::Unparsable {
            command: self.describe(args),
            snippet: self.clean(&snippet(&out.stdout)),
        })
    }

    /// The error for a non-zero exit: OpenClaw's `{"ok":false,"error":{"message"}}` when it
    /// printed one, else the end of stderr.
    pub fn failure(&self, args: &[&str], out: &CliOutput) -> CliError {
        let from_json = extract_json(&out.stdout)
            .and_then(|v| v.pointer("/error/message").and_then(Value::as_str).map(str::to_string));
        let message = from_json.unwrap_or_else(|| {
            let text = if out.stderr.trim().is_empty() { &out.stdout } else { &out.stderr };
            snippet(text)
        });
        CliError::Failed { command: self.describe(args), code: out.status, message: self.clean(&message) }
    }

    fn describe(&self, args: &[&str]) -> String {
        self.clean(&args.join(" "))
    }

    fn clean(&self, text: &str) -> String {
        let known = self.secrets.read().map(|g| g.clone()).unwrap_or_default();
        redact(text, &known)
    }
}

/// Whether `openclaw <args>` rewrites openclaw.json, and so must run under the config store's
/// writer lock (see [`crate::config_store::ConfigStore::external_write`]).
pub fn rewrites_config(args: &[&str]) -> bool {
    match args {
        ["doctor", rest @ ..] => rest.contains(&"--fix"),
        ["agents", "add" | "delete" | "set-identity" | "bind" | "unbind", ..]
        | ["plugins", "install" | "uninstall" | "enable" | "disable" | "update", ..]
        | ["channels", "add" | "remove", ..]
        | ["config", "set" | "unset" | "patch", ..]
        | ["models", "set" | "set-image", ..] => true,
        _ => false,
    }
}

/// The last meaningful part of some output, at most ~600 characters.
fn snippet(text: &str) -> String {
    let text = strip_ansi(text);
    let trimmed = text.trim();
    let start = trimmed.char_indices().rev().nth(599).map(|(i, _)| i).unwrap_or(0);
    trimmed[start..].to_string()
}

async fn read_capped<R: AsyncRead + Unpin>(reader: Option<R>, cap: usize) -> String {
    let Some(mut reader) = reader else {
        return String::new();
    };
    let mut kept = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match reader.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                let room = cap.saturating_sub(kept.len());
                kept.extend_from_slice(&buf[..n.min(room)]);
            }
        }
    }
    String::from_utf8_lossy(&kept).into_owned()
}

/// Sends SIGKILL to a process group when dropped, unless disarmed.
struct GroupGuard(Option<u32>);

impl GroupGuard {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for GroupGuard {
    fn drop(&mut self) {
        if let Some(pid) = self.0 {
            crate::signal::kill_group(pid, crate::signal::Signal::Kill);
        }
    }
}

/// A run's `outcome` for `/metrics` (one of `metrics::CLI_OUTCOMES`).
fn outcome(result: &Result<CliOutput, CliError>) -> &'static str {
    match result {
        Ok(out) if out.status == 0 => "ok",
        Ok(_) => "failed",
        Err(CliError::Timeout { .. }) => "timeout",
        Err(CliError::NotInstalled { .. }) => "not_installed",
        Err(_) => "error",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcomes_follow_the_error() {
        let out =
            |status| Ok(CliOutput { status, stdout: String::new(), stderr: String::new(), duration: Duration::ZERO });
        assert_eq!(outcome(&out(0)), "ok");
        assert_eq!(outcome(&out(1)), "failed");
        assert_eq!(outcome(&Err(CliError::Timeout { command: "x".into(), secs: 1 })), "timeout");
        assert_eq!(outcome(&Err(CliError::NotInstalled { bin: "x".into(), reason: "y".into() })), "not_installed");
        assert_eq!(outcome(&Err(CliError::Io { source: std::io::Error::other("z") })), "error");
        for result in [out(0), out(1), Err(CliError::Io { source: std::io::Error::other("z") })] {
            assert!(crate::metrics::CLI_OUTCOMES.contains(&outcome(&result)));
        }
    }

    #[test]
    fn config_writing_commands_are_recognised() {
        assert!(rewrites_config(&["agents", "add", "x", "--json"]));
        assert!(rewrites_config(&["plugins", "install", "@a/b@1"]));
        assert!(rewrites_config(&["doctor", "--fix"]));
        assert!(!rewrites_config(&["doctor", "--json"]));
        assert!(!rewrites_config(&["skills", "list", "--json"]));
        assert!(!rewrites_config(&["agents", "list", "--json"]));
    }
}
