//! `events`: audit rows written on the module's behalf, tagged `module:<name>` as user and in
//! the action, so operators can filter them (E09).

use super::denied;
use crate::ctx::ModuleCtx;
use crate::types::{CapError, ModuleEvent};

/// Longest field kept.
const MAX_FIELD: usize = 2048;

fn clip(s: String) -> String {
    s.chars().take(MAX_FIELD).collect()
}

impl ModuleCtx {
    /// The `emit` call.
    pub async fn events_emit(&mut self, event: ModuleEvent) -> Result<(), CapError> {
        if !self.module.grants.events {
            return Err(denied(self, "events", &format!("event {:?}", event.action)));
        }
        let event = ModuleEvent {
            action: clip(event.action),
            target: clip(event.target),
            status: clip(event.status),
            detail: clip(event.detail),
        };
        self.in_host(|host, module| async move { host.emit_event(&module, event).await }).await
    }
}
