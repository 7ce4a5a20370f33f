//! `secrets` grants: the config pointers whose secret values a module reads in clear.
//!
//! `openclaw-config.get` hides every secret (the redaction policy of `buddy_rules::secrets`,
//! the same the API uses) unless the manifest names it here, and the operator approved that.
//! A secrets grant lifts the mask only; reading still needs a `config` grant that covers the
//! pointer, and the whole document cannot be named.

use serde::Serialize;

use super::config::{PointerGrant, covers, is_whole_document, validate_pointer};

/// The pointers granted in clear.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct SecretGrant {
    pub pointers: Vec<String>,
}

impl SecretGrant {
    /// Validates the pointers from a manifest against its config grants.
    pub fn parse(pointers: &[String], config: &[PointerGrant]) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        for p in pointers {
            if let Err(e) = validate_pointer(p) {
                problems.push(format!("secrets pointer {p:?}: {e}"));
            } else if is_whole_document(p) {
                problems.push(format!("secrets pointer {p:?} would reveal every secret of openclaw.json"));
            } else if !config.iter().any(|g| covers(&g.pointer, p)) {
                problems.push(format!("secrets pointer {p:?} is not covered by any config grant"));
            }
        }
        if problems.is_empty() { Ok(Self { pointers: pointers.to_vec() }) } else { Err(problems) }
    }

    /// Whether the value at `pointer` is shown in clear.
    pub fn reveals(&self, pointer: &str) -> bool {
        self.pointers.iter().any(|g| covers(g, pointer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grants::config::Access;

    #[test]
    fn table() {
        let config = [PointerGrant::parse("/channels/acme", Access::Read).expect("valid")];
        let g = SecretGrant::parse(&["/channels/acme/botToken".into()], &config).expect("valid");
        assert!(g.reveals("/channels/acme/botToken"));
        assert!(!g.reveals("/channels/acme") && !g.reveals("/channels/acme/appSecret"));
        let problems = SecretGrant::parse(&["".into(), "/".into(), "/gateway/auth/token".into(), "x".into()], &config)
            .unwrap_err();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[2].contains("not covered"), "{problems:?}");
    }
}
