//! `log`: structured logs tagged with the module's name. Always granted.

use super::super::bindings::v0_1_0::openclaw::buddy::log::{Host, Level};
use super::super::ctx::ModuleCtx;

/// Longest message kept.
const MAX_LEN: usize = 4096;

impl Host for ModuleCtx {
    async fn log(&mut self, level: Level, message: String) -> wasmtime::Result<()> {
        let message: String = message.chars().take(MAX_LEN).collect();
        let module = self.name();
        match level {
            Level::Trace => tracing::trace!(module, "{message}"),
            Level::Debug => tracing::debug!(module, "{message}"),
            Level::Info => tracing::info!(module, "{message}"),
            Level::Warn => tracing::warn!(module, "{message}"),
            Level::Error => tracing::error!(module, "{message}"),
        }
        Ok(())
    }
}
