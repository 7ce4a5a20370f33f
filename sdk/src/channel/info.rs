//! [`ChannelInfo`]: what a channel module says about itself.

/// The channel a module drives, as Buddy lists it in `GET /v1/channels`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelInfo {
    /// The channel's id in OpenClaw: its config lives at `channels.<id>` in `openclaw.json`.
    pub id: String,
    /// The name shown to people, e.g. `WeChat`.
    pub display_name: String,
    /// The OpenClaw plugin that implements the channel (`plugins list` id).
    pub plugin_id: String,
    /// The npm spec the plugin installs from, with a version that exists
    /// (`@scope/name@1.2.3`); empty for a plugin bundled with OpenClaw.
    pub plugin_package: String,
    /// Whether the channel logs in by scanning a QR code printed by its login command.
    pub qr_login: bool,
}

impl ChannelInfo {
    /// A channel whose plugin ships with OpenClaw (`plugin_package` empty), without QR login.
    pub fn bundled(id: &str, display_name: &str, plugin_id: &str) -> Self {
        Self {
            id: id.to_owned(),
            display_name: display_name.to_owned(),
            plugin_id: plugin_id.to_owned(),
            plugin_package: String::new(),
            qr_login: false,
        }
    }

    /// A channel whose plugin installs from the npm spec `package`, without QR login.
    pub fn external(id: &str, display_name: &str, plugin_id: &str, package: &str) -> Self {
        Self { plugin_package: package.to_owned(), ..Self::bundled(id, display_name, plugin_id) }
    }

    /// The same channel, logging in by QR code.
    #[must_use]
    pub fn with_qr_login(mut self) -> Self {
        self.qr_login = true;
        self
    }

    /// True when the plugin ships with OpenClaw and installing it only means enabling it.
    pub fn is_bundled(&self) -> bool {
        self.plugin_package.is_empty()
    }

    /// The JSON pointer of the channel's config, `/channels/<id>` (what a `config` grant names).
    pub fn config_pointer(&self) -> String {
        crate::config::pointer(&["channels", &self.id])
    }

    /// The conventional OpenClaw login command for the channel:
    /// `channels login --channel <id>`.
    pub fn login_argv(&self) -> Vec<String> {
        ["channels", "login", "--channel", &self.id].iter().map(|s| (*s).to_owned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_fill_the_record() {
        let wx = ChannelInfo::external("openclaw-weixin", "WeChat", "openclaw-weixin", "@t/w@1.0.0").with_qr_login();
        assert!(wx.qr_login && !wx.is_bundled());
        assert_eq!(wx.config_pointer(), "/channels/openclaw-weixin");
        assert_eq!(wx.login_argv(), ["channels", "login", "--channel", "openclaw-weixin"]);
        let tg = ChannelInfo::bundled("telegram", "Telegram", "telegram");
        assert!(tg.is_bundled() && !tg.qr_login);
    }
}
