//! Reads and writes files in an agent's workspace (SOUL.md, IDENTITY.md, ...).
//!
//! Grant: `workspace_files = ["SOUL.md", "IDENTITY.md"]`, the file names the module may read
//! and write in any agent's workspace. The host finds the workspace from `openclaw.json`,
//! keeps the previous version as a backup and writes atomically; an unknown agent is a
//! [`CapError::NotFound`].

use crate::CapError;
use crate::bindings::openclaw::buddy::workspace_files;

/// The content of `name` in the workspace of agent `agent_id`.
pub fn read(agent_id: &str, name: &str) -> Result<String, CapError> {
    Ok(workspace_files::read(agent_id, name)?)
}

/// Replaces `name` in the workspace of agent `agent_id` with `content`.
pub fn write(agent_id: &str, name: &str, content: &str) -> Result<(), CapError> {
    Ok(workspace_files::write(agent_id, name, content)?)
}
