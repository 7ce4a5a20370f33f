//! `openclaw-config`: reads and edits openclaw.json under the module's granted pointers, through
//! the same store as native handlers (validation, backup, atomic write, conflict refusal).

use serde_json::Value;

use super::super::bindings::v0_1_0::openclaw::buddy::openclaw_config::Host;
use super::super::ctx::ModuleCtx;
use super::super::grants::config::{Access, any_allows, validate_pointer};
use super::{CapError, HostTimer, denied};
use crate::openclaw::config_store::StoreError;
use crate::openclaw::json_pointer;

/// Largest value a module may write in one call.
const MAX_VALUE_BYTES: usize = 256 * 1024;

impl ModuleCtx {
    fn check_pointer(&self, pointer: &str, access: Access) -> Result<(), CapError> {
        validate_pointer(pointer).map_err(|e| CapError::Invalid(format!("pointer {pointer:?}: {e}")))?;
        if any_allows(&self.module.grants.config, pointer, access) {
            Ok(())
        } else {
            let verb = if access == Access::Read { "read" } else { "write" };
            Err(denied(self, "openclaw-config", &format!("{verb} {pointer}")))
        }
    }

    async fn edit(&mut self, change: impl FnOnce(&mut Value) -> Result<(), String>) -> Result<(), CapError> {
        let app = self.app.clone();
        let timer = HostTimer::start();
        let result = app.config_store.update(|doc| change(doc).map_err(CapError::Invalid)).await;
        if result.is_ok() {
            app.config_changed().await;
        }
        timer.stop(self);
        result
    }
}

impl From<StoreError> for CapError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Invalid(_) => CapError::Invalid(e.to_string()),
            StoreError::Missing { .. } => CapError::NotFound(e.to_string()),
            _ => CapError::Failed(e.to_string()),
        }
    }
}

impl Host for ModuleCtx {
    async fn get(&mut self, pointer: String) -> wasmtime::Result<Result<Option<String>, CapError>> {
        if let Err(e) = self.check_pointer(&pointer, Access::Read) {
            return Ok(Err(e));
        }
        Ok(match self.app.snapshot.get().await {
            Ok(snap) => Ok(json_pointer::get(&snap.config, &pointer).map(Value::to_string)),
            Err(e) => Err(CapError::from(e)),
        })
    }

    async fn set(&mut self, pointer: String, value_json: String) -> wasmtime::Result<Result<(), CapError>> {
        if let Err(e) = self.check_pointer(&pointer, Access::Write) {
            return Ok(Err(e));
        }
        if value_json.len() > MAX_VALUE_BYTES {
            return Ok(Err(CapError::Invalid(format!("value: larger than {MAX_VALUE_BYTES} bytes"))));
        }
        let value: Value = match serde_json::from_str(&value_json) {
            Ok(v) => v,
            Err(e) => return Ok(Err(CapError::Invalid(format!("value: not JSON: {e}")))),
        };
        tracing::info!(module = self.name(), %pointer, "module edits openclaw.json");
        Ok(self.edit(move |doc| json_pointer::set(doc, &pointer, value)).await)
    }

    async fn remove(&mut self, pointer: String) -> wasmtime::Result<Result<(), CapError>> {
        if let Err(e) = self.check_pointer(&pointer, Access::Write) {
            return Ok(Err(e));
        }
        tracing::info!(module = self.name(), %pointer, "module removes from openclaw.json");
        Ok(self
            .edit(move |doc| {
                json_pointer::remove(doc, &pointer);
                Ok(())
            })
            .await)
    }

    async fn state_dir(&mut self) -> wasmtime::Result<Result<String, CapError>> {
        if self.module.grants.config.is_empty() {
            return Ok(Err(denied(self, "openclaw-config", "the state directory")));
        }
        Ok(Ok(self.app.paths.state_dir.display().to_string()))
    }
}
