//! An in-memory snapshot of openclaw.json and the E10 view built from it.
//!
//! A read costs a `stat` and an atomic load. The snapshot is rebuilt when Buddy wrote the file
//! (the store's generation moved), when a file-system watch saw the file change, or when the
//! file's identity (inode, size, mtime, ctime) differs from the one the snapshot was built
//! from — the last check catches edits a watch can miss. Concurrent readers of a stale
//! snapshot share one rebuild.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use notify::{RecursiveMode, Watcher};
use serde_json::Value;
use tokio::sync::{Mutex, RwLock};

use super::bots_models::{self, BotsModels};
use super::config_store::{ConfigStore, StoreError};
use super::paths::OpenClawPaths;

/// A parsed config and what is derived from it.
#[derive(Debug)]
pub struct Snapshot {
    pub config: Value,
    pub view: BotsModels,
    /// When the snapshot was built (milliseconds since the epoch).
    pub updated_ms: i64,
    stamp: Option<FileStamp>,
    generation: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    ino: u64,
    len: u64,
    mtime_ns: i128,
    ctime_ns: i128,
}

fn stamp(path: &Path) -> Option<FileStamp> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some(FileStamp {
        ino: m.ino(),
        len: m.len(),
        mtime_ns: i128::from(m.mtime()) * 1_000_000_000 + i128::from(m.mtime_nsec()),
        ctime_ns: i128::from(m.ctime()) * 1_000_000_000 + i128::from(m.ctime_nsec()),
    })
}

/// The cache.
pub struct SnapshotCache {
    store: Arc<ConfigStore>,
    paths: OpenClawPaths,
    current: RwLock<Option<Arc<Snapshot>>>,
    rebuild: Mutex<()>,
    /// Store writes plus watch events.
    watch_generation: Arc<AtomicU64>,
    _watcher: Option<notify::RecommendedWatcher>,
}

impl SnapshotCache {
    /// A cache over `store`; starts a watch on the config's directory when possible.
    pub fn new(store: Arc<ConfigStore>, paths: OpenClawPaths) -> Self {
        let watch_generation = Arc::new(AtomicU64::new(0));
        let watcher = watch(store.path(), watch_generation.clone());
        Self { store, paths, current: RwLock::new(None), rebuild: Mutex::new(()), watch_generation, _watcher: watcher }
    }

    fn generation(&self) -> u64 {
        self.store.generation().load(Ordering::SeqCst) + self.watch_generation.load(Ordering::SeqCst)
    }

    fn is_fresh(&self, snap: &Snapshot) -> bool {
        snap.generation == self.generation() && snap.stamp == stamp(self.store.path())
    }

    /// The current snapshot, rebuilt first if the file changed.
    pub async fn get(&self) -> Result<Arc<Snapshot>, StoreError> {
        if let Some(snap) = self.current.read().await.as_ref()
            && self.is_fresh(snap)
        {
            return Ok(snap.clone());
        }
        self.reload(false).await
    }

    /// Rebuilds from disk (`force` skips the freshness check).
    pub async fn reload(&self, force: bool) -> Result<Arc<Snapshot>, StoreError> {
        let _one_rebuild = self.rebuild.lock().await;
        if !force
            && let Some(snap) = self.current.read().await.as_ref()
            && self.is_fresh(snap)
        {
            return Ok(snap.clone());
        }
        // Read the generation and stamp before the file so a change racing the read makes the
        // next call rebuild again rather than trust a snapshot of older bytes.
        let generation = self.generation();
        let file_stamp = stamp(self.store.path());
        let doc = self.store.read().await?;
        let snap = Arc::new(Snapshot {
            view: bots_models::build(&doc.value, &self.paths),
            config: doc.value,
            updated_ms: crate::time::now_ms(),
            stamp: file_stamp,
            generation,
        });
        *self.current.write().await = Some(snap.clone());
        Ok(snap)
    }

    /// Forgets the snapshot (the next read rebuilds).
    pub async fn invalidate(&self) {
        *self.current.write().await = None;
    }

    /// OpenClaw's paths.
    pub fn paths(&self) -> &OpenClawPaths {
        &self.paths
    }
}

/// Watches the config's directory (a rename-based write replaces the file, so watching the
/// file itself would stop after the first save) and bumps `generation` on any event for it
/// that may change it. Accesses (an open, a read, a close without writing) are not changes:
/// counting them made every rebuild's own read of the file stale the snapshot it built, so
/// each request re-read and re-parsed openclaw.json.
fn watch(config: &Path, generation: Arc<AtomicU64>) -> Option<notify::RecommendedWatcher> {
    let dir = config.parent()?.to_path_buf();
    let name = config.file_name()?.to_owned();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
            && event.paths.iter().any(|p| p.file_name() == Some(name.as_os_str()))
        {
            generation.fetch_add(1, Ordering::SeqCst);
        }
    })
    .ok()?;
    std::fs::create_dir_all(&dir).ok()?;
    match watcher.watch(&dir, RecursiveMode::NonRecursive) {
        Ok(()) => Some(watcher),
        Err(e) => {
            tracing::warn!(error = %e, dir = %dir.display(), "cannot watch the OpenClaw config directory; relying on stat checks");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn cache(dir: &Path) -> SnapshotCache {
        let config = dir.join("openclaw.json");
        std::fs::write(&config, r#"{"agents": {"list": [{"id": "main"}]}}"#).expect("config");
        let store = Arc::new(ConfigStore::new(config.clone(), dir.join("backups"), 3));
        SnapshotCache::new(store, OpenClawPaths { state_dir: dir.to_path_buf(), config_path: config })
    }

    #[tokio::test]
    async fn reading_the_file_does_not_stale_the_snapshot_built_from_it() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = cache(dir.path());
        let first = cache.get().await.expect("snapshot");
        // Give the watch time to deliver the events of the rebuild's own read.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let again = cache.get().await.expect("snapshot");
        assert!(Arc::ptr_eq(&first, &again), "a read of the file is no change to it");
    }

    #[tokio::test]
    async fn an_edit_by_another_program_is_seen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cache = cache(dir.path());
        let first = cache.get().await.expect("snapshot");
        std::fs::write(dir.path().join("openclaw.json"), r#"{"agents": {"list": [{"id": "other"}]}}"#).expect("edit");
        tokio::time::sleep(Duration::from_millis(300)).await;
        let after = cache.get().await.expect("snapshot");
        assert!(!Arc::ptr_eq(&first, &after));
        assert_eq!(after.config["agents"]["list"][0]["id"], "other");
    }
}
