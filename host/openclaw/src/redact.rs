//! Removes secrets from what leaves Buddy: a config (masked by path) or a piece of text (the
//! config's secret values, and anything shaped like a bearer token or key). The policy itself
//! is `buddy_rules::secrets`, shared with the module SDK.

use serde_json::Value;

pub use buddy_rules::secrets::{MASK, mask_config};

/// Redacts `text` given the known secret values (and anything shaped like a bearer token or an
/// `sk-` key), by [Buddy's one policy](buddy_rules::secrets).
pub fn redact(text: &str, known: &[String]) -> String {
    buddy_rules::secrets::mask_text(text, known)
}

/// Every secret of openclaw.json under Buddy's policy (gateway token and password, provider
/// keys and headers, channel tokens, hook tokens, environment values, URL credentials…), for
/// masking them out of text.
pub fn known_secrets(config: &Value) -> Vec<String> {
    buddy_rules::secrets::secret_values(config)
}

/// Masks a secret for display, keeping a hint of its shape (`sk-a…9z`).
pub fn mask_secret(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() <= 8 {
        return MASK.to_string();
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_known_and_shaped_secrets() {
        let known = vec!["gw-token-123456".to_string()];
        let text = "auth gw-token-123456 failed; Authorization: Bearer abc.def-123 key sk-live-XYZ123 ok";
        let out = redact(text, &known);
        assert!(!out.contains("gw-token-123456"));
        assert!(!out.contains("abc.def-123"));
        assert!(!out.contains("XYZ123"));
        assert!(out.contains("failed") && out.ends_with(" ok"), "{out}");
    }

    #[test]
    fn masks_for_display() {
        assert_eq!(mask_secret("short"), "***");
        assert_eq!(mask_secret("sk-abcdefghij"), "sk-…ij");
    }
}
