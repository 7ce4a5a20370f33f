//! `workspace-files`: an agent's SOUL.md, IDENTITY.md, … limited to the granted names.

use std::path::PathBuf;

use super::super::bindings::v0_1_0::openclaw::buddy::workspace_files::Host;
use super::super::ctx::ModuleCtx;
use super::{CapError, HostTimer, denied};
use crate::api::validate::is_id;
use crate::openclaw::bots_models::agent_workspace;
use crate::openclaw::workspace_files::{self, WorkspaceError};

impl ModuleCtx {
    async fn workspace_of(&mut self, agent: &str, name: &str) -> Result<PathBuf, CapError> {
        if !self.module.grants.workspace_files.allows(name) {
            return Err(denied(self, "workspace-files", name));
        }
        if !is_id(agent) {
            return Err(CapError::Invalid(format!("agent-id {agent:?} is not a valid id")));
        }
        let snap = self.app.snapshot.get().await.map_err(CapError::from)?;
        if snap.config.pointer(&format!("/agents/entries/{agent}")).is_none() {
            return Err(CapError::NotFound(format!("agent {agent:?} does not exist")));
        }
        Ok(PathBuf::from(agent_workspace(&snap.config, &self.app.paths, agent)))
    }
}

fn cap_error(e: WorkspaceError) -> CapError {
    match e {
        WorkspaceError::NotFound(_) => CapError::NotFound(e.to_string()),
        WorkspaceError::BadName(_) | WorkspaceError::Symlink(_) | WorkspaceError::TooLarge => {
            CapError::Invalid(e.to_string())
        }
        WorkspaceError::Io { .. } => CapError::Failed(e.to_string()),
    }
}

impl Host for ModuleCtx {
    async fn read(&mut self, agent_id: String, name: String) -> wasmtime::Result<Result<String, CapError>> {
        let ws = match self.workspace_of(&agent_id, &name).await {
            Ok(ws) => ws,
            Err(e) => return Ok(Err(e)),
        };
        let timer = HostTimer::start();
        let result = workspace_files::read(&ws, &name).await.map_err(cap_error);
        timer.stop(self);
        Ok(result)
    }

    async fn write(
        &mut self,
        agent_id: String,
        name: String,
        content: String,
    ) -> wasmtime::Result<Result<(), CapError>> {
        let ws = match self.workspace_of(&agent_id, &name).await {
            Ok(ws) => ws,
            Err(e) => return Ok(Err(e)),
        };
        let backups = self.app.config.data_dir.join("workspace-backups");
        let timer = HostTimer::start();
        let result = workspace_files::write(&ws, &agent_id, &name, &content, &backups).await.map_err(cap_error);
        timer.stop(self);
        tracing::info!(module = self.name(), agent = %agent_id, file = %name, ok = result.is_ok(), "module wrote a workspace file");
        Ok(result)
    }
}
