//! Plugins (E29–E34) through the OpenClaw CLI, which does more than edit openclaw.json here
//! (install records, package files, the running gateway's plugin registry).
//!
//! `plugins list --json` (2–3 s) is cached and invalidated after every mutation. Mutations run
//! under the config store's writer lock, since they rewrite openclaw.json. When a change was
//! only saved for the next gateway start while a gateway is running, a restart is pending;
//! E32 reports it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Value, json};

use super::cli::{CliError, CliOutput};
use crate::Error;
use crate::OpenClaw;

/// How long a plugin list is served from memory (Buddy's own changes invalidate it at once).
const LIST_TTL: Duration = Duration::from_secs(60);
const LIST: [&str; 3] = ["plugins", "list", "--json"];

/// Set when a change was saved for the next gateway start while a gateway was running.
static RESTART_PENDING: AtomicBool = AtomicBool::new(false);

/// E29's reply (E32's, with `restartRequired`).
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct PluginList {
    pub count: usize,
    pub plugins: Vec<Plugin>,
    /// OpenClaw's diagnostics of the plugin set.
    pub diagnostics: Value,
    /// E32 only: whether the gateway must restart to apply changes saved for its next start.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restart_required: Option<bool>,
}

/// One plugin, reduced to what an operator needs, as OpenClaw's list reports it.
#[derive(Debug, Clone, Serialize, serde::Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Plugin {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `bundled`, `global`, `workspace`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    /// `loaded`, `disabled`, `error`…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_ids: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_ids: Option<Vec<String>>,
}

/// E30/E31's outcome.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PluginSwitched {
    pub id: String,
    pub enabled: bool,
    /// OpenClaw's last line of output.
    pub message: String,
}

/// E34's outcome.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PluginUninstalled {
    pub id: String,
    pub uninstalled: bool,
    /// OpenClaw's last line of output.
    pub message: String,
}

/// E29: the plugins, each reduced to what an operator needs, plus OpenClaw's diagnostics.
pub async fn list(app: &OpenClaw, refresh: bool) -> Result<PluginList, Error> {
    if refresh {
        app.cli_cache.invalidate(&["plugins"]);
    }
    let raw = app.cli_cache.json(&app.cli, &LIST, LIST_TTL).await?;
    let plugins = raw
        .get("plugins")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|p| serde_json::from_value(p.clone()))
        .collect::<Result<Vec<Plugin>, _>>()
        .map_err(|e| Error::Upstream(format!("openclaw plugins list --json answered an unexpected plugin: {e}")))?;
    Ok(PluginList {
        count: plugins.len(),
        plugins,
        diagnostics: raw.get("diagnostics").cloned().unwrap_or(json!([])),
        restart_required: None,
    })
}

/// One plugin from the (cached) list.
async fn find(app: &OpenClaw, id: &str) -> Result<Option<Value>, Error> {
    let raw = app.cli_cache.json(&app.cli, &LIST, LIST_TTL).await?;
    Ok(raw.get("plugins").and_then(Value::as_array).and_then(|ps| ps.iter().find(|p| p["id"] == id)).cloned())
}

/// Runs a mutating plugin command under the writer lock; maps OpenClaw's refusals to 4xx.
async fn mutate(app: &OpenClaw, args: &[&str]) -> Result<CliOutput, Error> {
    let out = app.config_store.external_write(app.cli.run(args, None)).await;
    app.cli_cache.invalidate(&["plugins"]);
    let out = out?;
    if out.status == 0 {
        if out.stdout.contains("Saved for the next Gateway start") && gateway_live(app).await {
            RESTART_PENDING.store(true, Ordering::SeqCst);
        }
        return Ok(out);
    }
    let message = match app.cli.failure(args, &out) {
        CliError::Failed { message, .. } => message,
        other => return Err(other.into()),
    };
    Err(if message.contains("Plugin not found") || message.contains("not associated with a tracked package") {
        Error::NotFound(message)
    } else if message.contains("capability consent") {
        Error::Conflict(format!("{message} (send \"acceptCapabilities\": true to accept them)"))
    } else {
        app.cli.failure(args, &out).into()
    })
}

async fn gateway_live(app: &OpenClaw) -> bool {
    app.probe.probe(&app.gateway_url().await).await.live
}

/// The last non-empty line OpenClaw printed, e.g. `Enabled plugin "x". Saved for the next Gateway start.`
fn last_line(out: &CliOutput) -> String {
    out.stdout.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or_default().to_string()
}

/// E30/E31: `openclaw plugins enable|disable <id>`.
pub async fn set_enabled(
    app: &OpenClaw,
    id: &str,
    enabled: bool,
    accept_capabilities: bool,
) -> Result<PluginSwitched, Error> {
    let mut args = vec!["plugins", if enabled { "enable" } else { "disable" }, id];
    if enabled && accept_capabilities {
        args.push("--accept-capabilities");
    }
    let out = mutate(app, &args).await?;
    Ok(PluginSwitched { id: id.to_string(), enabled, message: last_line(&out).to_string() })
}

/// E34: `openclaw plugins uninstall <id> --force`. Bundled plugins ship with OpenClaw.
pub async fn uninstall(app: &OpenClaw, id: &str) -> Result<PluginUninstalled, Error> {
    if find(app, id).await?.is_some_and(|p| p["origin"] == "bundled") {
        return Err(Error::Conflict(format!(
            "plugin \"{id}\" is bundled with OpenClaw and cannot be uninstalled; disable it instead \
             (POST /v1/openclaw/plugins/disable)"
        )));
    }
    let out = mutate(app, &["plugins", "uninstall", id, "--force"]).await?;
    Ok(PluginUninstalled { id: id.to_string(), uninstalled: true, message: last_line(&out).to_string() })
}

/// E32: forgets the cached list, re-reads it, and says whether the gateway must restart to
/// pick up changes that were only saved for its next start.
pub async fn reload(app: &OpenClaw) -> Result<PluginList, Error> {
    let mut plugins = list(app, true).await?;
    let live = gateway_live(app).await;
    if !live {
        // A stopped gateway loads everything at its next start.
        RESTART_PENDING.store(false, Ordering::SeqCst);
    }
    plugins.restart_required = Some(live && RESTART_PENDING.load(Ordering::SeqCst));
    Ok(plugins)
}

/// E33: `openclaw plugins update --all`, run to the end (the server runs it as a task); the
/// output lines.
pub async fn update_all(app: &OpenClaw) -> Result<Value, Error> {
    let out = mutate(app, &["plugins", "update", "--all"]).await?;
    let lines: Vec<&str> = out.stdout.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Ok(json!({"output": lines}))
}
