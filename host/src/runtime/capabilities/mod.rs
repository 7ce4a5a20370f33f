//! The host side of every capability interface, one per file. Each call checks the module's
//! grant first and answers a missing grant with `cap-error::denied` — a value the module can
//! handle, never a trap. Time spent in a capability is excluded from the module's CPU budget.

mod cli;
mod config;
mod events;
mod http;
mod kv;
mod log;
mod workspace;

use std::time::Instant;

use super::bindings::v0_1_0::openclaw::buddy::{http_types, types};
use super::ctx::ModuleCtx;

pub use types::CapError;

/// The denial every capability gives for a missing grant.
pub fn denied(ctx: &ModuleCtx, capability: &str, what: &str) -> CapError {
    tracing::warn!(module = ctx.name(), capability, what, "capability denied");
    CapError::Denied(format!("module {:?} has no {capability} grant for {what}", ctx.name()))
}

/// Measures a host call so it does not count against the CPU budget.
pub struct HostTimer(Instant);

impl HostTimer {
    pub fn start() -> Self {
        Self(Instant::now())
    }

    pub fn stop(self, ctx: &mut ModuleCtx) {
        ctx.host_time += self.0.elapsed();
    }
}

impl types::Host for ModuleCtx {}
impl http_types::Host for ModuleCtx {}
