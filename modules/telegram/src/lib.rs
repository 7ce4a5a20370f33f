//! The `telegram` module: the Telegram channel, OpenClaw's bundled plugin `telegram`.
//!
//! - `config-status`: whether the plugin is enabled, and the bot accounts under
//!   `channels.telegram` in `openclaw.json`, tokens masked ([`accounts`]).
//! - `install`: the plugin ships with OpenClaw, so this enables it (`plugins enable telegram`)
//!   when it is disabled.
//! - `login-command`: none. Telegram connects with a bot token, not a QR code, so this says
//!   how to configure one.

mod accounts;

use buddy_sdk::channel::{self, Channel, ChannelConfig, ChannelInfo};
use buddy_sdk::{CapError, Value};

/// OpenClaw's channel id, also the plugin id.
const CHANNEL_ID: &str = "telegram";

/// How to connect Telegram, since it has no login command.
const TOKEN_HELP: &str = "Telegram connects with a bot token, not a QR code: create a bot with @BotFather, then \
                          run `openclaw channels add --channel telegram --token <token>` (or set \
                          channels.telegram.botToken in openclaw.json) and enable the telegram plugin";

/// The module.
struct Telegram;

impl Channel for Telegram {
    fn info() -> ChannelInfo {
        ChannelInfo::bundled(CHANNEL_ID, "Telegram", CHANNEL_ID)
    }

    fn config_status() -> Result<Value, CapError> {
        let info = Self::info();
        let plugin = channel::plugin_state(&info.plugin_id)?;
        let section = ChannelConfig::read(&info.id)?;
        let mut status = channel::status_json(&info, &plugin, section.as_ref());
        // Telegram's default account lives in the section itself: list it with the others.
        status["accounts"] = Value::Array(section.as_ref().map(accounts::list).unwrap_or_default());
        Ok(status)
    }

    fn install() -> Result<Value, CapError> {
        channel::install_and_record(&Self::info())
    }

    fn login_command() -> Result<Vec<String>, CapError> {
        Err(CapError::Invalid(TOKEN_HELP.to_owned()))
    }
}

buddy_sdk::export_channel!(Telegram);

#[cfg(test)]
mod tests {
    use buddy_sdk::channel::LoginStatus;

    use super::*;

    #[test]
    fn info_is_a_bundled_token_channel() {
        let info = Telegram::info();
        assert_eq!(
            (info.id.as_str(), info.plugin_id.as_str(), info.plugin_package.as_str()),
            ("telegram", "telegram", "")
        );
        assert!(!info.qr_login);
    }

    #[test]
    fn login_command_explains_the_token() {
        let Err(CapError::Invalid(message)) = Telegram::login_command() else { panic!("expected invalid") };
        assert!(message.contains("bot token") && message.contains("channels add --channel telegram"), "{message}");
    }

    #[test]
    fn read_login_keeps_the_generic_reading() {
        assert_eq!(
            Telegram::read_login("", Some(1)).status,
            LoginStatus::Failed("the login process exited with status 1".into())
        );
    }
}
