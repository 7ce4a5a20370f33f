//! Removes secrets from text before it reaches a reply or a log line: the values Buddy knows
//! are secret (gateway token, provider API keys) and anything shaped like a bearer token or key.

use serde_json::Value;

/// The placeholder that replaces a secret.
pub const MASK: &str = "***";

/// Redacts `text` given the known secret values.
pub fn redact(text: &str, known: &[String]) -> String {
    let mut out = text.to_string();
    for secret in known.iter().filter(|s| s.len() >= 6) {
        out = out.replace(secret.as_str(), MASK);
    }
    mask_after(&mask_after(&out, "Bearer "), "sk-")
}

/// Secrets known from openclaw.json (gateway token/password, provider API keys).
pub fn known_secrets(config: &Value) -> Vec<String> {
    let mut out = Vec::new();
    for p in ["/gateway/auth/token", "/gateway/auth/password"] {
        if let Some(s) = config.pointer(p).and_then(Value::as_str) {
            out.push(s.to_string());
        }
    }
    if let Some(providers) = config.pointer("/models/providers").and_then(Value::as_object) {
        out.extend(providers.values().filter_map(|p| p.get("apiKey")?.as_str().map(str::to_string)));
    }
    out
}

/// Masks the token-like run of characters following each `marker`.
fn mask_after(text: &str, marker: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find(marker) {
        let (head, tail) = rest.split_at(pos + marker.len());
        out.push_str(head);
        let len = tail
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '=' | '+' | '/')))
            .unwrap_or(tail.len());
        if len >= 4 {
            out.push_str(MASK);
        } else {
            out.push_str(&tail[..len]);
        }
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
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
