//! [`HostServices`]: what lies outside the sandbox and only the host can reach — OpenClaw's
//! CLI, its config file and agents' workspaces, and Buddy's own database.
//!
//! The runtime checks grants and limits; the host does the work. Keeping the work behind a
//! trait the server implements means this crate knows neither OpenClaw's adapter nor the
//! database, and tests can stand in for either.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::Value;

use crate::types::{CapError, CliOutput, ModuleEvent};

/// The host's side of every capability. `module` names the calling module (for kv namespaces,
/// audit rows and logs); grants have been checked before any method is called.
#[async_trait::async_trait]
pub trait HostServices: Send + Sync + 'static {
    /// Runs `openclaw <args>` (argv only); commands that rewrite openclaw.json must run under
    /// the host's config writer lock.
    async fn cli_run(&self, module: &str, args: Vec<String>, timeout: Option<Duration>) -> Result<CliOutput, CapError>;

    /// The value of openclaw.json at `pointer`, if any.
    async fn config_get(&self, pointer: &str) -> Result<Option<Value>, CapError>;

    /// Sets (`Some`) or removes (`None`) the value at `pointer`, through the host's validated,
    /// backed-up, atomic config writes.
    async fn config_set(&self, module: &str, pointer: &str, value: Option<Value>) -> Result<(), CapError>;

    /// OpenClaw's state directory.
    fn state_dir(&self) -> PathBuf;

    /// An agent's workspace file (`name` is one of OpenClaw's workspace file names).
    async fn workspace_read(&self, agent: &str, name: &str) -> Result<String, CapError>;

    /// Writes an agent's workspace file atomically, keeping the previous version.
    async fn workspace_write(&self, module: &str, agent: &str, name: &str, content: &str) -> Result<(), CapError>;

    /// A value of the module's key-value namespace.
    async fn kv_get(&self, module: &str, key: &str) -> Result<Option<Vec<u8>>, CapError>;

    /// Stores a value; the host may refuse a namespace that holds `max_keys` keys already.
    async fn kv_set(&self, module: &str, key: &str, value: Vec<u8>, max_keys: usize) -> Result<(), CapError>;

    /// Removes a key.
    async fn kv_delete(&self, module: &str, key: &str) -> Result<(), CapError>;

    /// The module's keys starting with `prefix`, sorted.
    async fn kv_list(&self, module: &str, prefix: &str) -> Result<Vec<String>, CapError>;

    /// Records an audit event on the module's behalf.
    async fn emit_event(&self, module: &str, event: ModuleEvent) -> Result<(), CapError>;
}
