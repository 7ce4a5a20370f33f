//! Hiding secrets in JSON: the values of keys that look like they hold a token, a password or
//! a key, so a diff or a report can show a config without leaking its credentials.

use serde_json::{Map, Value};

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// Words that mark a key as secret wherever they appear in it (`botToken`, `appSecret`,
/// `GITHUB_TOKEN`, `apikey`). Plurals are left out on purpose: `maxTokens` is a number, not
/// a credential.
const SECRET_WORDS: &[&str] = &["token", "secret", "password", "passwd", "apikey"];

/// Whether a key looks like it holds a secret.
///
/// The key is split into words at `_`, `-`, `.`, spaces and camelCase humps, and compared
/// case-insensitively. It is secret when one word is `token`, `secret`, `password`, `passwd`
/// or `apikey`, or when its last word is `key` (`apiKey`, `api_key`, `privateKey`,
/// `OPENAI_API_KEY`). Words are compared whole, so `keyboard`, `monkey`, `maxTokens` and
/// `tokenizer` are not secret.
pub fn is_secret_key(key: &str) -> bool {
    let words = words(key);
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str())) || words.last().is_some_and(|w| w == "key")
}

/// A copy of `value` in which every value (of any type but `null`) under a secret-looking key
/// ([`is_secret_key`]) is replaced by `"***"`, at any depth.
///
/// ```
/// use buddy_sdk::analyzer::mask_secrets;
/// use buddy_sdk::json;
/// let masked = mask_secrets(&json!({"channels": {"telegram": {"botToken": "123:abc", "enabled": true}}}));
/// assert_eq!(masked, json!({"channels": {"telegram": {"botToken": "***", "enabled": true}}}));
/// ```
pub fn mask_secrets(value: &Value) -> Value {
    mask_where(value, &is_secret_key)
}

/// A copy of `value` in which every non-null value under a key for which `is_secret` holds is
/// replaced by `"***"`, at any depth; [`mask_secrets`] with a predicate of the caller's choosing.
pub(crate) fn mask_where(value: &Value, is_secret: &dyn Fn(&str) -> bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if is_secret(k) && !v.is_null() {
                        Value::String(MASK.to_owned())
                    } else {
                        mask_where(v, is_secret)
                    };
                    (k.clone(), v)
                })
                .collect::<Map<_, _>>(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| mask_where(v, is_secret)).collect()),
        other => other.clone(),
    }
}

/// The lower-cased words of a key: split at non-alphanumerics and at camelCase boundaries
/// (`botToken` → bot, token; `APIKey` → api, key; `OPENAI_API_KEY` → openai, api, key).
pub(crate) fn words(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let mut words = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            flush(&mut words, &mut word);
            continue;
        }
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        // A hump starts a word: `tT` in botToken, or the last capital of a run followed by a
        // lower-case letter (`IK` in APIKey starts `Key`).
        let hump = c.is_uppercase()
            && prev.is_some_and(|p| {
                p.is_lowercase() || p.is_numeric() || (p.is_uppercase() && next.is_some_and(char::is_lowercase))
            });
        if hump {
            flush(&mut words, &mut word);
        }
        word.extend(c.to_lowercase());
    }
    flush(&mut words, &mut word);
    words
}

/// Moves a finished word into `words`.
fn flush(words: &mut Vec<String>, word: &mut String) {
    if !word.is_empty() {
        words.push(std::mem::take(word));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn secret_keys_are_recognised() {
        for key in [
            "token",
            "Token",
            "botToken",
            "appToken",
            "GITHUB_TOKEN",
            "access-token",
            "appSecret",
            "client_secret",
            "password",
            "dbPassword",
            "apikey",
            "APIKEY",
            "apiKey",
            "api_key",
            "API_KEY",
            "OPENAI_API_KEY",
            "APIKey",
            "privateKey",
            "key",
            "Key",
            "tokenFile",
        ] {
            assert!(is_secret_key(key), "{key} should be secret");
        }
    }

    #[test]
    fn ordinary_keys_are_left_alone() {
        for key in [
            "keyboard",
            "monkey",
            "keys",
            "keyId2",
            "maxTokens",
            "contextTokens",
            "tokenizer",
            "secrets",
            "enabled",
            "port",
            "",
            "passthrough",
            "apiKeyring",
        ] {
            assert!(!is_secret_key(key), "{key} should not be secret");
        }
    }

    #[test]
    fn words_split_at_humps_and_separators() {
        assert_eq!(words("botToken"), ["bot", "token"]);
        assert_eq!(words("APIKey"), ["api", "key"]);
        assert_eq!(words("OPENAI_API_KEY"), ["openai", "api", "key"]);
        assert_eq!(words("x2Key"), ["x2", "key"]);
        assert_eq!(words("a.b-c d"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn masks_at_any_depth_and_any_type() {
        let doc = json!({
            "gateway": {"auth": {"token": "gw-123", "mode": "token"}, "port": 18789},
            "models": {"providers": {"openai": {"apiKey": {"source": "env", "id": "OPENAI_API_KEY"}}}},
            "env": {"OPENAI_API_KEY": "sk-1", "HOME": "/root"},
            "list": [{"password": 42}, {"keyboard": "us"}],
            "unset": {"botToken": null},
            "agents": {"defaults": {"maxTokens": 4096}}
        });
        let masked = mask_secrets(&doc);
        assert_eq!(
            masked,
            json!({
                "gateway": {"auth": {"token": "***", "mode": "token"}, "port": 18789},
                "models": {"providers": {"openai": {"apiKey": "***"}}},
                "env": {"OPENAI_API_KEY": "***", "HOME": "/root"},
                "list": [{"password": "***"}, {"keyboard": "us"}],
                "unset": {"botToken": null},
                "agents": {"defaults": {"maxTokens": 4096}}
            })
        );
    }

    #[test]
    fn scalars_and_documents_without_secrets_are_unchanged() {
        assert_eq!(mask_secrets(&json!("token")), json!("token"));
        let doc = json!({"a": [1, {"b": null}], "c": "d"});
        assert_eq!(mask_secrets(&doc), doc);
    }
}
