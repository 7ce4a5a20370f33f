//! E39: the agents' sessions, as `openclaw sessions --json` lists them.

use axum::extract::State;
use schemars::JsonSchema;
use serde::Deserialize;

use super::envelope::{ApiResult, ok};
use super::extract::Query;
use super::validate;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_openclaw::sessions::{self, SessionQuery, Sessions};

/// E39's query.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionsQuery {
    /// One agent; all agents when absent.
    #[schemars(regex(pattern = super::validate::AGENT_ID_PATTERN))]
    agent: Option<String>,
    /// 1..=1000, or `all`.
    #[schemars(regex(pattern = "^([1-9][0-9]{0,3}|all)$"))]
    limit: Option<String>,
    /// Only sessions active in the last this many minutes (1..=525600).
    #[schemars(regex(pattern = "^[1-9][0-9]{0,5}$"))]
    active: Option<String>,
}

fn number(field: &str, value: &str, max: u32) -> Result<u32, ApiError> {
    value
        .parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| ApiError::field(field, format!("must be a whole number from 1 to {max}")))
}

/// `GET /v1/openclaw/sessions[?agent=&limit=&active=]`.
pub async fn get_sessions(State(app): State<AppState>, Query(q): Query<SessionsQuery>) -> ApiResult<Sessions> {
    if let Some(a) = &q.agent {
        validate::agent_id("agent", a)?;
    }
    let mut query = SessionQuery { agent: q.agent, ..Default::default() };
    match q.limit.as_deref() {
        None => {}
        Some("all") => query.all = true,
        Some(v) => query.limit = Some(number("limit", v, 1000)?),
    }
    if let Some(v) = &q.active {
        query.active_minutes = Some(number("active", v, 525_600)?);
    }
    Ok(ok(sessions::list(&app.openclaw, &query).await?))
}
