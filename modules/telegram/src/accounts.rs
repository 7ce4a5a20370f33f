//! Telegram's bot accounts as `channels.telegram` holds them: the section itself is the
//! `default` account (`botToken` or `tokenFile`), and `accounts.<id>` are further bots.

use buddy_sdk::channel::ChannelConfig;
use buddy_sdk::{Value, json};

/// Keys that hold (or point to) a bot's token.
const TOKEN_KEYS: [&str; 2] = ["botToken", "tokenFile"];

/// Every bot account, default first: `{"id", "enabled", "tokenConfigured", ...settings}` with
/// secrets masked. `enabled` is `null` where the config does not set it (OpenClaw's default is on).
pub fn list(section: &ChannelConfig) -> Vec<Value> {
    let mut accounts = Vec::new();
    if TOKEN_KEYS.iter().any(|k| section.has(k)) {
        accounts.push(json!({
            "id": "default",
            "enabled": section.enabled(),
            "tokenConfigured": true,
        }));
    }
    for mut account in section.accounts() {
        let configured = TOKEN_KEYS.iter().any(|k| account.get(k).is_some_and(|v| !v.is_null()));
        if let Some(fields) = account.as_object_mut() {
            fields.entry("enabled").or_insert(Value::Null);
            fields.insert("tokenConfigured".to_owned(), Value::Bool(configured));
        }
        accounts.push(account);
    }
    accounts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_account_from_the_section_then_named_ones() {
        let section = ChannelConfig::from_value(&json!({
            "enabled": true,
            "botToken": "123:abc",
            "dmPolicy": "pairing",
            "accounts": {"alerts": {"botToken": "456:def", "name": "Alerts"}, "draft": {"enabled": false}}
        }));
        let accounts = list(&section);
        assert_eq!(
            accounts,
            [
                json!({"id": "default", "enabled": true, "tokenConfigured": true}),
                json!({"id": "alerts", "botToken": "***", "name": "Alerts", "enabled": null, "tokenConfigured": true}),
                json!({"id": "draft", "enabled": false, "tokenConfigured": false}),
            ]
        );
        assert!(!Value::Array(accounts).to_string().contains("abc"));
    }

    #[test]
    fn no_token_no_default_account() {
        let section = ChannelConfig::from_value(&json!({"enabled": false}));
        assert!(list(&section).is_empty());
    }
}
