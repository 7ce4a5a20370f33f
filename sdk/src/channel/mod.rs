//! Channels: modules that connect OpenClaw to a chat service (WeChat, Telegram...).
//!
//! A channel module is a component of the WIT world `channel-module`. It serves no routes of
//! its own; Buddy serves the generic channel API (`/v1/channels/...`) for every loaded channel
//! module and calls its hooks:
//!
//! | hook | when | what it returns |
//! |---|---|---|
//! | [`Channel::info`] | load time, listings | id, display name, plugin, npm package, QR login or not |
//! | [`Channel::config_status`] | `GET /v1/channels`, `GET /v1/channels/{id}/status` | JSON: plugin installed/enabled, accounts (never secrets) |
//! | [`Channel::install`] | `POST /v1/channels/{id}/install`, as a background task | JSON: what was done |
//! | [`Channel::login_command`] | a login starts | the `openclaw` argv of the login process |
//! | [`Channel::read_login`] | after each new piece of the process's output | the login's [`LoginState`] |
//!
//! **The login flow.** Buddy never lets a module run a long-lived process. For a login it
//! asks [`login_command`](Channel::login_command) for the argv (which must match the module's
//! `cli` grant), runs `openclaw <argv>` itself with stdin closed, and keeps the process alive
//! until the login ends: the process is what saves the credentials. After each new piece of
//! output it calls [`read_login`](Channel::read_login) in a fresh instance with *all* the output
//! so far (stdout and stderr interleaved) and, once the process has ended, its exit status. The
//! session ends on a [final](LoginStatus::is_final) status, when the process exits, or on
//! Buddy's timeout. So `read_login` is a pure function of the text: it finds the latest stage
//! the process reached ([`LoginOutput::latest`]), the QR payload and drawing
//! ([`LoginOutput::url_after`], [`LoginOutput::qr_text`]) and OpenClaw's reason for a failure
//! ([`LoginOutput::failure_reason`]), and is unit-tested natively on recorded output.
//!
//! ```no_run
//! use buddy_sdk::channel::{Channel, ChannelInfo, LoginOutput, LoginState};
//! use buddy_sdk::{CapError, Value};
//!
//! struct Acme;
//!
//! impl Channel for Acme {
//!     fn info() -> ChannelInfo {
//!         ChannelInfo::external("acme", "Acme Chat", "acme", "@acme/openclaw-acme@1.0.0").with_qr_login()
//!     }
//!
//!     fn config_status() -> Result<Value, CapError> {
//!         buddy_sdk::channel::standard_config_status(&Self::info())
//!     }
//!
//!     fn read_login(output: &str, exit_status: Option<i32>) -> LoginState {
//!         let out = LoginOutput::new(output);
//!         if exit_status.is_none() && out.contains("Scanned") {
//!             return LoginState::scanned();
//!         }
//!         out.generic_state(exit_status)
//!     }
//! }
//!
//! buddy_sdk::export_channel!(Acme);
//! ```
//!
//! The capabilities a channel imports are the same as a domain module's (minus workspace
//! files): [`cli`](crate::cli), [`config`](crate::config), [`http`](crate::http),
//! [`kv`](crate::kv), [`events`](crate::events) and [`log`](crate::log) work unchanged.

mod channel_config;
mod export;
mod info;
mod login_output;
mod login_state;
mod plugins;
mod qr;

pub use buddy_rules::terminal::{clean_terminal_text, strip_ansi};
pub use channel_config::{ChannelConfig, is_channel_secret_key, redact};
#[doc(hidden)]
pub use export::Export;
pub use info::ChannelInfo;
pub use login_output::LoginOutput;
pub use login_state::{LoginState, LoginStatus};
pub use plugins::{
    PluginState, enable_plugin, ensure_plugin, install_and_record, install_plugin, plugin_in_list, plugin_state,
};
pub use qr::{find_urls, is_qr_art_line, last_qr_block, qr_blocks};

use serde_json::{Value, json};

use crate::CapError;

/// A channel. Implement it on a unit struct and export it with
/// [`export_channel!`](crate::export_channel).
///
/// Only [`info`](Channel::info) is required. The other hooks default to what fits an OpenClaw
/// channel plugin that follows the usual conventions; each default names the `cli`/`config`
/// grants it needs. Every call runs in a fresh instance under the manifest's limits.
pub trait Channel {
    /// What the channel is. Called often (listings, every route): keep it a constant.
    fn info() -> ChannelInfo;

    /// The channel's state as JSON, never with secrets: whether the plugin is installed and
    /// enabled, and the accounts configured. Buddy serves it as it is.
    ///
    /// The default is [`standard_config_status`], which needs the grants
    /// `cli = [["plugins", "list", "--json"]]` and
    /// `config = [{ pointer = "/channels/<id>", access = "read" }]`.
    fn config_status() -> Result<Value, CapError> {
        standard_config_status(&Self::info())
    }

    /// Installs and enables the channel's plugin; JSON describing what was done. Buddy runs it
    /// as a background task, so it may take minutes (an npm install takes about a minute).
    ///
    /// The default is [`ensure_plugin`]: install from [`ChannelInfo::plugin_package`] when the
    /// plugin is missing, enable it when it is disabled. It needs the grants
    /// `["plugins", "list", "--json"]`, `["plugins", "install", "<package>"]` (external plugins)
    /// and `["plugins", "enable", "<plugin id>"]`.
    fn install() -> Result<Value, CapError> {
        ensure_plugin(&Self::info())
    }

    /// The `openclaw` arguments of the login process Buddy runs (see the module docs). They
    /// must match one of the module's `cli` grants exactly.
    ///
    /// The default is OpenClaw's `channels login --channel <id>` for a channel with
    /// [`qr_login`](ChannelInfo::qr_login), and a [`CapError::Invalid`] otherwise: override it
    /// to explain how such a channel is set up instead.
    fn login_command() -> Result<Vec<String>, CapError> {
        let info = Self::info();
        if info.qr_login {
            Ok(info.login_argv())
        } else {
            Err(CapError::Invalid(format!("{} does not log in with a QR code", info.display_name)))
        }
    }

    /// Reads everything the login process printed so far (stdout and stderr interleaved;
    /// `exit_status` once it has ended) into the login's state. Must not call capabilities:
    /// Buddy calls it after every new piece of output.
    ///
    /// The default is [`LoginOutput::generic_state`]: confirmed on exit 0, failed on another
    /// exit, QR while a code or URL is on screen, pending before.
    fn read_login(output: &str, exit_status: Option<i32>) -> LoginState {
        LoginOutput::new(output).generic_state(exit_status)
    }
}

/// The status most channels report:
///
/// ```json
/// {
///   "channel": "<id>", "displayName": "...",
///   "plugin": {"id", "installed", "enabled", "status", "origin", "version"},
///   "configured": true,          // channels.<id> exists in openclaw.json
///   "enabled": true,             // channels.<id>.enabled when set, else null
///   "settings": {...},           // the section's own keys, secrets as "***"
///   "accounts": [{"id": "...", ...}]   // entries of channels.<id>.accounts, secrets as "***"
/// }
/// ```
///
/// Needs the grants `cli = [["plugins", "list", "--json"]]` and
/// `config = [{ pointer = "/channels/<id>", access = "read" }]`.
pub fn standard_config_status(info: &ChannelInfo) -> Result<Value, CapError> {
    let plugin = plugin_state(&info.plugin_id)?;
    let section = ChannelConfig::read(&info.id)?;
    Ok(status_json(info, &plugin, section.as_ref()))
}

/// [`standard_config_status`]'s JSON from values already read (for tests and for channels that
/// add fields of their own).
pub fn status_json(info: &ChannelInfo, plugin: &PluginState, section: Option<&ChannelConfig>) -> Value {
    json!({
        "channel": info.id,
        "displayName": info.display_name,
        "plugin": plugin,
        "configured": section.is_some(),
        "enabled": section.and_then(ChannelConfig::enabled),
        "settings": section.map_or_else(|| json!({}), ChannelConfig::settings),
        "accounts": section.map(ChannelConfig::accounts).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;

    impl Channel for Plain {
        fn info() -> ChannelInfo {
            ChannelInfo::bundled("plain", "Plain", "plain")
        }
    }

    struct Scanning;

    impl Channel for Scanning {
        fn info() -> ChannelInfo {
            ChannelInfo::external("scan", "Scan", "scan", "@x/scan@1.0.0").with_qr_login()
        }
    }

    #[test]
    fn login_command_defaults_follow_qr_login() {
        assert_eq!(
            Scanning::login_command(),
            Ok(["channels", "login", "--channel", "scan"].map(String::from).to_vec())
        );
        let err = Plain::login_command().unwrap_err();
        assert_eq!(err, CapError::Invalid("Plain does not log in with a QR code".into()));
    }

    #[test]
    fn read_login_defaults_to_the_generic_reading() {
        assert_eq!(Plain::read_login("", None).status, LoginStatus::Pending);
        assert_eq!(Plain::read_login("done\n", Some(0)).status, LoginStatus::Confirmed);
    }

    #[test]
    fn status_json_without_a_section() {
        let info = Plain::info();
        let status = status_json(&info, &PluginState::missing("plain"), None);
        assert_eq!(
            status,
            json!({
                "channel": "plain", "displayName": "Plain",
                "plugin": {"id": "plain", "installed": false, "enabled": false, "status": null, "origin": null, "version": null},
                "configured": false, "enabled": null, "settings": {}, "accounts": []
            })
        );
        let section = ChannelConfig::from_value(&json!({"enabled": false, "apiKey": "k", "accounts": {"a": {}}}));
        let status = status_json(&info, &PluginState::missing("plain"), Some(&section));
        assert_eq!(status["settings"], json!({"enabled": false, "apiKey": "***"}));
        assert_eq!(status["accounts"], json!([{"id": "a"}]));
        assert_eq!(status["enabled"], json!(false));
    }
}
