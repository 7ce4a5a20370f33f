//! `openclaw-cli`: runs `openclaw <args>` when an argv pattern of the module's grant matches.

use std::time::Duration;

use super::super::bindings::v0_1_0::openclaw::buddy::openclaw_cli::{CliOutput, Host};
use super::super::ctx::ModuleCtx;
use super::super::grants::cli::any_allows;
use super::{CapError, HostTimer, denied};
use crate::openclaw::cli::CliError;

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
        let result = app.cli.run(&argv, timeout_ms.map(|ms| Duration::from_millis(u64::from(ms)))).await;
        timer.stop(self);
        tracing::info!(module = self.name(), command = %args.first().map(String::as_str).unwrap_or(""), ok = result.is_ok(), "module ran the openclaw CLI");
        Ok(match result {
            Ok(out) => Ok(CliOutput { status: out.status, stdout: out.stdout, stderr: out.stderr }),
            Err(e @ CliError::Timeout { .. }) => Err(CapError::Timeout(e.to_string())),
            Err(e) => Err(CapError::Failed(e.to_string())),
        })
    }
}
