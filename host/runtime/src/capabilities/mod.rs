//! The runtime's side of every capability interface, one per file, independent of WIT
//! versions (each version folder's bindings call these). Each call checks the module's grant
//! first and answers a missing grant with [`CapError::Denied`] — a value the module can handle,
//! never a trap — then lets the host do the work. Time spent in the host is not the module's
//! CPU time (only epoch ticks of running module code are), but it counts towards the call's
//! wall-clock limit.

mod cli;
mod config;
mod events;
mod http;
mod kv;
mod log;
mod workspace;

use std::future::Future;
use std::sync::Arc;

use crate::ctx::ModuleCtx;
use crate::services::HostServices;
use crate::types::CapError;

/// The denial every capability gives for a missing grant.
pub(crate) fn denied(ctx: &ModuleCtx, capability: &str, what: &str) -> CapError {
    tracing::warn!(module = ctx.name(), capability, what, "capability denied");
    CapError::Denied(format!("module {:?} has no {capability} grant for {what}", ctx.name()))
}

impl ModuleCtx {
    /// Runs `work` in the host, with the services and the module's name handed over.
    pub(crate) async fn in_host<T, F: Future<Output = T>>(
        &mut self,
        work: impl FnOnce(Arc<dyn HostServices>, String) -> F,
    ) -> T {
        let (services, name) = (self.services.clone(), self.name().to_string());
        work(services, name).await
    }
}
