//! `log`: structured log records tagged with the module's name. Always granted; long messages
//! are cut.

use crate::ctx::ModuleCtx;
use crate::types::LogLevel;

/// Longest message kept, in characters.
const MAX_LEN: usize = 4096;

impl ModuleCtx {
    /// The `log` call.
    pub fn log(&self, level: LogLevel, message: &str) {
        let message: String = message.chars().take(MAX_LEN).collect();
        let module = self.name();
        match level {
            LogLevel::Trace => tracing::trace!(module, "{message}"),
            LogLevel::Debug => tracing::debug!(module, "{message}"),
            LogLevel::Info => tracing::info!(module, "{message}"),
            LogLevel::Warn => tracing::warn!(module, "{message}"),
            LogLevel::Error => tracing::error!(module, "{message}"),
        }
    }
}
