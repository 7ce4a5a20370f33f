//! `kv`: a per-module key-value namespace in Buddy's database, with bounded keys, values and
//! key counts.

use super::denied;
use crate::ctx::ModuleCtx;
use crate::types::CapError;

/// Longest key, in bytes.
const MAX_KEY: usize = 512;
/// Largest value, in bytes.
const MAX_VALUE: usize = 1024 * 1024;
/// Keys one module may keep.
const MAX_KEYS: usize = 10_000;

fn check_key(key: &str) -> Result<(), CapError> {
    if key.is_empty() || key.len() > MAX_KEY {
        Err(CapError::Invalid(format!("key: must be 1..={MAX_KEY} bytes")))
    } else {
        Ok(())
    }
}

impl ModuleCtx {
    fn kv_allowed(&self, what: &str) -> Result<(), CapError> {
        if self.module.grants.kv { Ok(()) } else { Err(denied(self, "kv", what)) }
    }

    /// The `get` call.
    pub async fn kv_get(&mut self, key: String) -> Result<Option<Vec<u8>>, CapError> {
        self.kv_allowed(&format!("get {key:?}"))?;
        check_key(&key)?;
        self.in_host(|host, module| async move { host.kv_get(&module, &key).await }).await
    }

    /// The `set` call.
    pub async fn kv_set(&mut self, key: String, value: Vec<u8>) -> Result<(), CapError> {
        self.kv_allowed(&format!("set {key:?}"))?;
        check_key(&key)?;
        if value.len() > MAX_VALUE {
            return Err(CapError::Invalid(format!("value: larger than {MAX_VALUE} bytes")));
        }
        self.in_host(|host, module| async move { host.kv_set(&module, &key, value, MAX_KEYS).await }).await
    }

    /// The `delete` call.
    pub async fn kv_delete(&mut self, key: String) -> Result<(), CapError> {
        self.kv_allowed(&format!("delete {key:?}"))?;
        check_key(&key)?;
        self.in_host(|host, module| async move { host.kv_delete(&module, &key).await }).await
    }

    /// The `list-keys` call.
    pub async fn kv_list_keys(&mut self, prefix: String) -> Result<Vec<String>, CapError> {
        self.kv_allowed("list-keys")?;
        self.in_host(|host, module| async move { host.kv_list(&module, &prefix).await }).await
    }
}
