//! `openclaw-cli`: runs `openclaw <args>` when an argv pattern of the module's grant matches.

use std::time::Duration;

use super::super::bindings::v0_1_0::openclaw::buddy::openclaw_cli::{CliOutput, Host};
use super::super::ctx::ModuleCtx;
use super::super::grants::cli::any_allows;
use super::{CapError, HostTimer, denied};
use crate::openclaw::cli::CliError;

/// CLI commands that rewrite openclaw.json.
fn rewrites_config(args: &[&str]) -> bool {
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

impl Host for ModuleCtx {
    async fn run(
        &mut self,
        args: Vec<String>,
        timeout_ms: Option<u32>,
    ) -> wasmtime::Result<Result<CliOutput, CapError>> {
        if !any_allows(&self.module.grants.cli, &args) {
            return Ok(Err(denied(self, "openclaw-cli", &format!("`openclaw {}`", args.join(" ")))));
        }
        let app = self.app.clone();
        let timer = HostTimer::start();
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let timeout = timeout_ms.map(|ms| Duration::from_millis(u64::from(ms)));
        let result = if rewrites_config(&argv) {
            // OpenClaw rewrites openclaw.json for these: one writer at a time with Buddy's own edits.
            let run = app.config_store.external_write(app.cli.run(&argv, timeout)).await;
            app.config_changed().await;
            run
        } else {
            app.cli.run(&argv, timeout).await
        };
        timer.stop(self);
        tracing::info!(module = self.name(), command = %args.first().map(String::as_str).unwrap_or(""), ok = result.is_ok(), "module ran the openclaw CLI");
        Ok(match result {
            Ok(out) => Ok(CliOutput { status: out.status, stdout: out.stdout, stderr: out.stderr }),
            Err(e @ CliError::Timeout { .. }) => Err(CapError::Timeout(e.to_string())),
            Err(e) => Err(CapError::Failed(e.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::rewrites_config;

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
