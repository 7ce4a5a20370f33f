//! The `wechat` module: the WeChat channel, OpenClaw plugin `openclaw-weixin` by Tencent.
//!
//! - `config-status`: whether the plugin is installed and enabled, and the settings and
//!   accounts under `channels.openclaw-weixin` in `openclaw.json`, secrets masked; with the
//!   reference's `appId` (the bound account) and `lastSyncAt` ([`binding`]).
//! - `install`: installs `@tencent-weixin/openclaw-weixin@2.4.9` (the version OpenClaw's
//!   catalog pins, 2.4.8, is not on the npm registry), or enables it when it is already there.
//! - `login-command`: `openclaw channels login --channel openclaw-weixin`, which Buddy runs and
//!   keeps alive; the plugin prints a QR code and saves the account once it is confirmed.
//! - `read-login`: reads the plugin's output ([`login`]).

mod binding;
mod login;

use buddy_sdk::channel::{self, Channel, ChannelConfig, ChannelInfo, LoginState};
use buddy_sdk::{CapError, Value};

/// OpenClaw's channel id, also the plugin id.
const CHANNEL_ID: &str = "openclaw-weixin";
/// The npm spec installed: the newest published release of the 2.4 line.
const PLUGIN_PACKAGE: &str = "@tencent-weixin/openclaw-weixin@2.4.9";

/// The module.
struct WeChat;

impl Channel for WeChat {
    fn info() -> ChannelInfo {
        ChannelInfo::external(CHANNEL_ID, "WeChat", CHANNEL_ID, PLUGIN_PACKAGE).with_qr_login()
    }

    fn config_status() -> Result<Value, CapError> {
        // The plugin keeps logged-in accounts (and their tokens) in its own files under
        // OpenClaw's state dir; openclaw.json holds only per-account settings.
        let info = Self::info();
        let plugin = channel::plugin_state(&info.plugin_id)?;
        let section = ChannelConfig::read(&info.id)?;
        let mut status = channel::status_json(&info, &plugin, section.as_ref());
        let bound = binding::bound_accounts(&info.id, section.as_ref())?;
        if let Value::Object(fields) = &mut status {
            fields.insert("appId".into(), bound.first().map_or(Value::Null, |id| Value::String(id.clone())));
            fields.insert(
                "lastSyncAt".into(),
                binding::last_sync_at(section.as_ref()).map_or(Value::Null, Value::String),
            );
        }
        Ok(status)
    }

    fn install() -> Result<Value, CapError> {
        channel::install_and_record(&Self::info())
    }

    fn login_command() -> Result<Vec<String>, CapError> {
        Ok(Self::info().login_argv())
    }

    fn read_login(output: &str, exit_status: Option<i32>) -> LoginState {
        login::read(output, exit_status)
    }
}

buddy_sdk::export_channel!(WeChat);

#[cfg(test)]
mod tests {
    use buddy_sdk::channel::{ChannelConfig, PluginState, plugin_in_list, status_json};
    use buddy_sdk::json;

    use super::*;

    #[test]
    fn info_and_login_command() {
        let info = WeChat::info();
        assert_eq!(info.id, "openclaw-weixin");
        assert_eq!(info.plugin_id, "openclaw-weixin");
        assert_eq!(info.plugin_package, "@tencent-weixin/openclaw-weixin@2.4.9");
        assert!(info.qr_login);
        assert_eq!(WeChat::login_command().unwrap(), ["channels", "login", "--channel", "openclaw-weixin"]);
    }

    #[test]
    fn status_lists_accounts_without_secrets() {
        let list = json!({"plugins": [{"id": "openclaw-weixin", "version": "2.4.9", "origin": "global", "enabled": true, "status": "loaded"}]});
        let plugin = plugin_in_list(&list, CHANNEL_ID).unwrap_or_else(|| PluginState::missing(CHANNEL_ID));
        let section = ChannelConfig::from_value(&json!({
            "channelConfigUpdatedAt": "2026-11-24T08:00:00.000Z",
            "accounts": {
                "b0f5860fdecb-im-bot": {"name": "Front desk", "routeTag": 7, "token": "leaked?"},
                "c1a2-im-bot": {"enabled": false, "cdnBaseUrl": "https://novac2c.cdn.weixin.qq.com/c2c"}
            }
        }));
        let status = status_json(&WeChat::info(), &plugin, Some(&section));
        assert_eq!(status["plugin"]["installed"], json!(true));
        assert_eq!(status["plugin"]["enabled"], json!(true));
        assert_eq!(
            status["accounts"],
            json!([
                {"id": "b0f5860fdecb-im-bot", "name": "Front desk", "routeTag": 7, "token": "***"},
                {"id": "c1a2-im-bot", "enabled": false, "cdnBaseUrl": "https://novac2c.cdn.weixin.qq.com/c2c"}
            ])
        );
        assert!(!status.to_string().contains("leaked?"));
    }
}
