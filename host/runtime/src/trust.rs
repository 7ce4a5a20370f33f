//! Whether a module may run. Built-in modules are trusted. Any other module runs only once an
//! operator approved exactly its code and its grants: an approval pins the module's digest
//! (SHA-256 of `module.wasm` followed by `module.toml`, so `cat module.wasm module.toml |
//! sha256sum` computes it) and the grants it runs with; a new wasm, a new manifest or other
//! grants make the module pending again. Managed deployments approve declaratively, by digest,
//! in buddy.toml.
//!
//! The runtime decides; the server keeps the operators' decisions ([`TrustStore`], in SQLite).

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::grants::Grants;

/// How a digest is written: `sha256:<64 hex digits>`.
pub const DIGEST_PREFIX: &str = "sha256:";

/// The digest of a module: SHA-256 over the component's bytes followed by the manifest's.
pub fn digest(wasm: &[u8], manifest: &str) -> String {
    let mut h = Sha256::new();
    h.update(wasm);
    h.update(manifest.as_bytes());
    format!("{DIGEST_PREFIX}{}", hex::encode(h.finalize()))
}

/// Whether `text` is written like a digest.
pub fn is_digest(text: &str) -> bool {
    text.strip_prefix(DIGEST_PREFIX)
        .is_some_and(|h| h.len() == 64 && h.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
}

/// The grants as pinned by an approval: canonical JSON, compared as text.
pub fn pinned(grants: &Grants) -> String {
    serde_json::to_string(grants).unwrap_or_default()
}

/// An operator's approval of one module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub digest: String,
    /// [`pinned`] grants.
    pub grants: String,
    /// Who approved (the audit log's user).
    pub by: String,
    /// When, in epoch milliseconds.
    pub at_ms: i64,
}

/// What operators decided about one module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decision {
    pub approval: Option<Approval>,
    /// Who disabled it through the API, if someone did.
    pub disabled_by: Option<String>,
}

/// Where the server keeps operators' decisions.
#[async_trait::async_trait]
pub trait TrustStore: Send + Sync + 'static {
    /// The decisions about `module` (the default when there are none).
    async fn decision(&self, module: &str) -> Result<Decision, String>;
    /// Records an approval, replacing an earlier one.
    async fn approve(&self, module: &str, approval: &Approval) -> Result<(), String>;
    /// Disables (`Some(who)`) or enables (`None`) a module.
    async fn set_disabled(&self, module: &str, by: Option<&str>) -> Result<(), String>;
    /// Forgets everything about a deleted module.
    async fn forget(&self, module: &str) -> Result<(), String>;
}

/// Why a loaded module is allowed to run, for `GET /v1/modules`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Trust {
    /// Shipped inside the binary.
    Builtin,
    /// Approved through the API.
    Approved {
        by: String,
        #[serde(rename = "at")]
        at: String,
    },
    /// Approved by digest in buddy.toml (`[modules.<name>] approve = "sha256:…"`).
    Declared,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_covers_the_wasm_then_the_manifest() {
        let d = digest(b"\0asm", "name = \"x\"\n");
        assert!(is_digest(&d), "{d}");
        assert_ne!(d, digest(b"\0asm", "name = \"y\"\n"));
        assert_ne!(d, digest(b"\0asn", "name = \"x\"\n"));
        assert_eq!(d, {
            let mut h = Sha256::new();
            h.update(b"\0asmname = \"x\"\n");
            format!("sha256:{}", hex::encode(h.finalize()))
        });
        assert!(!is_digest("sha256:ABC") && !is_digest("md5:00"));
    }
}
