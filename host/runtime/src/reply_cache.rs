//! `[cache]` of a manifest: GET routes whose replies the host keeps and serves again without
//! running the module, and what makes a kept reply stale. A module that serves static or
//! slowly changing data (templates read from a `files` grant) declares it; every call that is
//! not served from the cache still runs in a fresh, isolated instance.
//!
//! A reply is kept per path and query string, only when it succeeded (2xx), and is dropped
//! when the module is reloaded, disabled or deleted (the cache belongs to the loaded module),
//! plus what the manifest's `invalidate` names:
//! - `files`: a file or directory under one of the module's `files` grants changed (inode,
//!   size, mtime or ctime; an entry added or removed). Checked with `stat`s on every hit, so
//!   no edit is missed the way a file-system watch can miss one; a grant holding more than
//!   [`MAX_WATCHED_ENTRIES`] entries makes the route uncached rather than slow.
//! - `writes`: the module handled a request other than GET (it may have changed what its
//!   GET routes read); a GET that ran while such a request ran is not kept.
//!
//! The module promises that a cached route's reply depends on nothing else (not on headers,
//! the OpenClaw config or the clock).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::route_match;
use crate::types::{Reply, Request};

/// Entries a `files` check stats at most per grant before giving up on caching.
pub const MAX_WATCHED_ENTRIES: usize = 1024;
/// Directory depth a `files` check descends to.
const MAX_DEPTH: usize = 8;
/// Distinct path-and-query keys kept per module; more start the cache over.
const MAX_ENTRIES: usize = 64;
/// Bytes of replies kept per module; a reply that would pass it is not kept.
const MAX_BYTES: usize = 4 * 1024 * 1024;
/// Longest route a `[cache]` may name.
const MAX_ROUTE_LEN: usize = 256;

/// What the manifest says.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CacheSpec {
    /// Route paths as the module's `describe()` lists them (below its prefix) whose GET
    /// replies are kept.
    pub routes: Vec<String>,
    /// What makes a kept reply stale besides a reload; may be empty for replies that only a
    /// new version of the module changes.
    pub invalidate: Vec<Invalidation>,
}

/// A source of staleness.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Invalidation {
    /// Files under the module's `files` grants.
    Files,
    /// The module's own non-GET requests.
    Writes,
}

impl CacheSpec {
    /// Every rule the manifest alone can check (the routes are checked against `describe()`
    /// at load, [`Self::unlisted`]).
    pub fn problems(&self, world: &str, has_files_grant: bool) -> Vec<String> {
        let mut out = Vec::new();
        if world != "domain" {
            out.push(format!("cache: the {world} world serves no routes; remove [cache]"));
        }
        if self.routes.is_empty() {
            out.push("cache.routes must name at least one GET route of the module".into());
        }
        for (i, route) in self.routes.iter().enumerate() {
            if !route.starts_with('/') || route.contains(['?', '#', '*']) || route.len() > MAX_ROUTE_LEN {
                out.push(format!(
                    "cache.routes: {route:?} must be a route path such as /experts (no query, at most {MAX_ROUTE_LEN} characters)"
                ));
            } else if self.routes[..i].contains(route) {
                out.push(format!("cache.routes: {route:?} is listed twice"));
            }
        }
        for (i, source) in self.invalidate.iter().enumerate() {
            if self.invalidate[..i].contains(source) {
                out.push(format!("cache.invalidate: {:?} is listed twice", source.name()));
            }
        }
        if self.invalidate.contains(&Invalidation::Files) && !has_files_grant {
            out.push("cache.invalidate: \"files\" needs a files grant to watch".into());
        }
        out
    }

    /// Cached routes that are not among the module's GET routes (`describe()`'s paths).
    pub fn unlisted<'a>(&'a self, get_routes: &[&str]) -> Vec<&'a str> {
        let same = |a: &str, b: &str| a.trim_end_matches('/') == b.trim_end_matches('/');
        self.routes.iter().filter(|r| !get_routes.iter().any(|g| same(g, r))).map(String::as_str).collect()
    }
}

impl Invalidation {
    fn name(self) -> &'static str {
        match self {
            Self::Files => "files",
            Self::Writes => "writes",
        }
    }
}

type Key = (String, Vec<(String, String)>);

struct Entry {
    reply: Reply,
    generation: u64,
    files: Option<u64>,
    bytes: usize,
}

/// What a miss hands to [`ReplyCache::keep`]: the state the reply was computed against,
/// taken before the call so a change during it makes the next request miss.
#[derive(Debug)]
pub(crate) struct Miss {
    generation: u64,
    files: Option<u64>,
}

/// One loaded module's kept replies.
pub(crate) struct ReplyCache {
    spec: CacheSpec,
    /// Host directories of the `files` grants (when `files` invalidates).
    dirs: Vec<PathBuf>,
    /// Moved by every write the spec counts, before and after it runs.
    generation: AtomicU64,
    entries: Mutex<HashMap<Key, Entry>>,
}

impl ReplyCache {
    pub fn new(spec: CacheSpec, grant_dirs: Vec<PathBuf>) -> Self {
        let dirs = if spec.invalidate.contains(&Invalidation::Files) { grant_dirs } else { Vec::new() };
        Self { spec, dirs, generation: AtomicU64::new(0), entries: Mutex::new(HashMap::new()) }
    }

    /// Whether `request` is a GET of a cached route.
    pub fn covers(&self, request: &Request) -> bool {
        request.method == "GET" && self.spec.routes.iter().any(|r| route_match::matches(r, &request.path))
    }

    /// Whether `request` makes kept replies stale (`writes`).
    pub fn is_write(&self, request: &Request) -> bool {
        self.spec.invalidate.contains(&Invalidation::Writes) && !matches!(request.method.as_str(), "GET" | "HEAD")
    }

    /// Drops every kept reply, and any reply being computed now.
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.lock().clear();
    }

    /// The kept reply for a covered request, or what to keep the module's reply with.
    pub fn get(&self, request: &Request) -> Result<Reply, Miss> {
        let generation = self.generation.load(Ordering::SeqCst);
        let files = self.files_stamp();
        let miss = Miss { generation, files };
        if !self.dirs.is_empty() && files.is_none() {
            return Err(miss);
        }
        match self.lock().get(&key(request)) {
            Some(e) if e.generation == generation && e.files == files => Ok(e.reply.clone()),
            _ => Err(miss),
        }
    }

    /// Keeps a successful reply unless something changed since [`Self::get`].
    pub fn keep(&self, request: &Request, miss: Miss, reply: &Reply) {
        if !(200..300).contains(&reply.status) || (!self.dirs.is_empty() && miss.files.is_none()) {
            return;
        }
        let bytes = reply.data_json.as_ref().map_or(0, String::len) + reply.message.as_ref().map_or(0, String::len);
        let mut entries = self.lock();
        if self.generation.load(Ordering::SeqCst) != miss.generation {
            return;
        }
        let key = key(request);
        let held: usize = entries.iter().filter(|(k, _)| **k != key).map(|(_, e)| e.bytes).sum();
        if bytes > MAX_BYTES {
            return;
        }
        if (entries.len() >= MAX_ENTRIES && !entries.contains_key(&key)) || held + bytes > MAX_BYTES {
            entries.clear();
        }
        entries.insert(key, Entry { reply: reply.clone(), generation: miss.generation, files: miss.files, bytes });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Entry>> {
        self.entries.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A fingerprint of every entry under the watched directories; `None` when one holds too
    /// many entries to check on every request.
    fn files_stamp(&self) -> Option<u64> {
        if self.dirs.is_empty() {
            return Some(0);
        }
        let mut sum = 0u64;
        let mut count = 0usize;
        for dir in &self.dirs {
            sum = sum.wrapping_add(entry_hash(dir)?);
            walk(dir, 0, &mut sum, &mut count)?;
        }
        Some(sum ^ count as u64)
    }
}

fn key(request: &Request) -> Key {
    (request.path.clone(), request.query.clone())
}

/// Adds every entry under `dir` to `sum` (order-independent: a sum of per-entry hashes).
fn walk(dir: &Path, depth: usize, sum: &mut u64, count: &mut usize) -> Option<()> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Some(()) };
    for entry in entries {
        let Ok(entry) = entry else { continue };
        *count += 1;
        if *count > MAX_WATCHED_ENTRIES {
            return None;
        }
        let path = entry.path();
        *sum = sum.wrapping_add(entry_hash(&path).unwrap_or(0));
        if depth < MAX_DEPTH && entry.file_type().is_ok_and(|t| t.is_dir()) {
            walk(&path, depth + 1, sum, count)?;
        }
    }
    Some(())
}

/// A hash of a path and its identity; follows symlinks, as the module's reads do.
fn entry_hash(path: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    let mut h = DefaultHasher::new();
    (path, m.ino(), m.len(), m.mtime(), m.mtime_nsec(), m.ctime(), m.ctime_nsec()).hash(&mut h);
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(routes: &[&str], invalidate: Vec<Invalidation>) -> CacheSpec {
        CacheSpec { routes: routes.iter().map(|r| r.to_string()).collect(), invalidate }
    }

    fn get(path: &str, query: &[(&str, &str)]) -> Request {
        Request {
            method: "GET".into(),
            path: path.into(),
            query: query.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn reply(status: u16, data: &str) -> Reply {
        Reply { status, message: None, data_json: Some(data.into()) }
    }

    #[test]
    fn the_manifest_rules_are_reported_together() {
        let bad = spec(&["experts", "/a?b=1", "/x", "/x"], vec![Invalidation::Files, Invalidation::Files]);
        let problems = bad.problems("analyzer-module", false);
        assert_eq!(problems.len(), 6, "{problems:#?}");
        assert!(spec(&[], vec![]).problems("domain", false)[0].contains("at least one"));
        assert!(spec(&["/experts"], vec![Invalidation::Files]).problems("domain", true).is_empty());
        assert_eq!(spec(&["/experts", "/b/"], vec![]).unlisted(&["/experts", "/b"]), Vec::<&str>::new());
        assert_eq!(spec(&["/nope"], vec![]).unlisted(&["/experts"]), vec!["/nope"]);
    }

    #[test]
    fn replies_are_kept_per_path_and_query_until_a_file_changes() {
        let dir = std::env::temp_dir().join(format!("reply-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(dir.join("a.json"), "1").expect("write");
        let cache = ReplyCache::new(spec(&["/experts"], vec![Invalidation::Files]), vec![dir.clone()]);
        let en = get("/experts", &[("lang", "en")]);
        assert!(cache.covers(&en) && !cache.covers(&get("/other", &[])));
        let miss = cache.get(&en).expect_err("empty");
        cache.keep(&en, miss, &reply(200, "[1]"));
        assert_eq!(cache.get(&en).expect("hit").data_json.as_deref(), Some("[1]"));
        assert!(cache.get(&get("/experts", &[("lang", "zh")])).is_err(), "another query is another entry");

        std::fs::write(dir.join("a.json"), "22").expect("rewrite");
        let miss = cache.get(&en).expect_err("the file changed");
        cache.keep(&en, miss, &reply(200, "[22]"));
        assert_eq!(cache.get(&en).expect("hit").data_json.as_deref(), Some("[22]"));
        std::fs::write(dir.join("b.json"), "3").expect("add");
        assert!(cache.get(&en).is_err(), "a new file is a change");

        let miss = cache.get(&en).expect_err("miss");
        cache.keep(&en, miss, &reply(400, "null"));
        assert!(cache.get(&en).is_err(), "failures are never kept");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_write_drops_kept_replies_and_those_computed_meanwhile() {
        let cache = ReplyCache::new(spec(&["/list"], vec![Invalidation::Writes]), Vec::new());
        let list = get("/list", &[]);
        let post = Request { method: "POST".into(), ..get("/add", &[]) };
        assert!(cache.is_write(&post) && !cache.is_write(&list));
        let miss = cache.get(&list).expect_err("empty");
        cache.keep(&list, miss, &reply(200, "[]"));
        assert!(cache.get(&list).is_ok());
        cache.invalidate();
        let during = cache.get(&list).expect_err("dropped");
        cache.invalidate();
        cache.keep(&list, during, &reply(200, "[]"));
        assert!(cache.get(&list).is_err(), "a reply computed across a write is not kept");
    }
}
