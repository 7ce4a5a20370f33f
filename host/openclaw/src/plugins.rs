//! Plugins (E29–E34) through the OpenClaw CLI, which does more than edit openclaw.json here
//! (install records, package files, the running gateway's plugin registry).
//!
//! `plugins list --json` (2–3 s) is cached and invalidated after every mutation. Mutations run
//! under the config store's writer lock, since they rewrite openclaw.json. When a change was
//! only saved for the next gateway start while a gateway is running, a restart is pending;
//! E32 reports it.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use super::cli::{CliError, CliOutput};
use crate::Error;
use crate::OpenClaw;

/// How long a plugin list is served from memory (Buddy's own changes invalidate it at once).
const LIST_TTL: Duration = Duration::from_secs(60);
const LIST: [&str; 3] = ["plugins", "list", "--json"];

/// Set when a change was saved for the next gateway start while a gateway was running.
static RESTART_PENDING: AtomicBool = AtomicBool::new(false);

/// E29: the plugins, each reduced to what an operator needs, plus OpenClaw's diagnostics.
pub async fn list(app: &OpenClaw, refresh: bool) -> Result<Value, Error> {
    if refresh {
        app.cli_cache.invalidate(&["plugins"]);
    }
    let raw = app.cli_cache.json(&app.cli, &LIST, LIST_TTL).await?;
    let plugins: Vec<Value> = raw.get("plugins").and_then(Value::as_array).into_iter().flatten().map(project).collect();
    Ok(json!({
        "count": plugins.len(),
        "plugins": plugins,
        "diagnostics": raw.get("diagnostics").cloned().unwrap_or(json!([])),
    }))
}

fn project(p: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for key in
        ["id", "name", "version", "description", "origin", "enabled", "status", "format", "channelIds", "providerIds"]
    {
        if let Some(v) = p.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    Value::Object(out)
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
pub async fn set_enabled(app: &OpenClaw, id: &str, enabled: bool, accept_capabilities: bool) -> Result<Value, Error> {
    let mut args = vec!["plugins", if enabled { "enable" } else { "disable" }, id];
    if enabled && accept_capabilities {
        args.push("--accept-capabilities");
    }
    let out = mutate(app, &args).await?;
    Ok(json!({"id": id, "enabled": enabled, "message": last_line(&out)}))
}

/// E34: `openclaw plugins uninstall <id> --force`. Bundled plugins ship with OpenClaw.
pub async fn uninstall(app: &OpenClaw, id: &str) -> Result<Value, Error> {
    if find(app, id).await?.is_some_and(|p| p["origin"] == "bundled") {
        return Err(Error::Conflict(format!(
            "plugin \"{id}\" is bundled with OpenClaw and cannot be uninstalled; disable it instead \
             (POST /v1/openclaw/plugins/disable)"
        )));
    }
    let out = mutate(app, &["plugins", "uninstall", id, "--force"]).await?;
    Ok(json!({"id": id, "uninstalled": true, "message": last_line(&out)}))
}

/// E32: forgets the cached list, re-reads it, and says whether the gateway must restart to
/// pick up changes that were only saved for its next start.
pub async fn reload(app: &OpenClaw) -> Result<Value, Error> {
    let mut plugins = list(app, true).await?;
    let live = gateway_live(app).await;
    if !live {
        // A stopped gateway loads everything at its next start.
        RESTART_PENDING.store(false, Ordering::SeqCst);
    }
    if let Some(map) = plugins.as_object_mut() {
        map.insert("restartRequired".into(), json!(live && RESTART_PENDING.load(Ordering::SeqCst)));
    }
    Ok(plugins)
}

/// E33: `openclaw plugins update --all`, run to the end (the server runs it as a task); the
/// output lines.
pub async fn update_all(app: &OpenClaw) -> Result<Value, Error> {
    let out = mutate(app, &["plugins", "update", "--all"]).await?;
    let lines: Vec<&str> = out.stdout.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Ok(json!({"output": lines}))
}
