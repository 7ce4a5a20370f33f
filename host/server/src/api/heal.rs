//! E41 heal events, E42 heal reports, E43 config backups, E44 a backup's diff against the
//! current config (computed by the configured analyzer module).

use axum::extract::State;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::envelope::{ApiResult, ok};
use super::extract::{Path, Query};
use crate::app_state::AppState;
use crate::db::heal_events::{self, HealEvent, HealReport};
use crate::error::ApiError;
use buddy_openclaw::config_store::BackupInfo;

/// Query of E41/E42.
#[derive(Debug, Deserialize)]
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
    let reports = app.db.call(move |c| heal_events::reports(c, id, limit)).await?;
    if let (Some(id), true) = (id, reports.is_empty()) {
        return Err(ApiError::NotFound(format!("no heal report {id}")));
    }
    Ok(ok(reports))
}

/// `GET /v1/heal/backups`.
pub async fn get_backups(State(app): State<AppState>) -> ApiResult<Vec<BackupInfo>> {
    Ok(ok(app.openclaw.config_store.backups().await?))
}

/// E44's data.
#[derive(Debug, Serialize)]
pub struct BackupDiff {
    backup: String,
    analyzer: String,
    changes: Vec<Value>,
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
    let analyzer = app.config.heal.analyzer.clone();
    let module = app.modules.analyzer(&analyzer).await?;
    let (old, new) = (crate::monitor::heal::normalized(&old), crate::monitor::heal::normalized(&current));
    let changes = app.modules.diff(&module, &old, &new).await?;
    let parse = |s: Option<String>| s.map(|t| serde_json::from_str(&t).unwrap_or(Value::String(t)));
    let changes = changes
        .into_iter()
        .map(|c| serde_json::json!({ "path": c.path, "kind": c.kind, "old": parse(c.old_json), "new": parse(c.new_json) }))
        .collect();
    Ok(ok(BackupDiff { backup: name, analyzer, changes }))
}
