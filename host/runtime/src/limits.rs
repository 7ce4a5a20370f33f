//! `[limits]` of a manifest: what one call of the module may use, each with a default and a cap
//! the host enforces, and the host's own caps on the calls it makes outside a request.
//!
//! Why both a CPU and a wall-clock limit: the CPU budget counts only the module's own code (a
//! CLI run of twenty seconds inside a call is not the module's fault), so a module that sleeps
//! or waits would never hit it; the wall-clock limit ends any call, whatever it waits for.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Largest memory limit a manifest may ask for.
pub const MAX_MEMORY_MB: u32 = 512;
/// Largest CPU budget per call a manifest may ask for.
pub const MAX_CPU_MS: u64 = 600_000;
/// Largest wall-clock limit per call a manifest may ask for (a plugin install through npm can
/// take minutes).
pub const MAX_WALL_MS: u64 = 900_000;
/// Largest reply a manifest may allow itself.
pub const MAX_REPLY_KB: u32 = 16 * 1024;
/// Largest concurrency a manifest may ask for; the host may cap it lower
/// (`modules.max_concurrency`).
pub const MAX_CONCURRENCY: u32 = 128;

/// Wall-clock limit of the calls made while loading (`describe()`, a channel's `info()`):
/// they only describe the module, and must never hold up loading.
pub const LOAD_CALL_WALL: Duration = Duration::from_secs(10);
/// Wall-clock cap of the calls the host makes outside a request — a channel's status, login
/// command and login reading, an analyzer's diff and report — whatever the manifest asks:
/// listings and heals wait for them.
pub const HOOK_WALL_CAP: Duration = Duration::from_secs(30);

/// Resource limits of one call.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Linear memory cap of one instance, MiB; also what one call reserves of the host's
    /// memory budget.
    pub memory_mb: u32,
    /// Time the module's own code may run per call, ms (host calls and sleeping not counted).
    pub cpu_ms: u64,
    /// Time one call may take in all, ms, host calls and sleeping included.
    pub wall_ms: u64,
    /// Calls of this module that may run at once; more are refused with 503.
    pub concurrency: u32,
    /// Largest reply (message and data together), KiB.
    pub reply_kb: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Self { memory_mb: 64, cpu_ms: 5_000, wall_ms: 30_000, concurrency: 8, reply_kb: 1024 }
    }
}

impl Limits {
    /// Every limit outside its range, as problems.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(1..=MAX_MEMORY_MB).contains(&self.memory_mb) {
            out.push(format!("limits.memory_mb must be 1..={MAX_MEMORY_MB}"));
        }
        if !(1..=MAX_CPU_MS).contains(&self.cpu_ms) {
            out.push(format!("limits.cpu_ms must be 1..={MAX_CPU_MS}"));
        }
        if !(1..=MAX_WALL_MS).contains(&self.wall_ms) {
            out.push(format!("limits.wall_ms must be 1..={MAX_WALL_MS}"));
        }
        if !(1..=MAX_CONCURRENCY).contains(&self.concurrency) {
            out.push(format!("limits.concurrency must be 1..={MAX_CONCURRENCY}"));
        }
        if !(1..=MAX_REPLY_KB).contains(&self.reply_kb) {
            out.push(format!("limits.reply_kb must be 1..={MAX_REPLY_KB}"));
        }
        out
    }

    /// The wall-clock limit of one call.
    pub fn wall(&self) -> Duration {
        Duration::from_millis(self.wall_ms)
    }

    /// The largest reply, in bytes.
    pub fn reply_bytes(&self) -> usize {
        self.reply_kb as usize * 1024
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_within_their_caps_and_out_of_range_values_are_named() {
        assert!(Limits::default().problems().is_empty());
        let bad = Limits { memory_mb: 0, cpu_ms: 0, wall_ms: MAX_WALL_MS + 1, concurrency: 0, reply_kb: 0 };
        let problems = bad.problems();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems.iter().any(|p| p.contains("wall_ms")), "{problems:?}");
    }
}
