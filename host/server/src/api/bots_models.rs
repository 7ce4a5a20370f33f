//! E10: bots and models from the openclaw.json snapshot (microseconds, never stale).

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, ok};
use super::extract::Query;
use crate::app_state::AppState;
use buddy_openclaw::bots_models::{Bot, Model};

/// Query of E10.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BotsModelsQuery {
    #[serde(default)]
    refresh: bool,
}

/// E10's data.
#[derive(Debug, Serialize)]
pub struct BotsModelsReply {
    bots: Vec<Bot>,
    models: Vec<Model>,
    updated_at: String,
}

/// `GET /v1/openclaw/bots-models`.
pub async fn get_bots_models(
    State(app): State<AppState>,
    Query(q): Query<BotsModelsQuery>,
) -> ApiResult<BotsModelsReply> {
    let snap = if q.refresh { app.openclaw.snapshot.reload(true).await? } else { app.openclaw.snapshot.get().await? };
    Ok(ok(BotsModelsReply {
        bots: snap.view.bots.clone(),
        models: snap.view.models.clone(),
        updated_at: snap.updated_at.clone(),
    }))
}
