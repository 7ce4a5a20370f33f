//! What a module reaches while `module check` describes it: nothing. No OpenClaw, no database,
//! no decisions — describing must not need them, and a check must not change anything.

use std::path::PathBuf;
use std::time::Duration;

use buddy_runtime::services::HostServices;
use buddy_runtime::trust::{Approval, Decision, TrustStore};
use buddy_runtime::types::{CapError, CliOutput, ModuleEvent};
use serde_json::Value;

/// Every capability refused with the same reason.
pub struct OfflineServices;

fn offline() -> CapError {
    CapError::Denied("not available while the module is being checked offline".into())
}

#[async_trait::async_trait]
impl HostServices for OfflineServices {
    async fn cli_run(&self, _: &str, _: Vec<String>, _: Option<Duration>) -> Result<CliOutput, CapError> {
        Err(offline())
    }
    async fn config_get(&self, _: &str) -> Result<Option<Value>, CapError> {
        Err(offline())
    }
    async fn config_set(&self, _: &str, _: &str, _: Option<Value>) -> Result<(), CapError> {
        Err(offline())
    }
    fn state_dir(&self) -> PathBuf {
        PathBuf::new()
    }
    async fn workspace_read(&self, _: &str, _: &str) -> Result<String, CapError> {
        Err(offline())
    }
    async fn workspace_write(&self, _: &str, _: &str, _: &str, _: &str) -> Result<(), CapError> {
        Err(offline())
    }
    async fn kv_get(&self, _: &str, _: &str) -> Result<Option<Vec<u8>>, CapError> {
        Err(offline())
    }
    async fn kv_set(&self, _: &str, _: &str, _: Vec<u8>, _: usize) -> Result<(), CapError> {
        Err(offline())
    }
    async fn kv_delete(&self, _: &str, _: &str) -> Result<(), CapError> {
        Err(offline())
    }
    async fn kv_list(&self, _: &str, _: &str) -> Result<Vec<String>, CapError> {
        Err(offline())
    }
    async fn emit_event(&self, _: &str, _: ModuleEvent) -> Result<(), CapError> {
        Err(offline())
    }
}

/// No operator has decided anything; nothing can be recorded.
pub struct NoDecisions;

#[async_trait::async_trait]
impl TrustStore for NoDecisions {
    async fn decision(&self, _: &str) -> Result<Decision, String> {
        Ok(Decision::default())
    }
    async fn approve(&self, _: &str, _: &Approval) -> Result<(), String> {
        Err("a check approves nothing".into())
    }
    async fn set_disabled(&self, _: &str, _: Option<&str>) -> Result<(), String> {
        Err("a check disables nothing".into())
    }
    async fn forget(&self, _: &str) -> Result<(), String> {
        Err("a check forgets nothing".into())
    }
}
