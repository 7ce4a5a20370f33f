//! Reading and writing an agent's workspace files (SOUL.md, IDENTITY.md, …). Only OpenClaw's
//! own file names are accepted, nothing may resolve outside the workspace (no `..`, no absolute
//! names, no symlink), and a write is atomic and keeps the previous version in Buddy's data dir
//! (not in the workspace, which is a git repository OpenClaw manages).
//!
//! Only regular files are read: a file is opened with `O_NOFOLLOW | O_NONBLOCK` (a FIFO or a
//! device opens at once instead of blocking a thread forever), checked with `fstat` on the open
//! descriptor (so it cannot be swapped after the check), refused by its size before any byte is
//! read (a 3 GB sparse file costs nothing), and read at most one byte past the limit. Backups are
//! written `0600` and only the newest [`BACKUPS_KEPT`] per file are kept.

use std::io::Read;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
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
    #[error("name: {0} is larger than {max} bytes; Buddy does not read it", max = MAX_FILE_BYTES)]
    FileTooLarge(String),
    #[error("name: {0} is not a regular file (a FIFO, a device or a directory); refusing to open it")]
    NotRegular(String),
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Largest workspace file Buddy reads or writes.
pub const MAX_FILE_BYTES: usize = 512 * 1024;

/// Backups kept per workspace file; older ones are deleted.
pub const BACKUPS_KEPT: usize = 10;

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

/// Opens `path` for reading if it is a regular file of at most [`MAX_FILE_BYTES`] and reads it;
/// `Ok(None)` when it does not exist. Blocking: call it off the async runtime.
fn read_regular(path: &Path, name: &str) -> Result<Option<Vec<u8>>, WorkspaceError> {
    let io = |source| WorkspaceError::Io { path: path.display().to_string(), source };
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Err(WorkspaceError::Symlink(name.to_string())),
        Err(e) => return Err(io(e)),
    };
    let meta = file.metadata().map_err(io)?;
    if !meta.file_type().is_file() {
        return Err(WorkspaceError::NotRegular(name.to_string()));
    }
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(WorkspaceError::FileTooLarge(name.to_string()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(WorkspaceError::FileTooLarge(name.to_string()));
    }
    Ok(Some(bytes))
}

/// Reads a workspace file.
pub async fn read(workspace: &Path, name: &str) -> Result<String, WorkspaceError> {
    let path = resolve(workspace, name)?;
    let name = name.to_string();
    let bytes = tokio::task::spawn_blocking(move || read_regular(&path, &name).map(|b| (b, name)))
        .await
        .map_err(|e| WorkspaceError::Io { path: String::new(), source: std::io::Error::other(e.to_string()) })??;
    match bytes {
        (Some(bytes), _) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
        (None, name) => Err(WorkspaceError::NotFound(name)),
    }
}

/// Keeps the newest [`BACKUPS_KEPT`] backups of `name` in `dir` (their names sort by time).
fn prune_backups(dir: &Path, name: &str) {
    let prefix = format!("{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut kept: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_str().is_some_and(|n| n.starts_with(&prefix)))
        .map(|e| e.path())
        .collect();
    kept.sort();
    let excess = kept.len().saturating_sub(BACKUPS_KEPT);
    for old in &kept[..excess] {
        if let Err(e) = std::fs::remove_file(old) {
            tracing::warn!(path = %old.display(), error = %e, "cannot delete an old workspace backup");
        }
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
        if let Some(previous) = read_regular(&path, &name)? {
            std::fs::create_dir_all(&backup_dir).map_err(io(&backup_dir))?;
            let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
            let create = |target: &Path| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                    .open(target)
            };
            // Two writes within a millisecond get distinct backups.
            let mut target = backup_dir.join(format!("{name}.{stamp}"));
            let mut n = 0;
            let mut file = loop {
                match create(&target) {
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => {
                        n += 1;
                        target = backup_dir.join(format!("{name}.{stamp}-{n:02}"));
                    }
                    other => break other.map_err(io(&target))?,
                }
            };
            let copied = std::io::Write::write_all(&mut file, &previous)
                .and_then(|()| file.set_permissions(std::fs::Permissions::from_mode(0o600)));
            if let Err(e) = copied {
                // A partial copy (a full disk) is no backup: it goes, and the file stays as it was.
                let _ = std::fs::remove_file(&target);
                return Err(io(&target)(e));
            }
            prune_backups(&backup_dir, &name);
        }
        crate::config_store::atomic_write(&path, content.as_bytes()).map_err(|e| match e {
            crate::config_store::StoreError::Io { path, source } => {
                WorkspaceError::Io { path: path.display().to_string(), source }
            }
            other => WorkspaceError::Io {
                path: path.display().to_string(),
                source: std::io::Error::other(other.to_string()),
            },
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

    #[tokio::test]
    async fn backups_are_private_and_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (ws, backups) = (dir.path().join("ws"), dir.path().join("backups"));
        for i in 0..BACKUPS_KEPT + 5 {
            write(&ws, "a", "SOUL.md", &format!("v{i}"), &backups).await.expect("write");
        }
        let kept: Vec<_> = std::fs::read_dir(backups.join("a")).expect("ls").map(|e| e.expect("entry")).collect();
        assert_eq!(kept.len(), BACKUPS_KEPT);
        for e in kept {
            assert_eq!(e.metadata().expect("meta").permissions().mode() & 0o777, 0o600, "{:?}", e.path());
        }
    }
}
