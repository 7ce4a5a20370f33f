//! `openclaw-config`: reads and edits openclaw.json under the module's granted pointers; the
//! host's config store does validation, backup, atomic write and conflict refusal.

use serde_json::Value;

use super::denied;
use crate::ctx::ModuleCtx;
use crate::grants::config::{Access, any_allows, validate_pointer};
use crate::types::CapError;

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

    /// The `get` call: the JSON text at `pointer`, if any.
    pub async fn config_get(&mut self, pointer: String) -> Result<Option<String>, CapError> {
        self.check_pointer(&pointer, Access::Read)?;
        let value = self.in_host(|host, _| async move { host.config_get(&pointer).await }).await?;
        Ok(value.map(|v| v.to_string()))
    }

    /// The `set` call.
    pub async fn config_set(&mut self, pointer: String, value_json: String) -> Result<(), CapError> {
        self.check_pointer(&pointer, Access::Write)?;
        if value_json.len() > MAX_VALUE_BYTES {
            return Err(CapError::Invalid(format!("value: larger than {MAX_VALUE_BYTES} bytes")));
        }
        let value: Value =
            serde_json::from_str(&value_json).map_err(|e| CapError::Invalid(format!("value: not JSON: {e}")))?;
        tracing::info!(module = self.name(), %pointer, "module edits openclaw.json");
        self.in_host(|host, module| async move { host.config_set(&module, &pointer, Some(value)).await }).await
    }

    /// The `remove` call.
    pub async fn config_remove(&mut self, pointer: String) -> Result<(), CapError> {
        self.check_pointer(&pointer, Access::Write)?;
        tracing::info!(module = self.name(), %pointer, "module removes from openclaw.json");
        self.in_host(|host, module| async move { host.config_set(&module, &pointer, None).await }).await
    }

    /// The `state-dir` call (any config grant allows it).
    pub fn config_state_dir(&self) -> Result<String, CapError> {
        if self.module.grants.config.is_empty() {
            return Err(denied(self, "openclaw-config", "the state directory"));
        }
        Ok(self.services.state_dir().display().to_string())
    }
}
