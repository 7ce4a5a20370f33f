//! Reading and writing an agent's workspace files (SOUL.md, IDENTITY.md, …). Only OpenClaw's
//! own file names are accepted, nothing may resolve outside the workspace (no `..`, no absolute
//! names, no symlink), and a write is atomic and keeps the previous version in Buddy's data dir
//! (not in the workspace, which is a git repository OpenClaw manages).

use std::path::{Path, PathBuf};

use buddy_rules::workspace::WORKSPACE_FILES;

/// Why a workspace file operation failed.
#[derive(Debug, thiserror::Error)]
pub enum WorkspaceError {
    #[error("name: {0:?} is not a workspace file (allowed: {list})", list = WORKSPACE_FILES.join(", "))]
    BadName(String),
    #[error("{0} does not exist")]
    NotFound(String),
    #[error("{0} is a symbolic link; refusing to follow it out of the workspace")]
    Symlink(String),
    #[error("content: larger than {max} bytes", max = MAX_FILE_BYTES)]
    TooLarge,
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Largest workspace file Buddy reads or writes.
pub const MAX_FILE_BYTES: usize = 512 * 1024;

/// The file's path, after checking the name and that neither it nor the workspace is a link
/// that leads elsewhere.
pub fn resolve(workspace: &Path, name: &str) -> Result<PathBuf, WorkspaceError> {
    if !WORKSPACE_FILES.contains(&name) {
        return Err(WorkspaceError::BadName(name.to_string()));
    }
    let path = workspace.join(name);
    if let Ok(meta) = std::fs::symlink_metadata(&path)
        && meta.file_type().is_symlink()
    {
        return Err(WorkspaceError::Symlink(name.to_string()));
    }
    Ok(path)
}

/// Reads a workspace file.
pub async fn read(workspace: &Path, name: &str) -> Result<String, WorkspaceError> {
    let path = resolve(workspace, name)?;
    match tokio::fs::read(&path).await {
        Ok(bytes) if bytes.len() > MAX_FILE_BYTES => Err(WorkspaceError::TooLarge),
        Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(WorkspaceError::NotFound(name.to_string())),
        Err(source) => Err(WorkspaceError::Io { path: path.display().to_string(), source }),
    }
}

/// Writes a workspace file atomically, first copying the previous version to
/// `<backup_root>/<agent>/<name>.<timestamp>`.
pub async fn write(
    workspace: &Path,
    agent: &str,
    name: &str,
    content: &str,
    backup_root: &Path,
) -> Result<(), WorkspaceError> {
    if content.len() > MAX_FILE_BYTES {
        return Err(WorkspaceError::TooLarge);
    }
    let path = resolve(workspace, name)?;
    let (workspace, backup_dir) = (workspace.to_path_buf(), backup_root.join(agent));
    let (name, content) = (name.to_string(), content.to_string());
    tokio::task::spawn_blocking(move || {
        let io = |p: &Path| {
            let p = p.display().to_string();
            move |source| WorkspaceError::Io { path: p, source }
        };
        std::fs::create_dir_all(&workspace).map_err(io(&workspace))?;
        if let Ok(previous) = std::fs::read(&path) {
            std::fs::create_dir_all(&backup_dir).map_err(io(&backup_dir))?;
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
            let target = backup_dir.join(format!("{name}.{stamp}"));
            std::fs::write(&target, previous).map_err(io(&target))?;
        }
        crate::config_store::atomic_write(&path, content.as_bytes()).map_err(|e| WorkspaceError::Io {
            path: path.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })
    })
    .await
    .map_err(|e| WorkspaceError::Io { path: String::new(), source: std::io::Error::other(e.to_string()) })?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn writes_atomically_keeps_a_backup_and_refuses_escapes() {
        let dir = tempfile::tempdir().expect("tempdir");
        let ws = dir.path().join("ws");
        let backups = dir.path().join("backups");
        write(&ws, "a", "SOUL.md", "one", &backups).await.expect("first");
        write(&ws, "a", "SOUL.md", "two", &backups).await.expect("second");
        assert_eq!(read(&ws, "SOUL.md").await.expect("read"), "two");
        let kept: Vec<_> = std::fs::read_dir(backups.join("a")).expect("ls").collect();
        assert_eq!(kept.len(), 1);
        for bad in ["../SOUL.md", "/etc/passwd", "notes.txt", "SOUL.md/../x"] {
            assert!(matches!(read(&ws, bad).await, Err(WorkspaceError::BadName(_))), "{bad}");
        }
        std::os::unix::fs::symlink("/etc/hostname", ws.join("USER.md")).expect("symlink");
        assert!(matches!(read(&ws, "USER.md").await, Err(WorkspaceError::Symlink(_))));
        assert!(matches!(write(&ws, "a", "USER.md", "x", &backups).await, Err(WorkspaceError::Symlink(_))));
    }
}
