//! E07: long-running tasks.

use axum::extract::State;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, ok};
use super::extract::Query;
use crate::app_state::AppState;
use crate::db::tasks::TaskView as Task;
use crate::error::ApiError;

/// Query of E07.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TasksQuery {
    /// One task by its id.
    #[schemars(regex(pattern = super::validate::ID_PATTERN))]
    id: Option<String>,
    /// Only tasks of this kind (`gateway-restart`, `plugins-update`…).
    kind: Option<String>,
    /// Only tasks in this state.
    #[schemars(regex(pattern = "^(queued|running|succeeded|failed|interrupted)$"))]
    state: Option<String>,
    /// At most this many, newest first (default 50).
    #[schemars(range(min = 1, max = 500))]
    limit: Option<u32>,
}

/// The reply of a route that started a task (202): follow it with `GET /v1/tasks/status?id=`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TaskStarted {
    #[serde(rename = "taskID")]
    pub task_id: String,
}

/// E07's reply: one task (with `?id=`) or the recent ones.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Tasks {
    One(Box<Task>),
    Recent(Vec<Task>),
}

const STATES: &[&str] = &["queued", "running", "succeeded", "failed", "interrupted"];

/// `GET /v1/tasks/status`: one task with `?id=`, else recent tasks.
pub async fn get_tasks(State(app): State<AppState>, Query(q): Query<TasksQuery>) -> ApiResult<Tasks> {
    if let Some(id) = q.id {
        super::validate::id("id", &id)?;
        let task = app.tasks.get(&id).await?.ok_or_else(|| ApiError::NotFound(format!("no task {id:?}")))?;
        return Ok(ok(Tasks::One(Box::new(task))));
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
    Ok(ok(Tasks::Recent(list)))
}
