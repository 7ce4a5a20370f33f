//! The module's private key-value store, kept in Buddy's database.
//!
//! Grant: `kv = true`. Each module sees only its own keys. Since every request runs in a
//! fresh instance, this is the place for state that must outlive a call (counters, caches).
//!
//! ```no_run
//! # fn demo() -> Result<(), buddy_sdk::CapError> {
//! use buddy_sdk::kv;
//! let count: u64 = kv::get_json("count")?.unwrap_or(0);
//! kv::set_json("count", &(count + 1))?;
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::CapError;
use crate::bindings::openclaw::buddy::kv as wit_kv;

/// The value stored under `key`, or `None`.
pub fn get(key: &str) -> Result<Option<Vec<u8>>, CapError> {
    Ok(wit_kv::get(key)?)
}

/// Stores `value` under `key`, replacing any previous value.
pub fn set(key: &str, value: &[u8]) -> Result<(), CapError> {
    Ok(wit_kv::set(key, value)?)
}

/// Deletes `key`; deleting an absent key is not an error.
pub fn delete(key: &str) -> Result<(), CapError> {
    Ok(wit_kv::delete(key)?)
}

/// Every key starting with `prefix` (`""` lists them all).
pub fn list_keys(prefix: &str) -> Result<Vec<String>, CapError> {
    Ok(wit_kv::list_keys(prefix)?)
}

/// The JSON value stored under `key`, or `None`. A stored value that does not deserialise
/// into `T` is a [`CapError::Invalid`].
pub fn get_json<T: DeserializeOwned>(key: &str) -> Result<Option<T>, CapError> {
    let Some(bytes) = get(key)? else {
        return Ok(None);
    };
    serde_json::from_slice(&bytes)
        .map(Some)
        .map_err(|e| CapError::Invalid(format!("value under key {key:?} is not the expected JSON: {e}")))
}

/// Stores `value` as JSON under `key`.
pub fn set_json<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<(), CapError> {
    let bytes =
        serde_json::to_vec(value).map_err(|e| CapError::Invalid(format!("value for key {key:?} is not JSON: {e}")))?;
    set(key, &bytes)
}
