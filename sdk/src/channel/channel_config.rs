//! A channel's section of `openclaw.json` (`channels.<id>`), read through a `config` grant and
//! shown without its secrets.
//!
//! OpenClaw channels share one shape: the section's own keys are the channel's settings (and
//! those of its default account), and an optional `accounts` object holds one entry per extra
//! account, keyed by account id:
//!
//! ```json
//! { "enabled": true, "botToken": "123:abc", "accounts": { "work": { "botToken": "456:def" } } }
//! ```

use serde_json::{Map, Value};

use crate::{CapError, config};

/// Whether a key of a channel's config may hold a secret (`botToken`, `appSecret`, `apiKey`,
/// session cookies, credentials, passphrases): Buddy's one policy,
/// [`buddy_rules::secrets::is_secret_key`].
///
/// ```
/// use buddy_sdk::channel::is_channel_secret_key;
/// assert!(is_channel_secret_key("botToken") && is_channel_secret_key("sessionCookie"));
/// assert!(!is_channel_secret_key("baseUrl") && !is_channel_secret_key("enabled"));
/// ```
pub fn is_channel_secret_key(key: &str) -> bool {
    buddy_rules::secrets::is_secret_key(key)
}

/// A copy of `value` with the value of every [secret-looking key](is_channel_secret_key)
/// replaced by `"***"` at any depth (`null` stays `null`), so a status can say a token is set
/// without showing it.
pub fn redact(value: &Value) -> Value {
    buddy_rules::secrets::mask_config(value)
}

/// A channel's config section (`channels.<id>`), as read from `openclaw.json`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChannelConfig {
    section: Map<String, Value>,
}

impl ChannelConfig {
    /// Reads `channels.<channel_id>`; `None` when the channel has no config yet. Needs a
    /// `config` grant covering `/channels/<channel_id>` (read access is enough).
    pub fn read(channel_id: &str) -> Result<Option<Self>, CapError> {
        let value: Option<Value> = config::get(&config::pointer(&["channels", channel_id]))?;
        Ok(value.map(|v| Self::from_value(&v)))
    }

    /// Wraps a section already read; anything but an object counts as empty.
    pub fn from_value(value: &Value) -> Self {
        Self { section: value.as_object().cloned().unwrap_or_default() }
    }

    /// The raw section, secrets included: never return it from a module as it is.
    pub fn raw(&self) -> &Map<String, Value> {
        &self.section
    }

    /// `enabled` when the section sets it (OpenClaw treats an absent value as enabled).
    pub fn enabled(&self) -> Option<bool> {
        self.section.get("enabled").and_then(Value::as_bool)
    }

    /// Whether the section's own keys include `key` with a non-null value, e.g. whether the
    /// default account has a `botToken`. Says nothing about the value.
    pub fn has(&self, key: &str) -> bool {
        self.section.get(key).is_some_and(|v| !v.is_null())
    }

    /// The ids of the entries under `accounts`, sorted.
    pub fn account_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.accounts_object().map(|a| a.keys().cloned().collect()).unwrap_or_default();
        // Sorted here, not by the map: its order depends on serde_json's features.
        ids.sort();
        ids
    }

    /// The section's own settings (everything but `accounts`), [redacted](redact).
    pub fn settings(&self) -> Value {
        let own: Map<String, Value> =
            self.section.iter().filter(|(k, _)| *k != "accounts").map(|(k, v)| (k.clone(), v.clone())).collect();
        redact(&Value::Object(own))
    }

    /// One object per entry under `accounts`, sorted by id: `{"id": <account id>, ...its
    /// settings}`, [redacted](redact). A non-object entry is listed with its id alone.
    pub fn accounts(&self) -> Vec<Value> {
        let Some(accounts) = self.accounts_object() else {
            return Vec::new();
        };
        self.account_ids()
            .into_iter()
            .filter_map(|id| accounts.get(&id).map(|settings| (id, settings)))
            .map(|(id, settings)| {
                let mut entry = Map::new();
                entry.insert("id".to_owned(), Value::String(id));
                if let Value::Object(fields) = redact(settings) {
                    // The id comes from the key; a field named `id` inside cannot override it.
                    entry.extend(fields.into_iter().filter(|(k, _)| k != "id"));
                }
                Value::Object(entry)
            })
            .collect()
    }

    fn accounts_object(&self) -> Option<&Map<String, Value>> {
        self.section.get("accounts").and_then(Value::as_object)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn sample() -> ChannelConfig {
        ChannelConfig::from_value(&json!({
            "enabled": true,
            "botToken": "123:abc",
            "dmPolicy": "pairing",
            "accounts": {
                "work": {"botToken": "456:def", "name": "Work", "id": "spoof"},
                "home": {"tokenFile": "/run/secret", "sessionCookie": "c=1", "enabled": false},
                "odd": 3
            }
        }))
    }

    #[test]
    fn settings_leave_out_accounts_and_mask_secrets() {
        assert_eq!(sample().settings(), json!({"enabled": true, "botToken": "***", "dmPolicy": "pairing"}));
    }

    #[test]
    fn accounts_are_listed_with_ids_and_without_secrets() {
        let c = sample();
        assert_eq!(c.account_ids(), ["home", "odd", "work"]);
        assert_eq!(
            c.accounts(),
            [
                json!({"id": "home", "tokenFile": "***", "sessionCookie": "***", "enabled": false}),
                json!({"id": "odd"}),
                json!({"id": "work", "botToken": "***", "name": "Work"}),
            ]
        );
    }

    #[test]
    fn simple_queries() {
        let c = sample();
        assert_eq!(c.enabled(), Some(true));
        assert!(c.has("botToken") && !c.has("missing"));
        let empty = ChannelConfig::from_value(&json!("not an object"));
        assert!(empty.accounts().is_empty() && empty.account_ids().is_empty());
        assert_eq!(empty.settings(), json!({}));
        assert_eq!(empty.enabled(), None);
    }

    #[test]
    fn channel_secrets_cover_cookies_and_credentials() {
        for key in ["cookie", "cookies", "sessionCookie", "credentials", "credential_file", "passphrase", "appSecret"] {
            assert!(is_channel_secret_key(key), "{key}");
        }
        for key in ["cookieless", "name", "allowFrom", "maxTokens"] {
            assert!(!is_channel_secret_key(key), "{key}");
        }
        assert_eq!(redact(&json!([{"cookies": ["a"]}, {"token": null}])), json!([{"cookies": "***"}, {"token": null}]));
    }
}
