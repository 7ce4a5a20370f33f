//! Reads and edits OpenClaw's `openclaw.json` by JSON pointer (RFC 6901).
//!
//! Grant: `config = [{ pointer = "/skills/entries", access = "read" | "write" }]`. A pointer
//! grants itself and everything below it (`/skills/entries` covers
//! `/skills/entries/github/enabled`, not `/skills/load`); `write` implies `read`. The host
//! validates every write, backs up the file, writes it atomically, refuses a write that would
//! lose an edit made on disk meanwhile (a [`CapError::Failed`]) and audits the change.
//!
//! Build pointers with [`pointer()`], which escapes `/` and `~` inside a segment:
//!
//! ```no_run
//! # fn demo() -> Result<(), buddy_sdk::CapError> {
//! use buddy_sdk::config;
//! let enabled = config::pointer(&["skills", "entries", "github", "enabled"]);
//! let was: Option<bool> = config::get(&enabled)?;
//! config::set(&enabled, &false)?;
//! # Ok(()) }
//! ```

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::CapError;
use crate::bindings::openclaw::buddy::openclaw_config;

/// The value at `pointer`, or `None` when it is absent.
///
/// A value that exists but does not deserialise into `T` is a [`CapError::Invalid`] naming
/// the pointer; ask for [`Value`](crate::Value) to take whatever is there.
pub fn get<T: DeserializeOwned>(pointer: &str) -> Result<Option<T>, CapError> {
    let Some(text) = openclaw_config::get(pointer)? else {
        return Ok(None);
    };
    serde_json::from_str(&text).map(Some).map_err(|e| CapError::Invalid(format!("unexpected value at {pointer}: {e}")))
}

/// Sets the value at `pointer`, creating parent objects as needed.
pub fn set<T: Serialize + ?Sized>(pointer: &str, value: &T) -> Result<(), CapError> {
    let json =
        serde_json::to_string(value).map_err(|e| CapError::Invalid(format!("value for {pointer} is not JSON: {e}")))?;
    Ok(openclaw_config::set(pointer, &json)?)
}

/// Removes the value at `pointer`; removing an absent value is not an error.
pub fn remove(pointer: &str) -> Result<(), CapError> {
    Ok(openclaw_config::remove(pointer)?)
}

/// OpenClaw's state directory on the host (e.g. `/home/u/.openclaw`), for naming paths that
/// OpenClaw itself will use, such as a new agent's workspace.
///
/// It is a *host* path: it is not visible inside the sandbox unless a `files` grant mounts it.
/// Needs any `config` grant.
pub fn state_dir() -> Result<String, CapError> {
    Ok(openclaw_config::state_dir()?)
}

/// Joins segments into a JSON pointer, escaping `~` as `~0` and `/` as `~1`.
///
/// `pointer(&["agents", "entries", "a/b"])` is `/agents/entries/a~1b`.
pub fn pointer<S: AsRef<str>>(segments: &[S]) -> String {
    segments.iter().fold(String::new(), |mut out, segment| {
        out.push('/');
        out.push_str(&segment.as_ref().replace('~', "~0").replace('/', "~1"));
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_escapes_segments() {
        assert_eq!(pointer(&["agents", "entries", "main"]), "/agents/entries/main");
        assert_eq!(pointer(&["a/b", "c~d"]), "/a~1b/c~0d");
        assert_eq!(pointer::<&str>(&[]), "");
    }
}
