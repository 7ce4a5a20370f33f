//! The files OpenClaw keeps in an agent's workspace: the only names Buddy reads or writes there
//! for an operator (E16/E17), and the only names a module's `workspace_files` grant may list.

/// OpenClaw's workspace file names.
pub const WORKSPACE_FILES: &[&str] =
    &["AGENTS.md", "BOOTSTRAP.md", "HEARTBEAT.md", "IDENTITY.md", "MEMORY.md", "SOUL.md", "TOOLS.md", "USER.md"];

/// Whether `name` is one of [`WORKSPACE_FILES`].
pub fn is_workspace_file(name: &str) -> bool {
    WORKSPACE_FILES.contains(&name)
}
