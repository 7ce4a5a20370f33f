//! Files: plain `std::fs` inside the directories the manifest preopens.
//!
//! Grant: `files = [{ host = "$MODULE_DATA", guest = "/data", mode = "ro" | "rw" }]`. The host
//! mounts each granted host directory at its `guest` path through WASI preopens; nothing else
//! of the host's filesystem exists for the module. Use `std::fs` as usual with the guest path:
//!
//! ```no_run
//! let seed = std::fs::read_to_string("/data/seed.txt");
//! ```
//!
//! Host directories are named by variables the host resolves:
//!
//! | variable | directory |
//! |---|---|
//! | `$MODULE_DATA` | a directory of the module's own under Buddy's data dir |
//! | `$OPENCLAW_STATE` | OpenClaw's state dir (`~/.openclaw`); grant a subfolder, e.g. `$OPENCLAW_STATE/skills` |
//! | `$EXPERTS` | Buddy's expert templates |
//!
//! A `ro` mount refuses writes, and no mount lets a path climb out with `..` or a symlink; both
//! surface as ordinary `std::io::Error`s.

use std::io;
use std::path::Path;

use serde::de::DeserializeOwned;

/// Reads the file at `path` and parses it as JSON; a parse error is an
/// [`io::ErrorKind::InvalidData`] error naming the file.
pub fn read_json<T: DeserializeOwned>(path: impl AsRef<Path>) -> io::Result<T> {
    let path = path.as_ref();
    let bytes = std::fs::read(path)?;
    serde_json::from_slice(&bytes)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{} is not valid JSON: {e}", path.display())))
}
