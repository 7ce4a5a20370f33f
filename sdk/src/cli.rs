//! Runs the `openclaw` CLI on the host.
//!
//! Grant: `cli = [[...], ...]` in `module.toml`, a list of argv patterns. A pattern entry is a
//! literal argument, `"*"` (exactly one argument that does not start with `-`) or, as the last
//! entry, `"**"` (any remaining arguments). Without `"**"` the argv must match the whole
//! pattern, so `["skills", "list", "--json"]` allows exactly `openclaw skills list --json`.
//!
//! The host passes the arguments as argv (never through a shell), adds a timeout, caps the
//! output and gives the process an empty stdin. A non-zero exit is *not* an error here: it
//! comes back in [`CliOutput::status`] so the module can read OpenClaw's message.
//!
//! ```no_run
//! # fn demo() -> Result<(), buddy_sdk::CapError> {
//! let list: buddy_sdk::Value = buddy_sdk::cli::run_json(&["skills", "list", "--json"])?;
//! # Ok(()) }
//! ```

use serde::de::DeserializeOwned;
use serde_json::Value;

pub use buddy_rules::extract_json;

use crate::CapError;
use crate::bindings::openclaw::buddy::openclaw_cli;

/// Longest OpenClaw message [`CliOutput::error_message`] returns, in characters.
const MAX_MESSAGE_CHARS: usize = 500;

/// What one `openclaw` run printed, and how it exited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CliOutput {
    /// Exit status (0 on success).
    pub status: i32,
    /// Standard output (possibly capped by the host).
    pub stdout: String,
    /// Standard error (possibly capped by the host).
    pub stderr: String,
}

impl CliOutput {
    /// True when the process exited with status 0.
    pub fn success(&self) -> bool {
        self.status == 0
    }

    /// Parses stdout as JSON into `T`, for commands run with `--json`.
    ///
    /// Fails with [`CapError::Failed`] carrying OpenClaw's own message when the process exited
    /// non-zero or printed its `{"ok": false, "error": ...}` envelope, and when stdout holds
    /// no JSON of the expected shape. Text lines before the JSON (warnings, banners) are
    /// skipped.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, CapError> {
        if !self.success() {
            return Err(CapError::Failed(self.error_message()));
        }
        let value = extract_json(&self.stdout)
            .ok_or_else(|| CapError::Failed(format!("openclaw printed no JSON: {}", clip(self.stdout.trim()))))?;
        if value.get("ok").and_then(Value::as_bool) == Some(false) {
            return Err(CapError::Failed(self.error_message()));
        }
        serde_json::from_value(value).map_err(|e| CapError::Failed(format!("unexpected JSON from openclaw: {e}")))
    }

    /// OpenClaw's explanation of a failure, trimmed to one readable message: the `message` of
    /// a `--json` error envelope on stdout, else the `Reason:` line or the text on stderr,
    /// else stdout, else the exit status.
    pub fn error_message(&self) -> String {
        let from_envelope = extract_json(&self.stdout)
            .and_then(|v| v.pointer("/error/message").and_then(Value::as_str).map(str::to_owned));
        if let Some(m) = from_envelope.filter(|m| !m.trim().is_empty()) {
            return clip(m.trim());
        }
        let reason =
            self.stderr.lines().find_map(|l| l.split_once("Reason:").map(|(_, r)| r.trim())).filter(|r| !r.is_empty());
        if let Some(r) = reason {
            return clip(r);
        }
        for text in [self.stderr.trim(), self.stdout.trim()] {
            if !text.is_empty() {
                return clip(text);
            }
        }
        format!("openclaw exited with status {}", self.status)
    }
}

/// Runs `openclaw <args...>` with the host's default timeout.
pub fn run<S: AsRef<str>>(args: &[S]) -> Result<CliOutput, CapError> {
    call(args, None)
}

/// Runs `openclaw <args...>` with a timeout in milliseconds (the host caps it with its own
/// limit). Slow commands such as `agents add` (about 20 s) need more than the default.
pub fn run_with_timeout<S: AsRef<str>>(args: &[S], timeout_ms: u32) -> Result<CliOutput, CapError> {
    call(args, Some(timeout_ms))
}

/// Runs `openclaw <args...>` and parses its stdout as JSON; see [`CliOutput::json`].
pub fn run_json<T: DeserializeOwned, S: AsRef<str>>(args: &[S]) -> Result<T, CapError> {
    run(args)?.json()
}

fn call<S: AsRef<str>>(args: &[S], timeout_ms: Option<u32>) -> Result<CliOutput, CapError> {
    let args: Vec<String> = args.iter().map(|a| a.as_ref().to_owned()).collect();
    let out = openclaw_cli::run(&args, timeout_ms)?;
    Ok(CliOutput { status: out.status, stdout: out.stdout, stderr: out.stderr })
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(status: i32, stdout: &str, stderr: &str) -> CliOutput {
        CliOutput { status, stdout: stdout.into(), stderr: stderr.into() }
    }

    #[test]
    fn failure_message_prefers_the_json_envelope() {
        let out = output(
            1,
            r#"{"ok":false,"error":{"type":"cli_error","message":"Skill \"x\" not found."}}"#,
            "[openclaw] Reason: something else",
        );
        assert_eq!(out.error_message(), "Skill \"x\" not found.");
        assert_eq!(out.json::<Value>(), Err(CapError::Failed("Skill \"x\" not found.".into())));
    }

    #[test]
    fn failure_message_falls_back_to_stderr_then_status() {
        let reason = output(1, "", "[openclaw] The CLI command failed.\n[openclaw] Reason: bad id\n");
        assert_eq!(reason.error_message(), "bad id");
        assert_eq!(output(1, "", "  boom \n").error_message(), "boom");
        assert_eq!(output(3, "", "").error_message(), "openclaw exited with status 3");
    }

    #[test]
    fn ok_false_with_status_zero_is_still_a_failure() {
        let out = output(0, r#"{"ok":false,"error":{"message":"nope"}}"#, "");
        assert_eq!(out.json::<Value>(), Err(CapError::Failed("nope".into())));
    }
}
