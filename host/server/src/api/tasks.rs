//! E07: long-running tasks.

use axum::extract::State;
use serde::Deserialize;
use serde_json::Value;

use super::envelope::{ApiResult, ok};
use super::extract::Query;
use crate::app_state::AppState;
use crate::error::ApiError;

/// Query of E07.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TasksQuery {
    id: Option<String>,
    kind: Option<String>,
    state: Option<String>,
    limit: Option<u32>,
}

const STATES: &[&str] = &["queued", "running", "succeeded", "failed", "interrupted"];

/// `GET /v1/tasks/status`: one task with `?id=`, else recent tasks.
pub async fn get_tasks(State(app): State<AppState>, Query(q): Query<TasksQuery>) -> ApiResult<Value> {
    if let Some(id) = q.id {
        super::validate::id("id", &id)?;
        let task = app.tasks.get(&id).await?.ok_or_else(|| ApiError::NotFound(format!("no task {id:?}")))?;
        return Ok(ok(serde_json::to_value(task).map_err(|e| ApiError::Opaque(e.into()))?));
    }
    if let Some(s) = &q.state
        && !STATES.contains(&s.as_str())
    {
        return Err(ApiError::field("state", format!("must be one of {}", STATES.join(", "))));
    }
    let limit = q.limit.unwrap_or(50);
    if !(1..=500).contains(&limit) {
        return Err(ApiError::field("limit", "must be 1..=500"));
    }
    let list = app.tasks.list(q.kind, q.state, limit).await?;
    Ok(ok(serde_json::to_value(list).map_err(|e| ApiError::Opaque(e.into()))?))
}
