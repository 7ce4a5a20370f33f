//! `workspace-files` grants: which agent workspace files a module may read and write. Only
//! OpenClaw's own workspace file names can be granted.

use serde::Serialize;

use buddy_rules::workspace::WORKSPACE_FILES;

/// The granted file names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WorkspaceGrant {
    pub names: Vec<String>,
}

impl WorkspaceGrant {
    /// Validates the names from a manifest.
    pub fn parse(names: &[String]) -> Result<Self, Vec<String>> {
        let bad: Vec<String> = names
            .iter()
            .filter(|n| !WORKSPACE_FILES.contains(&n.as_str()))
            .map(|n| format!("workspace_files {n:?} is not one of {}", WORKSPACE_FILES.join(", ")))
            .collect();
        if bad.is_empty() { Ok(Self { names: names.to_vec() }) } else { Err(bad) }
    }

    /// Whether the module may touch `name`.
    pub fn allows(&self, name: &str) -> bool {
        self.names.iter().any(|n| n == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let g = WorkspaceGrant::parse(&["SOUL.md".into(), "IDENTITY.md".into()]).expect("valid");
        assert!(g.allows("SOUL.md") && g.allows("IDENTITY.md"));
        assert!(!g.allows("AGENTS.md") && !g.allows("../SOUL.md"));
        assert!(WorkspaceGrant::parse(&["../../etc/passwd".into(), "notes.txt".into()]).unwrap_err().len() == 2);
    }
}
