//! openclaw.json, read and written safely.
//!
//! Reads accept JSON5 (OpenClaw does). A write takes the one writer lock, re-reads the file,
//! refuses to go on if it changed since the caller read it (an edit on disk is never lost),
//! checks OpenClaw's rules, backs the current file up, writes a temp file in the same
//! directory, fsyncs it, renames it over the original and fsyncs the directory.
//!
//! Every write Buddy makes (edits, restores) is counted for `/metrics` by outcome.
//!
//! Whoever must follow the file's content (the CLI's list of secrets to mask, caches built from
//! it) subscribes once; every write the store makes or serializes notifies the subscribers, so
//! no call site has to remember to.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::config_rules::{self, Issue};
use super::openclaw_backups;

/// Why a read or write of openclaw.json failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("OpenClaw config not found at {path}")]
    Missing { path: PathBuf },
    #[error("OpenClaw config at {path} is not valid JSON5: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("openclaw.json changed on disk since it was read; re-read and retry")]
    Conflict { path: PathBuf },
    #[error("the change would make openclaw.json invalid: {}", describe(.0))]
    Invalid(Vec<Issue>),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl StoreError {
    /// The file system it wrote to is full (or the owner's quota is used up). A write that
    /// fails so has changed nothing: the temp file is removed and the original kept.
    pub fn is_storage_full(&self) -> bool {
        matches!(self, Self::Io { source, .. } if is_storage_full(source))
    }
}

/// Whether an I/O error means "no space left on device" (or "disk quota exceeded").
pub fn is_storage_full(error: &std::io::Error) -> bool {
    matches!(error.kind(), std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded)
}

fn describe(issues: &[Issue]) -> String {
    issues.iter().map(|i| format!("{}: {}", i.path, i.message)).collect::<Vec<_>>().join("; ")
}

/// The parsed file and the fingerprint of the exact bytes it came from.
#[derive(Debug, Clone)]
pub struct ConfigDoc {
    pub value: Value,
    pub fingerprint: String,
}

/// One backup file.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BackupInfo {
    pub name: String,
    /// Who made it: `buddy` (Buddy's backup directory) or `openclaw` (OpenClaw's own copies
    /// beside openclaw.json: `.bak`, `.bak.N`, `.last-good`, `.pre-update`).
    pub source: &'static str,
    /// RFC 3339 time the backup was taken (its file's modification time).
    pub time: String,
    pub size: u64,
    /// Whether it passes OpenClaw's rules as Buddy checks them.
    pub valid: bool,
}

/// Called with the new document after each change to openclaw.json.
type Subscriber = Box<dyn Fn(&Value) + Send + Sync>;

/// The store of one openclaw.json.
pub struct ConfigStore {
    path: PathBuf,
    backup_dir: PathBuf,
    keep: usize,
    writer: tokio::sync::Mutex<()>,
    generation: Arc<AtomicU64>,
    subscribers: std::sync::RwLock<Vec<Subscriber>>,
}

impl std::fmt::Debug for ConfigStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ConfigStore").field("path", &self.path).field("backup_dir", &self.backup_dir).finish()
    }
}

impl ConfigStore {
    /// A store for `path`, keeping up to `keep` backups in `backup_dir`.
    pub fn new(path: PathBuf, backup_dir: PathBuf, keep: usize) -> Self {
        Self {
            path,
            backup_dir,
            keep: keep.max(1),
            writer: Default::default(),
            generation: Default::default(),
            subscribers: Default::default(),
        }
    }

    /// Removes the temp files a Buddy killed in the middle of a write left beside openclaw.json
    /// and in the backup directory (an [`atomic_write`] whose process is gone never renames
    /// them): they hold a whole or a partial copy of the config, secrets included.
    pub fn clear_stale_temp_files(&self) {
        let config_dir = self.path.parent().unwrap_or(Path::new("."));
        for dir in [config_dir, self.backup_dir.as_path()] {
            let Ok(entries) = std::fs::read_dir(dir) else { continue };
            for entry in entries.flatten() {
                let name = entry.file_name();
                let Some(pid) = name.to_str().and_then(stale_temp_pid) else { continue };
                if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }

    /// Calls `subscriber` with the new document after every change the store makes or
    /// serializes (its own writes, outside writers run through [`Self::external_write`], and
    /// restores).
    pub fn subscribe(&self, subscriber: impl Fn(&Value) + Send + Sync + 'static) {
        self.subscribers.write().unwrap_or_else(|p| p.into_inner()).push(Box::new(subscriber));
    }

    fn changed(&self, value: &Value) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        for subscriber in self.subscribers.read().unwrap_or_else(|p| p.into_inner()).iter() {
            subscriber(value);
        }
    }

    /// After a change made by someone else: re-reads the file for the subscribers.
    async fn changed_on_disk(&self) {
        match self.read().await {
            Ok(doc) => self.changed(&doc.value),
            // Unreadable now: caches still see the generation move and re-read later.
            Err(_) => {
                self.generation.fetch_add(1, Ordering::SeqCst);
            }
        }
    }

    /// Path of openclaw.json.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Counter bumped after every write Buddy makes (caches compare against it).
    pub fn generation(&self) -> Arc<AtomicU64> {
        self.generation.clone()
    }

    /// Reads and parses the file.
    pub async fn read(&self) -> Result<ConfigDoc, StoreError> {
        let bytes = match tokio::fs::read(&self.path).await {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::Missing { path: self.path.clone() });
            }
            Err(source) => {
                return Err(StoreError::Io { path: self.path.clone(), source });
            }
        };
        parse(&self.path, &bytes)
    }

    /// Replaces the file with `value` if it still has the `expected` fingerprint.
    pub async fn write(&self, expected: &str, value: &Value) -> Result<String, StoreError> {
        let _writer = self.writer.lock().await;
        let result = match self.read().await {
            Ok(current) if current.fingerprint != expected => Err(StoreError::Conflict { path: self.path.clone() }),
            Ok(current) => self.commit(&current, value).await,
            Err(e) => Err(e),
        };
        count_write(result.as_ref().map(drop));
        result
    }

    /// Read-modify-write under the writer lock: `change` edits the parsed document; nothing is
    /// written when it returns an error or leaves the document unchanged.
    pub async fn update<T, E>(&self, change: impl FnOnce(&mut Value) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let _writer = self.writer.lock().await;
        let current = self.read().await.inspect_err(|e| count_write(Err(e)))?;
        let mut next = current.value.clone();
        let result = change(&mut next)?;
        if next != current.value {
            let written = self.commit(&current, &next).await;
            count_write(written.as_ref().map(drop));
            written?;
        }
        Ok(result)
    }

    /// Runs `work` — an outside writer of openclaw.json, such as an OpenClaw CLI command that
    /// edits it — under the writer lock, so its read-modify-write never interleaves with one of
    /// Buddy's (either could otherwise lose the other's edit). Caches see the change afterwards.
    pub async fn external_write<F: std::future::Future>(&self, work: F) -> F::Output {
        let _writer = self.writer.lock().await;
        let out = work.await;
        self.changed_on_disk().await;
        out
    }

    async fn commit(&self, current: &ConfigDoc, next: &Value) -> Result<String, StoreError> {
        let issues = config_rules::check(next, Some(&current.value));
        if !issues.is_empty() {
            return Err(StoreError::Invalid(issues));
        }
        let mut text = serde_json::to_string_pretty(next)
            .map_err(|e| StoreError::Parse { path: self.path.clone(), message: e.to_string() })?;
        text.push('\n');
        let (path, backup_dir, keep) = (self.path.clone(), self.backup_dir.clone(), self.keep);
        let expected = current.fingerprint.clone();
        let fingerprint = tokio::task::spawn_blocking(move || {
            // Last look right before the rename: an editor may have saved in the meantime.
            let on_disk = std::fs::read(&path).map_err(|source| StoreError::Io { path: path.clone(), source })?;
            if fingerprint_of(&on_disk) != expected {
                return Err(StoreError::Conflict { path: path.clone() });
            }
            // Only a config that passes OpenClaw's rules is worth restoring later.
            if parse(&path, &on_disk).is_ok_and(|d| config_rules::check(&d.value, None).is_empty()) {
                backup(&backup_dir, &on_disk, keep)?;
            }
            atomic_write(&path, text.as_bytes())?;
            Ok(fingerprint_of(text.as_bytes()))
        })
        .await
        .map_err(|e| StoreError::Io { path: self.path.clone(), source: std::io::Error::other(e.to_string()) })??;
        self.changed(next);
        Ok(fingerprint)
    }

    /// Backups, Buddy's and OpenClaw's, newest first.
    pub async fn backups(&self) -> Result<Vec<BackupInfo>, StoreError> {
        let (dir, config) = (self.backup_dir.clone(), self.path.clone());
        tokio::task::spawn_blocking(move || list_backups(&dir, &config))
            .await
            .map_err(|e| StoreError::Io { path: PathBuf::new(), source: std::io::Error::other(e.to_string()) })?
    }

    /// Directory holding the backups.
    pub fn backup_dir(&self) -> &Path {
        &self.backup_dir
    }

    /// Backs up the current file (deduplicated by content), for a config OpenClaw's own
    /// validator has just accepted. Returns the file's fingerprint.
    pub async fn backup_current(&self) -> Result<String, StoreError> {
        let _writer = self.writer.lock().await;
        let (path, dir, keep) = (self.path.clone(), self.backup_dir.clone(), self.keep);
        tokio::task::spawn_blocking(move || {
            let bytes = std::fs::read(&path).map_err(io_err(&path))?;
            backup(&dir, &bytes, keep)?;
            Ok(fingerprint_of(&bytes))
        })
        .await
        .map_err(|e| StoreError::Io { path: self.path.clone(), source: std::io::Error::other(e.to_string()) })?
    }

    /// Where the backup called `name` is: Buddy's in its backup directory, OpenClaw's beside
    /// openclaw.json. `None` for any other name (no path can leave those two places).
    pub fn backup_path(&self, name: &str) -> Option<PathBuf> {
        if is_backup_name(name) {
            return Some(self.backup_dir.join(name));
        }
        let config_name = self.path.file_name()?.to_str()?;
        let dir = self.path.parent()?;
        openclaw_backups::is_openclaw_backup_name(name, config_name).then(|| dir.join(name))
    }

    /// The bytes of one backup, by name (see [`Self::backup_path`]).
    pub async fn backup_bytes(&self, name: &str) -> Result<Vec<u8>, StoreError> {
        let Some(path) = self.backup_path(name) else {
            return Err(StoreError::Missing { path: PathBuf::from(name) });
        };
        tokio::fs::read(&path).await.map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => StoreError::Missing { path },
            _ => StoreError::Io { path: path.clone(), source: e },
        })
    }

    /// Replaces openclaw.json with `bytes` (a backup being restored), after moving the current
    /// file aside into `aside_dir`. Returns the name the current file was kept under.
    pub async fn restore(&self, bytes: Vec<u8>, aside_dir: &Path) -> Result<Option<String>, StoreError> {
        let _writer = self.writer.lock().await;
        let restored = self.restore_locked(bytes, aside_dir).await;
        count_write(restored.as_ref().map(drop));
        let kept = restored?;
        self.changed_on_disk().await;
        Ok(kept)
    }

    async fn restore_locked(&self, bytes: Vec<u8>, aside_dir: &Path) -> Result<Option<String>, StoreError> {
        let (path, aside_dir) = (self.path.clone(), aside_dir.to_path_buf());
        let kept = tokio::task::spawn_blocking(move || {
            let kept = match std::fs::read(&path) {
                Ok(current) => {
                    std::fs::create_dir_all(&aside_dir).map_err(io_err(&aside_dir))?;
                    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
                    let name = format!("openclaw-broken-{stamp}.json");
                    atomic_write(&aside_dir.join(&name), &current)?;
                    Some(name)
                }
                Err(_) => None,
            };
            atomic_write(&path, &bytes)?;
            Ok::<_, StoreError>(kept)
        })
        .await
        .map_err(|e| StoreError::Io { path: self.path.clone(), source: std::io::Error::other(e.to_string()) })??;
        Ok(kept)
    }
}

/// Parses file bytes (JSON5) into a document.
pub fn parse(path: &Path, bytes: &[u8]) -> Result<ConfigDoc, StoreError> {
    let text =
        std::str::from_utf8(bytes).map_err(|e| StoreError::Parse { path: path.to_owned(), message: e.to_string() })?;
    // Plain JSON is the common case and serde_json is much faster than json5.
    let value = serde_json::from_str(text).or_else(|_| {
        json5::from_str::<Value>(text).map_err(|e| StoreError::Parse { path: path.to_owned(), message: e.to_string() })
    })?;
    Ok(ConfigDoc { value, fingerprint: fingerprint_of(bytes) })
}

/// SHA-256 of the bytes, hex.
pub fn fingerprint_of(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn io_err(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io { path: path.to_owned(), source }
}

/// The pid in the name of an [`atomic_write`] temp file (`.<name>.buddy-<pid>-<ms>.tmp`).
fn stale_temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(".buddy-")?;
    let (pid, ms) = tail.split_once('-')?;
    ms.bytes().all(|b| b.is_ascii_digit()).then_some(())?;
    pid.parse().ok()
}

/// Writes `bytes` to `path` through a synced temp file and a rename, keeping the file's mode.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let mode = std::fs::metadata(path).map(|m| m.permissions().mode() & 0o777).unwrap_or(0o600);
    let tmp = dir.join(format!(".{name}.buddy-{}-{}.tmp", std::process::id(), crate::time::now_ms()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp).map_err(io_err(&tmp))?;
        file.set_permissions(std::fs::Permissions::from_mode(mode)).map_err(io_err(&tmp))?;
        file.write_all(bytes).map_err(io_err(&tmp))?;
        file.sync_all().map_err(io_err(&tmp))?;
        std::fs::rename(&tmp, path).map_err(io_err(path))?;
        // The rename is durable only once the directory entry is on disk.
        std::fs::File::open(dir).and_then(|d| d.sync_all()).map_err(io_err(dir))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Saves `bytes` as a new backup unless an identical one exists; prunes to `keep`.
fn backup(dir: &Path, bytes: &[u8], keep: usize) -> Result<(), StoreError> {
    std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    let hash = &fingerprint_of(bytes)[..12];
    let existing = backup_names(dir)?;
    if !existing.iter().any(|n| n.contains(hash)) {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
        let target = dir.join(format!("openclaw-{stamp}-{hash}.json"));
        atomic_write(&target, bytes)?;
    }
    let mut names = backup_names(dir)?;
    names.sort();
    let excess = names.len().saturating_sub(keep);
    for old in names.iter().take(excess) {
        let _ = std::fs::remove_file(dir.join(old));
    }
    Ok(())
}

/// `openclaw-<stamp>-<hash12>.json`, as [`backup`] names them.
pub fn is_backup_name(name: &str) -> bool {
    name.starts_with("openclaw-")
        && name.ends_with(".json")
        && name.len() < 80
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.'))
        && !name.contains("..")
}

fn backup_names(dir: &Path) -> Result<Vec<String>, StoreError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io { path: dir.to_owned(), source });
        }
    };
    Ok(entries.filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|n| is_backup_name(n)).collect())
}

fn list_backups(dir: &Path, config: &Path) -> Result<Vec<BackupInfo>, StoreError> {
    let own = backup_names(dir)?.into_iter().map(|name| (dir.join(&name), name, "buddy"));
    let config_dir = config.parent().unwrap_or(Path::new("."));
    let openclaw = openclaw_backups::names(config).into_iter().map(|name| (config_dir.join(&name), name, "openclaw"));
    let mut out = Vec::new();
    for (path, name, source) in own.chain(openclaw) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let modified = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
        let time = modified
            .map(|t| chrono::DateTime::<chrono::Utc>::from(t).to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default();
        let valid = parse(&path, &bytes).is_ok_and(|doc| config_rules::check(&doc.value, None).is_empty());
        out.push((modified, BackupInfo { name, source, time, size: bytes.len() as u64, valid }));
    }
    // Newest first; Buddy's names carry their time, so equal times keep Buddy's order.
    out.sort_by(|(ta, a), (tb, b)| tb.cmp(ta).then_with(|| b.name.cmp(&a.name)));
    Ok(out.into_iter().map(|(_, info)| info).collect())
}

/// A write's `outcome` for `/metrics` (one of `metrics::CONFIG_WRITE_OUTCOMES`): written,
/// refused by OpenClaw's rules, refused because the file changed under it, or failed
/// (unreadable file, disk, permissions).
fn write_outcome(result: Result<(), &StoreError>) -> &'static str {
    match result {
        Ok(()) => "ok",
        Err(StoreError::Invalid(_)) => "invalid",
        Err(StoreError::Conflict { .. }) => "conflict",
        Err(StoreError::Missing { .. } | StoreError::Parse { .. } | StoreError::Io { .. }) => "error",
    }
}

/// Counts one write (`Err` also for a file that could not be read to write).
fn count_write(result: Result<(), &StoreError>) {
    crate::metrics::record_config_write(write_outcome(result));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_file_names_give_their_writer_pid() {
        assert_eq!(stale_temp_pid(".openclaw.json.buddy-4242-1767139200000.tmp"), Some(4242));
        assert_eq!(stale_temp_pid(".openclaw-20260101T000000.000Z-abc.json.buddy-7-1.tmp"), Some(7));
        for other in ["openclaw.json", ".openclaw.json.tmp", ".openclaw.json.buddy-x-1.tmp", ".a.buddy-1-2x.tmp"] {
            assert_eq!(stale_temp_pid(other), None, "{other}");
        }
    }

    #[tokio::test]
    async fn a_dead_writers_temp_files_are_cleared_and_a_live_ones_kept() {
        let (dir, store) = store();
        let dead = dir.path().join(".openclaw.json.buddy-999999999-1.tmp");
        let mine = dir.path().join(format!(".openclaw.json.buddy-{}-1.tmp", std::process::id()));
        std::fs::create_dir_all(store.backup_dir()).expect("backups");
        let dead_backup = store.backup_dir().join(".openclaw-x.json.buddy-999999999-1.tmp");
        for f in [&dead, &mine, &dead_backup] {
            std::fs::write(f, "{").expect("temp");
        }
        store.clear_stale_temp_files();
        assert!(!dead.exists() && !dead_backup.exists());
        assert!(mine.exists(), "a write in progress is left alone");
    }

    #[test]
    fn write_outcomes_follow_the_error() {
        let path = PathBuf::from("openclaw.json");
        assert_eq!(write_outcome(Ok(())), "ok");
        assert_eq!(write_outcome(Err(&StoreError::Invalid(Vec::new()))), "invalid");
        assert_eq!(write_outcome(Err(&StoreError::Conflict { path: path.clone() })), "conflict");
        assert_eq!(write_outcome(Err(&StoreError::Missing { path })), "error");
    }
    use serde_json::json;

    fn store() -> (tempfile::TempDir, ConfigStore) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("openclaw.json");
        std::fs::write(&path, "// comment\n{ gateway: { mode: 'local' }, agents: { entries: { main: {} } }, }\n")
            .expect("seed");
        let store = ConfigStore::new(path, dir.path().join("backups"), 3);
        (dir, store)
    }

    #[tokio::test]
    async fn reads_json5_and_writes_atomically_with_backup() {
        let (_dir, store) = store();
        let doc = store.read().await.expect("read");
        assert_eq!(doc.value["gateway"]["mode"], "local");
        store
            .update(|v| {
                v["agents"]["entries"]["main"]["name"] = json!("Main");
                Ok::<_, StoreError>(())
            })
            .await
            .expect("update");
        let after = store.read().await.expect("reread");
        assert_eq!(after.value["agents"]["entries"]["main"]["name"], "Main");
        let backups = store.backups().await.expect("backups");
        assert_eq!(backups.len(), 1);
        let original = std::fs::read_to_string(store.backup_dir().join(&backups[0].name)).expect("backup");
        assert!(original.contains("// comment"), "the backup is the exact previous file");
        let leftovers: Vec<_> = std::fs::read_dir(store.path().parent().expect("dir"))
            .expect("ls")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|n| n.ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[tokio::test]
    async fn subscribers_hear_of_every_change_but_not_of_a_refused_one() {
        let (_dir, store) = store();
        let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = seen.clone();
        store.subscribe(move |doc| sink.lock().expect("lock").push(doc["agents"]["entries"]["main"]["name"].clone()));
        store
            .update(|v| {
                v["agents"]["entries"]["main"]["name"] = json!("One");
                Ok::<_, StoreError>(())
            })
            .await
            .expect("update");
        let _ = store
            .update(|v| {
                v.as_object_mut().map(|o| o.remove("gateway"));
                Ok::<_, StoreError>(())
            })
            .await
            .unwrap_err();
        store
            .external_write(async {
                std::fs::write(
                    store.path(),
                    r#"{"gateway":{"mode":"local"},"agents":{"entries":{"main":{"name":"Two"}}}}"#,
                )
            })
            .await
            .expect("outside write");
        assert_eq!(*seen.lock().expect("lock"), vec![json!("One"), json!("Two")]);
    }

    #[tokio::test]
    async fn refuses_to_overwrite_an_edit_made_on_disk() {
        let (_dir, store) = store();
        let doc = store.read().await.expect("read");
        std::fs::write(store.path(), "{\"gateway\":{\"mode\":\"local\"},\"edited\":true}").expect("user edit");
        let mut next = doc.value.clone();
        next["agents"]["entries"]["x"] = json!({});
        let err = store.write(&doc.fingerprint, &next).await.unwrap_err();
        assert!(matches!(err, StoreError::Conflict { .. }), "{err}");
        assert!(std::fs::read_to_string(store.path()).expect("file").contains("edited"), "the user's edit survives");
    }

    #[tokio::test]
    async fn invalid_change_writes_nothing() {
        let (_dir, store) = store();
        let before = std::fs::read(store.path()).expect("before");
        let err = store
            .update(|v| {
                v.as_object_mut().map(|o| o.remove("gateway"));
                Ok::<_, StoreError>(())
            })
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::Invalid(_)), "{err}");
        assert_eq!(std::fs::read(store.path()).expect("after"), before);
    }

    #[tokio::test]
    async fn concurrent_updates_are_serialized_and_none_is_lost() {
        let (_dir, store) = store();
        let store = Arc::new(store);
        let mut tasks = Vec::new();
        for i in 0..20 {
            let store = store.clone();
            tasks.push(tokio::spawn(async move {
                store
                    .update(|v| {
                        v["extra"][format!("k{i}")] = json!(i);
                        Ok::<_, StoreError>(())
                    })
                    .await
            }));
        }
        for t in tasks {
            t.await.expect("join").expect("update");
        }
        let doc = store.read().await.expect("read");
        assert_eq!(doc.value["extra"].as_object().expect("extra").len(), 20);
        assert!(store.backups().await.expect("backups").len() <= 3, "retention holds");
    }
}
