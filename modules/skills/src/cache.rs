//! A short-lived cache of skill lists in the module's kv store, one key per agent.
//!
//! Every request runs in a fresh instance, so kv is the only memory between calls. The cache
//! is an optimisation: a kv failure is logged and the caller asks OpenClaw instead.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use buddy_sdk::{CapError, Value, kv, log};
use serde::{Deserialize, Serialize};

/// Key prefix of every cached list.
pub const PREFIX: &str = "skills:";
/// How long a cached list is served.
const TTL: Duration = Duration::from_secs(60);

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry {
    stored_at_ms: u64,
    data: Value,
}

/// The cached reply for `agent`, if fresher than the TTL.
pub fn get(agent: &str) -> Option<Value> {
    let entry = match kv::get_json::<Entry>(&key(agent)) {
        Ok(entry) => entry?,
        Err(e) => {
            log::warn(format!("skills cache read failed: {e}"));
            return None;
        }
    };
    let age = now_ms().checked_sub(entry.stored_at_ms)?;
    (u128::from(age) < TTL.as_millis()).then_some(entry.data)
}

/// Caches `data` for `agent`.
pub fn put(agent: &str, data: &Value) {
    let entry = Entry { stored_at_ms: now_ms(), data: data.clone() };
    if let Err(e) = kv::set_json(&key(agent), &entry) {
        log::warn(format!("skills cache write failed: {e}"));
    }
}

/// Deletes every cached list; returns how many there were.
pub fn clear() -> Result<usize, CapError> {
    let keys = kv::list_keys(PREFIX)?;
    for key in &keys {
        kv::delete(key)?;
    }
    Ok(keys.len())
}

fn key(agent: &str) -> String {
    format!("{PREFIX}{agent}")
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}
