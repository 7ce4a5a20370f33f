//! E06: bots ranked by how often they are asked, from the agents' own session stores.

use axum::extract::State;
use serde::Deserialize;

use super::envelope::{ApiResult, ok};
use super::extract::Query;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_openclaw::session_stats::{self, BotActivity};

/// E06's query.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopQuery {
    limit: Option<String>,
}

/// `GET /v1/openclaw/bots/top?limit=10`: most user messages first, then most sessions.
pub async fn get_bots_top(State(app): State<AppState>, Query(q): Query<TopQuery>) -> ApiResult<Vec<BotActivity>> {
    let limit = match q.limit.as_deref() {
        None => 10,
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=100).contains(n))
            .ok_or_else(|| ApiError::field("limit", "must be a whole number from 1 to 100"))?,
    };
    Ok(ok(session_stats::top(&app.openclaw, limit).await?))
}
