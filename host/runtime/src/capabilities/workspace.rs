//! `workspace-files`: an agent's workspace files, only the names the module is granted; the
//! host finds the workspace, refuses what is not a regular file and keeps a backup of each
//! overwritten version.

use super::denied;
use crate::ctx::ModuleCtx;
use crate::types::CapError;

impl ModuleCtx {
    fn check_workspace_call(&self, agent: &str, name: &str) -> Result<(), CapError> {
        if !self.module.grants.workspace_files.allows(name) {
            return Err(denied(self, "workspace-files", name));
        }
        if !buddy_rules::is_id(agent) {
            return Err(CapError::Invalid(format!("agent-id {agent:?} is not a valid id")));
        }
        Ok(())
    }

    /// The `read` call.
    pub async fn workspace_read(&mut self, agent: String, name: String) -> Result<String, CapError> {
        self.check_workspace_call(&agent, &name)?;
        self.in_host(|host, _| async move { host.workspace_read(&agent, &name).await }).await
    }

    /// The `write` call.
    pub async fn workspace_write(&mut self, agent: String, name: String, content: String) -> Result<(), CapError> {
        self.check_workspace_call(&agent, &name)?;
        let (agent_log, name_log) = (agent.clone(), name.clone());
        let result = self
            .in_host(|host, module| async move { host.workspace_write(&module, &agent, &name, &content).await })
            .await;
        tracing::info!(module = self.name(), agent = %agent_log, file = %name_log, ok = result.is_ok(), "module wrote a workspace file");
        result
    }
}
