//! The channel's OpenClaw plugin: is it installed and enabled, and installing or enabling it.
//!
//! Each function runs the `openclaw` CLI, so the module's manifest must grant the exact
//! commands (nothing wider is needed):
//!
//! ```toml
//! [grants]
//! cli = [
//!     ["plugins", "list", "--json"],                        # plugin_state, find_plugin
//!     ["plugins", "install", "@scope/plugin@1.2.3"],        # install_plugin (external plugins)
//!     ["plugins", "enable", "my-plugin"],                   # enable_plugin
//! ]
//! ```

use serde::{Serialize, Serializer};
use serde_json::{Value, json};

use super::info::ChannelInfo;
use crate::events::{self, Event};
use crate::{CapError, cli, log};
use buddy_rules::strip_ansi;

/// `plugins list --json` takes about 3 s; leave room for a busy machine.
const LIST_TIMEOUT_MS: u32 = 60_000;
/// `plugins enable` takes 15-20 s (it may hot-reload the gateway).
const ENABLE_TIMEOUT_MS: u32 = 120_000;
/// `plugins install <npm spec>` took 53-74 s; the host caps this with its own CLI limit.
const INSTALL_TIMEOUT_MS: u32 = 600_000;
/// Lines of OpenClaw's own output kept in an install report.
const REPORT_LINES: usize = 5;

/// A plugin as `openclaw plugins list --json` describes it, or its absence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PluginState {
    /// The plugin id asked about.
    pub id: String,
    /// Whether OpenClaw knows the plugin (bundled plugins always are).
    pub installed: bool,
    /// Whether the plugin is enabled (`plugins.entries.<id>.enabled`).
    pub enabled: bool,
    /// OpenClaw's load status, e.g. `loaded` or `disabled`.
    pub status: Option<String>,
    /// Where it comes from: `bundled` or `global` (installed).
    pub origin: Option<String>,
    /// The installed version.
    pub version: Option<String>,
}

impl PluginState {
    /// State of an absent plugin.
    pub fn missing(id: &str) -> Self {
        Self { id: id.to_owned(), ..Self::default() }
    }

    /// Reads one entry of the `plugins` array of `plugins list --json`.
    pub fn from_entry(entry: &Value) -> Option<Self> {
        let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(Self {
            id: text("id")?,
            installed: true,
            enabled: entry.get("enabled").and_then(Value::as_bool).unwrap_or(false),
            status: text("status"),
            origin: text("origin"),
            version: text("version"),
        })
    }

    /// The state as JSON: `{"id", "installed", "enabled", "status", "origin", "version"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "installed": self.installed,
            "enabled": self.enabled,
            "status": self.status,
            "origin": self.origin,
            "version": self.version,
        })
    }
}

impl Serialize for PluginState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

/// Finds plugin `id` in the output of `plugins list --json` (`{"plugins": [...]}`).
pub fn plugin_in_list(list: &Value, id: &str) -> Option<PluginState> {
    list.get("plugins")?.as_array()?.iter().filter_map(PluginState::from_entry).find(|p| p.id == id)
}

/// Whether plugin `id` is installed and enabled, from `openclaw plugins list --json`.
/// A plugin OpenClaw does not list comes back [`missing`](PluginState::missing), not as an
/// error.
pub fn plugin_state(id: &str) -> Result<PluginState, CapError> {
    let list: Value = cli::run_with_timeout(&["plugins", "list", "--json"], LIST_TIMEOUT_MS)?.json()?;
    Ok(plugin_in_list(&list, id).unwrap_or_else(|| PluginState::missing(id)))
}

/// Runs `openclaw plugins enable <id>`; a failure carries OpenClaw's message.
pub fn enable_plugin(id: &str) -> Result<Vec<String>, CapError> {
    run_ok(&["plugins", "enable", id], ENABLE_TIMEOUT_MS)
}

/// Runs `openclaw plugins install <spec>` (an npm spec with its version); a failure carries
/// OpenClaw's message (e.g. `Package not found on npm: ...`).
pub fn install_plugin(spec: &str) -> Result<Vec<String>, CapError> {
    run_ok(&["plugins", "install", spec], INSTALL_TIMEOUT_MS)
}

/// Runs a command that must exit 0; returns the last lines it printed.
fn run_ok(args: &[&str], timeout_ms: u32) -> Result<Vec<String>, CapError> {
    let out = cli::run_with_timeout(args, timeout_ms)?;
    if !out.success() {
        return Err(CapError::Failed(out.error_message()));
    }
    Ok(last_lines(&out.stdout))
}

/// The last few meaningful lines of `text`, for a report of what OpenClaw said.
fn last_lines(text: &str) -> Vec<String> {
    let clean = strip_ansi(text);
    let lines: Vec<&str> = clean.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines[lines.len().saturating_sub(REPORT_LINES)..].iter().map(|l| (*l).to_owned()).collect()
}

/// [`ensure_plugin`], then a `channel.install` entry in Buddy's audit log with its outcome.
/// Recording never turns a done install into a failure: a refused or failed event is logged.
/// Needs the grants of [`ensure_plugin`] and `events = true`.
pub fn install_and_record(info: &ChannelInfo) -> Result<Value, CapError> {
    let result = ensure_plugin(info);
    let event = match &result {
        Ok(report) => Event::new("channel.install", &info.id)
            .detail(report.get("message").and_then(Value::as_str).unwrap_or_default()),
        Err(e) => Event::new("channel.install", &info.id).status("failure").detail(e.to_string()),
    };
    if let Err(e) = events::emit(&event) {
        log::warn(format!("could not record the install event: {e}"));
    }
    result
}

/// Makes sure the channel's plugin is installed and enabled, doing only what is missing:
///
/// - already listed: enable it when it is disabled;
/// - not listed, with an npm spec in [`ChannelInfo::plugin_package`]: install it (an installed
///   plugin enables itself), then enable it if it still is not;
/// - not listed and bundled (no package): [`CapError::NotFound`], since there is nothing to
///   install from.
///
/// Returns JSON describing what was done:
/// `{"pluginId", "package", "alreadyInstalled", "installed", "enabled", "actions": ["install",
/// "enable"], "output": [OpenClaw's last lines], "message"}`.
/// Needs the grants for `plugins list --json`, `plugins install <package>` (external plugins)
/// and `plugins enable <plugin id>`.
pub fn ensure_plugin(info: &ChannelInfo) -> Result<Value, CapError> {
    let id = info.plugin_id.as_str();
    let before = plugin_state(id)?;
    let mut actions = Vec::new();
    let mut output = Vec::new();
    if !before.installed {
        if info.is_bundled() {
            return Err(CapError::NotFound(format!(
                "plugin {id} is not part of this OpenClaw install, and the channel names no package to install it from"
            )));
        }
        output.extend(install_plugin(&info.plugin_package)?);
        actions.push("install");
    }
    let mut after = if before.installed { before.clone() } else { plugin_state(id)? };
    if !after.enabled {
        output.extend(enable_plugin(id)?);
        actions.push("enable");
        after = plugin_state(id)?;
    }
    let message = match (before.installed, actions.is_empty()) {
        (true, true) => format!("plugin {id} was already installed and enabled"),
        (true, false) => format!("plugin {id} was already installed; enabled it"),
        (false, _) => format!("installed plugin {id} from {}", info.plugin_package),
    };
    Ok(json!({
        "pluginId": id,
        "package": info.plugin_package,
        "alreadyInstalled": before.installed,
        "installed": after.installed,
        "enabled": after.enabled,
        "version": after.version,
        "actions": actions,
        "output": output,
        "message": message,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_plugin_from_the_list() {
        let list = json!({"plugins": [
            {"id": "telegram", "name": "Telegram", "version": "2026.9.6", "origin": "bundled", "enabled": true, "status": "loaded"},
            {"id": "openclaw-weixin", "origin": "global", "enabled": false, "status": "disabled"},
            {"name": "no id"}
        ], "diagnostics": []});
        let tg = plugin_in_list(&list, "telegram").unwrap();
        assert!(tg.installed && tg.enabled);
        assert_eq!(tg.origin.as_deref(), Some("bundled"));
        let wx = plugin_in_list(&list, "openclaw-weixin").unwrap();
        assert!(wx.installed && !wx.enabled);
        assert_eq!(wx.version, None);
        assert_eq!(plugin_in_list(&list, "absent"), None);
        assert_eq!(plugin_in_list(&json!({"unexpected": 1}), "telegram"), None);
    }

    #[test]
    fn state_serialises_as_its_json() {
        let state = PluginState::missing("x");
        assert_eq!(serde_json::to_value(&state).unwrap(), state.to_json());
        assert_eq!(state.to_json()["installed"], json!(false));
    }

    #[test]
    fn reports_keep_the_last_lines() {
        let text = "\x1b[32ma\x1b[0m\n\nb\nc\nd\ne\nInstalled plugin: x\n";
        assert_eq!(last_lines(text), ["b", "c", "d", "e", "Installed plugin: x"]);
    }
}
