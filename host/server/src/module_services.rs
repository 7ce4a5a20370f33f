//! The host's side of the module capabilities ([`HostServices`]): the runtime has checked the
//! module's grants; this does the work through the OpenClaw adapter and Buddy's database, the
//! same paths native handlers take (config writes validated, backed up and serialized; CLI runs
//! that rewrite openclaw.json under the writer lock).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use buddy_openclaw::OpenClaw;
use buddy_openclaw::cli::{CliError, rewrites_config};
use buddy_openclaw::config_store::StoreError;
use buddy_openclaw::json_pointer;
use buddy_openclaw::workspace_files::{self, WorkspaceError};
use buddy_runtime::HostServices;
use buddy_runtime::types::{CapError, CliOutput, ModuleEvent};
use serde_json::Value;

use crate::db::system_events::{self, NewEvent};
use crate::db::{Db, DbError, module_kv};

/// What modules reach through their capabilities.
pub struct ModuleServices {
    openclaw: Arc<OpenClaw>,
    db: Db,
    workspace_backups: PathBuf,
}

impl ModuleServices {
    /// Services over one OpenClaw install and Buddy's database; workspace backups go under
    /// `data_dir`.
    pub fn new(openclaw: Arc<OpenClaw>, db: Db, data_dir: &Path) -> Self {
        Self { openclaw, db, workspace_backups: data_dir.join("workspace-backups") }
    }

    async fn workspace_of(&self, agent: &str) -> Result<PathBuf, CapError> {
        let snap = self.openclaw.snapshot.get().await.map_err(store_error)?;
        if snap.config.pointer(&format!("/agents/entries/{agent}")).is_none() {
            return Err(CapError::NotFound(format!("agent {agent:?} does not exist")));
        }
        Ok(PathBuf::from(buddy_openclaw::bots_models::agent_workspace(&snap.config, &self.openclaw.paths, agent)))
    }
}

fn store_error(e: StoreError) -> CapError {
    match e {
        StoreError::Invalid(_) => CapError::Invalid(e.to_string()),
        StoreError::Missing { .. } => CapError::NotFound(e.to_string()),
        _ => CapError::Failed(e.to_string()),
    }
}

/// A module's config edit refused by the module's own input or by the store.
struct EditError(CapError);

impl From<StoreError> for EditError {
    fn from(e: StoreError) -> Self {
        Self(store_error(e))
    }
}

fn db_error(e: DbError) -> CapError {
    CapError::Failed(e.to_string())
}

fn workspace_error(e: WorkspaceError) -> CapError {
    match e {
        WorkspaceError::NotFound(_) => CapError::NotFound(e.to_string()),
        WorkspaceError::BadName(_)
        | WorkspaceError::Symlink(_)
        | WorkspaceError::TooLarge
        | WorkspaceError::FileTooLarge(_)
        | WorkspaceError::NotRegular(_) => CapError::Invalid(e.to_string()),
        WorkspaceError::Io { .. } => CapError::Failed(e.to_string()),
    }
}

/// An audit row's status code from a module's word for it.
fn status_code(status: &str) -> u16 {
    match status.parse::<u16>() {
        Ok(s) if (100..600).contains(&s) => s,
        _ if matches!(status, "ok" | "success" | "succeeded") => 200,
        _ => 500,
    }
}

#[async_trait::async_trait]
impl HostServices for ModuleServices {
    async fn cli_run(
        &self,
        _module: &str,
        args: Vec<String>,
        timeout: Option<Duration>,
    ) -> Result<CliOutput, CapError> {
        let (cli, store) = (&self.openclaw.cli, &self.openclaw.config_store);
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let result = if rewrites_config(&argv) {
            store.external_write(cli.run(&argv, timeout)).await
        } else {
            cli.run(&argv, timeout).await
        };
        match result {
            Ok(out) => Ok(CliOutput { status: out.status, stdout: out.stdout, stderr: out.stderr }),
            Err(e @ CliError::Timeout { .. }) => Err(CapError::Timeout(e.to_string())),
            Err(e) => Err(CapError::Failed(e.to_string())),
        }
    }

    async fn config_get(&self, pointer: &str) -> Result<Option<Value>, CapError> {
        let snap = self.openclaw.snapshot.get().await.map_err(store_error)?;
        Ok(json_pointer::get(&snap.config, pointer).cloned())
    }

    async fn config_set(&self, _module: &str, pointer: &str, value: Option<Value>) -> Result<(), CapError> {
        let pointer = pointer.to_string();
        self.openclaw
            .config_store
            .update(move |doc| match value {
                Some(value) => json_pointer::set(doc, &pointer, value).map_err(|e| EditError(CapError::Invalid(e))),
                None => {
                    json_pointer::remove(doc, &pointer);
                    Ok(())
                }
            })
            .await
            .map_err(|e| e.0)
    }

    fn state_dir(&self) -> PathBuf {
        self.openclaw.paths.state_dir.clone()
    }

    async fn workspace_read(&self, agent: &str, name: &str) -> Result<String, CapError> {
        let ws = self.workspace_of(agent).await?;
        workspace_files::read(&ws, name).await.map_err(workspace_error)
    }

    async fn workspace_write(&self, _module: &str, agent: &str, name: &str, content: &str) -> Result<(), CapError> {
        let ws = self.workspace_of(agent).await?;
        workspace_files::write(&ws, agent, name, content, &self.workspace_backups).await.map_err(workspace_error)
    }

    async fn kv_get(&self, module: &str, key: &str) -> Result<Option<Vec<u8>>, CapError> {
        let (module, key) = (module.to_string(), key.to_string());
        self.db.call(move |c| module_kv::get(c, &module, &key)).await.map_err(db_error)
    }

    async fn kv_set(&self, module: &str, key: &str, value: Vec<u8>, max_keys: usize) -> Result<(), CapError> {
        let (module, key) = (module.to_string(), key.to_string());
        let stored =
            self.db.call(move |c| module_kv::set(c, &module, &key, &value, max_keys)).await.map_err(db_error)?;
        if stored { Ok(()) } else { Err(CapError::Failed(format!("the module already stores {max_keys} keys"))) }
    }

    async fn kv_delete(&self, module: &str, key: &str) -> Result<(), CapError> {
        let (module, key) = (module.to_string(), key.to_string());
        self.db.call(move |c| module_kv::delete(c, &module, &key)).await.map_err(db_error)
    }

    async fn kv_list(&self, module: &str, prefix: &str) -> Result<Vec<String>, CapError> {
        let (module, prefix) = (module.to_string(), prefix.to_string());
        self.db.call(move |c| module_kv::list(c, &module, &prefix)).await.map_err(db_error)
    }

    async fn emit_event(&self, module: &str, event: ModuleEvent) -> Result<(), CapError> {
        let row = NewEvent {
            ts_ms: buddy_openclaw::time::now_ms(),
            user: format!("module:{module}"),
            action: format!("module:{module} {}", event.action),
            // A module granted a secret still cannot write it into the audit log.
            target: self.openclaw.redact(&event.target),
            status: status_code(&event.status),
            duration_ms: 0,
            detail: self.openclaw.redact(&event.detail),
        };
        self.db.call(move |conn| system_events::insert(conn, &row)).await.map_err(db_error)
    }
}
