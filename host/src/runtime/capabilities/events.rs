//! `events`: a module's own entries in the audit log, tagged `module:<name>`.

use super::super::bindings::v0_1_0::openclaw::buddy::events::{Event, Host};
use super::super::ctx::ModuleCtx;
use super::{CapError, HostTimer, denied};
use crate::db::system_events::{self, NewEvent};

const MAX_FIELD: usize = 2048;

fn clip(s: String) -> String {
    s.chars().take(MAX_FIELD).collect()
}

/// `ok`/`success`/`succeeded` → 200, an HTTP status stays, anything else → 500.
fn status_code(status: &str) -> u16 {
    match status.parse::<u16>() {
        Ok(s) if (100..600).contains(&s) => s,
        _ if matches!(status, "ok" | "success" | "succeeded") => 200,
        _ => 500,
    }
}

impl Host for ModuleCtx {
    async fn emit(&mut self, event: Event) -> wasmtime::Result<Result<(), CapError>> {
        if !self.module.grants.events {
            return Ok(Err(denied(self, "events", &format!("event {:?}", event.action))));
        }
        let row = NewEvent {
            ts_ms: crate::time::now_ms(),
            user: format!("module:{}", self.name()),
            action: clip(format!("module:{} {}", self.name(), event.action)),
            target: clip(event.target),
            status: status_code(&event.status),
            duration_ms: 0,
            detail: clip(event.detail),
        };
        let db = self.app.db.clone();
        let timer = HostTimer::start();
        let result = db.call(move |conn| system_events::insert(conn, &row)).await;
        timer.stop(self);
        Ok(result.map_err(|e| CapError::Failed(e.to_string())))
    }
}
