//! E46's `appId` and `lastSyncAt`: which WeChat account is bound, and when the plugin last
//! synced its channel config.
//!
//! The plugin keeps bound accounts in its own index under OpenClaw's state dir (next to their
//! tokens), not in openclaw.json; after each successful QR login it stamps
//! `channels.openclaw-weixin.channelConfigUpdatedAt` in openclaw.json. So: accounts named in the
//! config come first; otherwise, once a login has stamped the config, `openclaw channels list
//! --json` (which asks the plugin for its account ids) names them. Before any login the CLI is not
//! run: nothing can be bound yet.

use buddy_sdk::channel::ChannelConfig;
use buddy_sdk::{CapError, Value, cli};

/// `openclaw channels list --json` takes about 5 s.
const LIST_TIMEOUT_MS: u32 = 30_000;

/// The bound account ids, first the one E46 reports as `appId`.
pub fn bound_accounts(channel_id: &str, section: Option<&ChannelConfig>) -> Result<Vec<String>, CapError> {
    let configured = section.map(ChannelConfig::account_ids).unwrap_or_default();
    if !configured.is_empty() || last_sync_raw(section).is_none() {
        return Ok(configured);
    }
    let list: Value = cli::run_with_timeout(&["channels", "list", "--json"], LIST_TIMEOUT_MS)?.json()?;
    Ok(accounts_in_list(&list, channel_id))
}

/// The account ids `channels list --json` gives a channel: `{"chat": {"<id>": {"accounts": [...]}}}`.
pub fn accounts_in_list(list: &Value, channel_id: &str) -> Vec<String> {
    list.pointer(&format!("/chat/{channel_id}/accounts"))
        .and_then(Value::as_array)
        .map(|ids| ids.iter().filter_map(Value::as_str).map(str::to_owned).collect())
        .unwrap_or_default()
}

fn last_sync_raw(section: Option<&ChannelConfig>) -> Option<&str> {
    section?.raw().get("channelConfigUpdatedAt")?.as_str()
}

/// `channelConfigUpdatedAt` (the plugin writes `Date.toISOString()`, UTC) in the reference's
/// `YYYY-MM-DD hh:mm:ss`; `None` when never synced or not a UTC timestamp.
pub fn last_sync_at(section: Option<&ChannelConfig>) -> Option<String> {
    reference_time(last_sync_raw(section)?)
}

fn reference_time(iso: &str) -> Option<String> {
    let bytes = iso.as_bytes();
    let shaped = iso.len() >= 20
        && iso.ends_with('Z')
        && bytes[10] == b'T'
        && [4, 7].iter().all(|&i| bytes[i] == b'-')
        && [13, 16].iter().all(|&i| bytes[i] == b':')
        && iso[..19].bytes().enumerate().all(|(i, b)| [4, 7, 10, 13, 16].contains(&i) || b.is_ascii_digit());
    shaped.then(|| format!("{} {}", &iso[..10], &iso[11..19]))
}

#[cfg(test)]
mod tests {
    use buddy_sdk::json;

    use super::*;

    #[test]
    fn the_plugins_timestamp_in_the_references_format() {
        assert_eq!(reference_time("2026-11-24T08:00:00.000Z").as_deref(), Some("2026-11-24 08:00:00"));
        assert_eq!(reference_time("2026-11-24T08:00:00Z").as_deref(), Some("2026-11-24 08:00:00"));
        assert_eq!(reference_time("2026-11-24T08:00:00+08:00"), None);
        assert_eq!(reference_time("yesterday"), None);
    }

    #[test]
    fn accounts_from_the_channel_list() {
        let list = json!({"chat": {"openclaw-weixin": {"accounts": ["b0f5860fdecb-im-bot"], "installed": true}}});
        assert_eq!(accounts_in_list(&list, "openclaw-weixin"), ["b0f5860fdecb-im-bot"]);
        assert!(accounts_in_list(&json!({"chat": {}}), "openclaw-weixin").is_empty());
    }

    #[test]
    fn configured_accounts_need_no_cli_run() {
        let section = ChannelConfig::from_value(&json!({
            "channelConfigUpdatedAt": "2026-11-24T08:00:00.000Z",
            "accounts": {"b0f5860fdecb-im-bot": {}}
        }));
        assert_eq!(bound_accounts("openclaw-weixin", Some(&section)).unwrap(), ["b0f5860fdecb-im-bot"]);
        assert!(bound_accounts("openclaw-weixin", None).unwrap().is_empty());
        assert_eq!(last_sync_at(Some(&section)).as_deref(), Some("2026-11-24 08:00:00"));
    }
}
