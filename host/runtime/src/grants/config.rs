//! `openclaw-config` grants: a JSON pointer and an access level. A grant covers its pointer and
//! everything below it (`/skills/entries` covers `/skills/entries/x/enabled`, not `/skills`).
//!
//! The whole document (`""`) and its empty key (`"/"`, which older manifests used for "all of
//! it") cannot be granted: a grant names the part of openclaw.json a module works on, never
//! all of it with the gateway's own credentials.

use serde::{Deserialize, Serialize};

/// Read, or read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Access {
    Read,
    Write,
}

/// One granted subtree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PointerGrant {
    pub pointer: String,
    pub access: Access,
}

impl PointerGrant {
    /// Validates a grant from a manifest.
    pub fn parse(pointer: &str, access: Access) -> Result<Self, String> {
        validate_pointer(pointer).map_err(|e| format!("config pointer {pointer:?}: {e}"))?;
        if is_whole_document(pointer) {
            return Err(format!(
                "config pointer {pointer:?} would grant the whole of openclaw.json; grant the sections the module needs"
            ));
        }
        Ok(Self { pointer: pointer.to_string(), access })
    }

    /// Whether this grant lets the module reach `pointer` with `access`.
    pub fn allows(&self, pointer: &str, access: Access) -> bool {
        covers(&self.pointer, pointer) && (self.access == Access::Write || access == Access::Read)
    }
}

/// Whether `grant` is `pointer` or one of its ancestors.
pub fn covers(grant: &str, pointer: &str) -> bool {
    pointer == grant || pointer.strip_prefix(grant).is_some_and(|rest| rest.starts_with('/'))
}

/// `""` and `"/"`: the whole document (and its empty key, which reads as "all" to a person).
pub fn is_whole_document(pointer: &str) -> bool {
    pointer.is_empty() || pointer == "/"
}

/// Whether any grant allows the access.
pub fn any_allows(grants: &[PointerGrant], pointer: &str, access: Access) -> bool {
    grants.iter().any(|g| g.allows(pointer, access))
}

/// RFC 6901 syntax: empty, or `/`-separated tokens where `~` is only `~0` or `~1`.
pub fn validate_pointer(pointer: &str) -> Result<(), String> {
    if pointer.is_empty() {
        return Ok(());
    }
    if !pointer.starts_with('/') {
        return Err("must start with \"/\"".into());
    }
    for token in pointer.split('/').skip(1) {
        let mut chars = token.chars();
        while let Some(c) = chars.next() {
            if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
                return Err("\"~\" must be escaped as ~0 (and \"/\" as ~1)".into());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let g = PointerGrant::parse("/skills/entries", Access::Write).expect("valid");
        let r = PointerGrant::parse("/agents/entries", Access::Read).expect("valid");
        let cases = [
            (&g, "/skills/entries", Access::Write, true),
            (&g, "/skills/entries/x/enabled", Access::Write, true),
            (&g, "/skills", Access::Read, false),
            (&g, "/skills/entriesX", Access::Read, false),
            (&r, "/agents/entries/main", Access::Read, true),
            (&r, "/agents/entries/main", Access::Write, false),
            (&r, "/gateway/auth/token", Access::Read, false),
        ];
        for (grant, pointer, access, expect) in cases {
            assert_eq!(grant.allows(pointer, access), expect, "{grant:?} {pointer} {access:?}");
        }
    }

    #[test]
    fn the_whole_document_cannot_be_granted() {
        for pointer in ["", "/"] {
            let err = PointerGrant::parse(pointer, Access::Read).unwrap_err();
            assert!(err.contains("whole of openclaw.json"), "{err}");
        }
        let g = PointerGrant::parse("/models/providers", Access::Read).expect("a section is fine");
        assert!(!g.allows("", Access::Read) && !g.allows("/", Access::Read) && !g.allows("/models", Access::Read));
    }

    #[test]
    fn pointer_syntax() {
        assert!(validate_pointer("/a~1b/c~0").is_ok());
        assert!(validate_pointer("a").is_err());
        assert!(validate_pointer("/a~2").is_err());
    }
}
