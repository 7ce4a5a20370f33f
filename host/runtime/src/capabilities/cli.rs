//! `openclaw-cli`: runs `openclaw <args>` when the args match one of the module's granted argv
//! patterns; the host runs it (argv only, its timeout and output caps).

use std::time::Duration;

use super::denied;
use crate::ctx::ModuleCtx;
use crate::grants::cli::any_allows;
use crate::types::{CapError, CliOutput};

impl ModuleCtx {
    /// The `run` call.
    pub async fn cli_run(&mut self, args: Vec<String>, timeout_ms: Option<u32>) -> Result<CliOutput, CapError> {
        if !any_allows(&self.module.grants.cli, &args) {
            return Err(denied(self, "openclaw-cli", &format!("`openclaw {}`", args.join(" "))));
        }
        let command = args.first().cloned().unwrap_or_default();
        let timeout = timeout_ms.map(|ms| Duration::from_millis(u64::from(ms)));
        let result = self.in_host(|host, module| async move { host.cli_run(&module, args, timeout).await }).await;
        tracing::info!(module = self.name(), %command, ok = result.is_ok(), "module ran the openclaw CLI");
        result
    }
}
