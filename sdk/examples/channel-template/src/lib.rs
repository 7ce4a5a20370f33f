//! A template channel module: **Acme Chat**, a fictional chat service whose OpenClaw plugin
//! `acme-chat` installs from npm (`@acme/openclaw-acme-chat@1.0.0`) and logs in by QR code.
//!
//! Copy this crate to start a channel of your own, then change the constants below, the grants
//! in `module.toml` (they must name the same plugin, package and channel id) and the lines the
//! login reader looks for in [`login`]. Every hook works as it is:
//!
//! - `config-status` runs `openclaw plugins list --json` (installed? enabled?) and reads
//!   `channels.acme-chat` from `openclaw.json` (settings and accounts, secrets masked);
//! - `install` installs the plugin when it is missing and enables it when it is disabled;
//! - `login-command` is `openclaw channels login --channel acme-chat`, which Buddy runs;
//! - `read-login` turns the login process's output into a login state ([`login`]).

mod login;

use buddy_sdk::channel::{self, Channel, ChannelConfig, ChannelInfo, LoginState};
use buddy_sdk::{CapError, Value};

/// The channel's id in OpenClaw: its config is `channels.<id>` in `openclaw.json`.
const CHANNEL_ID: &str = "acme-chat";
/// The OpenClaw plugin implementing the channel (`openclaw plugins list` id).
const PLUGIN_ID: &str = "acme-chat";
/// The npm spec to install, with a version that exists; `ChannelInfo::bundled` instead for a
/// plugin that ships with OpenClaw.
const PLUGIN_PACKAGE: &str = "@acme/openclaw-acme-chat@1.0.0";

/// The module.
struct AcmeChat;

impl Channel for AcmeChat {
    fn info() -> ChannelInfo {
        ChannelInfo::external(CHANNEL_ID, "Acme Chat", PLUGIN_ID, PLUGIN_PACKAGE).with_qr_login()
    }

    /// Plugin state and accounts. Needs the `plugins list --json` and `/channels/acme-chat`
    /// grants.
    fn config_status() -> Result<Value, CapError> {
        let info = Self::info();
        let plugin = channel::plugin_state(&info.plugin_id)?;
        let section = ChannelConfig::read(&info.id)?;
        Ok(channel::status_json(&info, &plugin, section.as_ref()))
    }

    /// Installs or enables the plugin and records it. Buddy runs this as a background task.
    fn install() -> Result<Value, CapError> {
        channel::install_and_record(&Self::info())
    }

    /// Buddy runs `openclaw <these arguments>` itself; they must match a `cli` grant exactly.
    fn login_command() -> Result<Vec<String>, CapError> {
        Ok(Self::info().login_argv())
    }

    fn read_login(output: &str, exit_status: Option<i32>) -> LoginState {
        login::read(output, exit_status)
    }
}

buddy_sdk::export_channel!(AcmeChat);

#[cfg(test)]
mod tests {
    use buddy_sdk::channel::{PluginState, status_json};
    use buddy_sdk::json;

    use super::*;

    #[test]
    fn info_matches_the_manifest() {
        let info = AcmeChat::info();
        assert_eq!(info.config_pointer(), "/channels/acme-chat");
        assert_eq!(AcmeChat::login_command().unwrap(), ["channels", "login", "--channel", "acme-chat"]);
        let manifest = include_str!("../module.toml");
        assert!(manifest.contains(PLUGIN_PACKAGE) && manifest.contains("\"/channels/acme-chat\""));
    }

    #[test]
    fn status_never_shows_secrets() {
        let section =
            ChannelConfig::from_value(&json!({"enabled": true, "apiKey": "k-1", "accounts": {"a": {"token": "t"}}}));
        let status = status_json(&AcmeChat::info(), &PluginState::missing(PLUGIN_ID), Some(&section));
        assert_eq!(status["settings"], json!({"enabled": true, "apiKey": "***"}));
        assert_eq!(status["accounts"], json!([{"id": "a", "token": "***"}]));
    }
}
