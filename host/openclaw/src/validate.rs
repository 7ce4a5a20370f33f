//! OpenClaw's own verdict on a config file (`openclaw config validate --json`, ~4.5 s): the
//! authority Buddy defers to before it trusts a backup or declares the live config broken.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::cli::{CliError, CliRunner};
use buddy_rules::extract_json;

/// The validator's answer.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub valid: bool,
    /// `path: message` per problem.
    pub issues: Vec<String>,
}

/// Validates the file at `config` (or the runner's configured one when `None`); every run is
/// counted for `/metrics` by its result.
pub async fn validate(cli: &CliRunner, config: Option<&Path>) -> Result<Verdict, CliError> {
    let verdict = ask(cli, config).await;
    crate::metrics::record_validation(verdict.as_ref().ok().map(|v| v.valid));
    verdict
}

async fn ask(cli: &CliRunner, config: Option<&Path>) -> Result<Verdict, CliError> {
    let runner = match config {
        Some(path) => cli.with_env("OPENCLAW_CONFIG_PATH", path.as_os_str()),
        None => cli.clone(),
    };
    let args = ["config", "validate", "--json"];
    let out = runner.run(&args, Some(Duration::from_secs(60))).await?;
    let Some(doc) = extract_json(&out.stdout) else {
        return Err(runner.failure(&args, &out));
    };
    let valid = out.status == 0 && doc.get("valid").and_then(Value::as_bool).unwrap_or(false);
    let mut issues: Vec<String> = doc
        .get("issues")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .map(|i| {
                    let path = i.get("path").and_then(Value::as_str).unwrap_or("");
                    let message = i.get("message").and_then(Value::as_str).unwrap_or("invalid");
                    if path.is_empty() { message.to_string() } else { format!("{path}: {message}") }
                })
                .collect()
        })
        .unwrap_or_default();
    if !valid
        && issues.is_empty()
        && let Some(m) = doc.pointer("/error/message").and_then(Value::as_str)
    {
        issues.push(m.to_string());
    }
    Ok(Verdict { valid, issues })
}
