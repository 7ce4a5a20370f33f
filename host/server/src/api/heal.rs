//! E41 heal events, E42 heal reports, E43 config backups, E44 a backup's diff against the
//! current config (computed by the active analyzer module, which sees both configs masked), and
//! the choice of that analyzer, which takes effect at once.
//!
//! What these replies quote from a config goes through Buddy's one redaction policy
//! (`buddy_rules::secrets`) on the way out, whatever the analyzer did: a diff shows that a
//! secret changed, never its value, and a report is cleaned of the current config's secrets.

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::envelope::{ApiResult, ok};
use super::extract::{Json, Path, Query};
use super::middleware::auth::Caller;
use crate::app_state::AppState;
use crate::db::heal_events::{self, HealEvent, HealReport};
use crate::error::ApiError;
use crate::monitor::masked_configs::mask_pair;
use crate::state::analyzer::AnalyzerView;
use buddy_openclaw::config_store::BackupInfo;
use buddy_rules::secrets;

/// The `settings` key of the analyzer chosen through the API.
pub const ANALYZER_SETTING: &str = "heal.analyzer";

/// Query of E41/E42.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HealQuery {
    id: Option<i64>,
    since: Option<String>,
    limit: Option<u32>,
}

fn limit(q: Option<u32>) -> Result<u32, ApiError> {
    let l = q.unwrap_or(50);
    if (1..=500).contains(&l) { Ok(l) } else { Err(ApiError::field("limit", "must be 1..=500")) }
}

/// `GET /v1/heal/events`.
pub async fn get_heal_events(State(app): State<AppState>, Query(q): Query<HealQuery>) -> ApiResult<Vec<HealEvent>> {
    let limit = limit(q.limit)?;
    let since = q
        .since
        .as_deref()
        .map(|s| {
            buddy_openclaw::time::parse_time_ms(s)
                .ok_or_else(|| ApiError::field("since", "must be RFC 3339 or epoch milliseconds"))
        })
        .transpose()?;
    Ok(ok(app.db.call(move |c| heal_events::list(c, since, limit)).await?))
}

/// `GET /v1/heal/reports` (`?id=` for one).
pub async fn get_heal_reports(State(app): State<AppState>, Query(q): Query<HealQuery>) -> ApiResult<Vec<HealReport>> {
    let limit = limit(q.limit)?;
    let id = q.id;
    let mut reports = app.db.call(move |c| heal_events::reports(c, id, limit)).await?;
    if let (Some(id), true) = (id, reports.is_empty()) {
        return Err(ApiError::NotFound(format!("no heal report {id}")));
    }
    let known = match app.openclaw.snapshot.get().await {
        Ok(snap) => secrets::secret_values(&snap.config),
        Err(_) => Vec::new(),
    };
    for r in &mut reports {
        r.report = secrets::mask_text(&r.report, &known);
    }
    Ok(ok(reports))
}

/// `GET /v1/heal/backups`.
pub async fn get_backups(State(app): State<AppState>) -> ApiResult<Vec<BackupInfo>> {
    Ok(ok(app.openclaw.config_store.backups().await?))
}

/// E44's data.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct BackupDiff {
    backup: String,
    /// The analyzer module that computed the changes.
    analyzer: String,
    changes: Vec<ConfigChange>,
}

/// One change between a backup and the current config, secrets masked.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ConfigChange {
    /// A JSON pointer into openclaw.json.
    path: String,
    /// `added`, `removed` or `changed`.
    kind: String,
    /// The backup's value; absent when added.
    old: Option<Value>,
    /// The current value; absent when removed.
    new: Option<Value>,
}

/// `GET /v1/heal/backups/{name}/diff`.
pub async fn get_backup_diff(State(app): State<AppState>, Path(name): Path<String>) -> ApiResult<BackupDiff> {
    if app.openclaw.config_store.backup_path(&name).is_none() {
        return Err(ApiError::field("name", "is not a backup name (see GET /v1/heal/backups)"));
    }
    let old = app
        .openclaw
        .config_store
        .backup_bytes(&name)
        .await
        .map_err(|_| ApiError::NotFound(format!("no backup {name:?}")))?;
    let current = tokio::fs::read(app.openclaw.config_store.path())
        .await
        .map_err(|e| ApiError::Unavailable(format!("cannot read openclaw.json: {e}")))?;
    let analyzer = app.analyzer.name();
    let module = app.modules.analyzer(&analyzer).await?;
    let (old, new) = (crate::monitor::heal::normalized(&old), crate::monitor::heal::normalized(&current));
    let known = match app.openclaw.snapshot.get().await {
        Ok(snap) => buddy_openclaw::redact::known_secrets(&snap.config),
        Err(_) => Vec::new(),
    };
    let (old, new) = mask_pair(Some(&old), Some(&new), &known);
    let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
    let changes = app.modules.diff(&module, &old, &new).await?;
    let mut known = Vec::new();
    for text in [&old, &new] {
        if let Ok(doc) = serde_json::from_str::<Value>(text) {
            known.extend(secrets::secret_values(&doc));
        }
    }
    known.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let changes = changes
        .into_iter()
        .map(|c| {
            let secret = is_secret_pointer(&c.path);
            let shown = |v: Option<String>| v.map(|t| reveal(&t, secret, &known));
            ConfigChange { path: c.path, kind: c.kind, old: shown(c.old_json), new: shown(c.new_json) }
        })
        .collect();
    Ok(ok(BackupDiff { backup: name, analyzer, changes }))
}

/// Whether a JSON pointer (`/models/providers/p/apiKey`) names a secret under the policy.
fn is_secret_pointer(pointer: &str) -> bool {
    let keys: Vec<String> = pointer.split('/').skip(1).map(|k| k.replace("~1", "/").replace("~0", "~")).collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).filter(|k| k.parse::<usize>().is_err()).collect();
    secrets::is_secret_path(&keys) || keys.last().is_some_and(|k| secrets::is_secret_map(k))
}

/// `value` with any known secret cut out of each string.
fn scrub(value: Value, known: &[String]) -> Value {
    match value {
        Value::String(s) => Value::String(secrets::mask_text(&s, known)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| scrub(v, known)).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, scrub(v, known))).collect()),
        other => other,
    }
}

/// A changed value as the reply shows it: masked whole when its path is secret, else masked
/// by the policy inside, with any known secret it quotes cut out.
fn reveal(json_text: &str, secret: bool, known: &[String]) -> Value {
    if secret {
        return Value::String(secrets::MASK.into());
    }
    match serde_json::from_str::<Value>(json_text) {
        Ok(Value::String(s)) => Value::String(secrets::mask_text(&secrets::mask_url(&s), known)),
        Ok(v) => scrub(secrets::mask_config(&v), known),
        Err(_) => Value::String(secrets::mask_text(json_text, known)),
    }
}

/// `POST /v1/heal/analyzer`'s body.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnalyzerChoice {
    /// A loaded analyzer module, or `null` for buddy.toml's `heal.analyzer`.
    name: Option<String>,
}

/// `POST /v1/heal/analyzer`: picks the analyzer module heals and E44 call, at once and across
/// restarts; `{"name": null}` goes back to buddy.toml's.
pub async fn post_analyzer(
    State(app): State<AppState>,
    caller: Option<axum::Extension<Caller>>,
    Json(body): Json<AnalyzerChoice>,
) -> Response {
    let target = body.name.clone().unwrap_or_else(|| app.config.heal.analyzer.clone());
    let result: ApiResult<AnalyzerView> = async {
        if let Some(name) = &body.name {
            if !buddy_runtime::manifest::is_module_name(name) {
                return Err(ApiError::field("name", "must match ^[a-z][a-z0-9-]{0,31}$"));
            }
            app.modules.analyzer(name).await.map_err(|e| ApiError::field("name", e.to_string()))?;
        }
        let by = caller.map(|c| c.label()).unwrap_or_else(|| "anonymous".into());
        let value = body.name.clone();
        app.db
            .call(move |c| {
                crate::db::settings::set(c, ANALYZER_SETTING, value.as_deref(), &by, buddy_openclaw::time::now_ms())
            })
            .await?;
        app.analyzer.choose(body.name);
        Ok(ok(app.analyzer.view()))
    }
    .await;
    super::middleware::audit::targeted(format!("analyzer:{target}"), result)
}
