//! Cached CLI reads (`plugins list --json`, `sessions --json`, ...): concurrent readers of the
//! same command share one run (single-flight), results live for a TTL, and Buddy's own
//! mutations invalidate the commands they affect by prefix.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::OnceCell;

use super::cli::{CliError, CliRunner};

type Cell = Arc<OnceCell<(Instant, Value)>>;

/// The cache.
#[derive(Default)]
pub struct CliCache {
    entries: Mutex<HashMap<Vec<String>, Cell>>,
}

impl CliCache {
    /// The JSON of `openclaw <args>`, from the cache when younger than `ttl`.
    pub async fn json(&self, cli: &CliRunner, args: &[&str], ttl: Duration) -> Result<Value, CliError> {
        let key: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let cell = {
            let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
            let stale = entries.get(&key).is_some_and(|c| c.get().is_some_and(|(at, _)| at.elapsed() >= ttl));
            if stale {
                entries.remove(&key);
            }
            entries.entry(key).or_default().clone()
        };
        let (_, value) =
            cell.get_or_try_init(|| async { Ok((Instant::now(), cli.run_json(args, None).await?)) }).await?;
        Ok(value.clone())
    }

    /// Forgets every cached command starting with `prefix` (all of them for an empty prefix).
    pub fn invalidate(&self, prefix: &[&str]) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.retain(|k, _| !(k.len() >= prefix.len() && k.iter().zip(prefix).all(|(a, b)| a == b)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[tokio::test]
    async fn concurrent_readers_share_one_run_and_invalidation_forces_a_new_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let counter = dir.path().join("runs");
        let bin = dir.path().join("fake");
        std::fs::write(
            &bin,
            format!("#!/bin/sh\necho x >> {}\nsleep 0.2\necho '{{\"ok\":true}}'\n", counter.display()),
        )
        .expect("script");
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let cli = CliRunner::new(bin, Vec::new(), Duration::from_secs(10));
        let cache = CliCache::default();
        let ttl = Duration::from_secs(60);
        let (a, b, c) = tokio::join!(
            cache.json(&cli, &["plugins", "list"], ttl),
            cache.json(&cli, &["plugins", "list"], ttl),
            cache.json(&cli, &["plugins", "list"], ttl)
        );
        assert!(a.is_ok() && b.is_ok() && c.is_ok());
        let runs = || std::fs::read_to_string(&counter).expect("counter").lines().count();
        assert_eq!(runs(), 1, "one CLI run for three readers");
        cache.invalidate(&["plugins"]);
        cache.json(&cli, &["plugins", "list"], ttl).await.expect("again");
        assert_eq!(runs(), 2);
        cache.json(&cli, &["plugins", "list"], Duration::ZERO).await.expect("ttl 0");
        assert_eq!(runs(), 3, "an expired entry is re-read");
    }
}
