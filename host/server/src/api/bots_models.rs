//! E10: bots and models from the openclaw.json snapshot (microseconds, never stale), in the
//! reference's shape `{data: {bots, models}, updated_at}`.

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
    data: Roster,
    /// When the config was read, `YYYY-MM-DD hh:mm:ss` in UTC as the reference shows it.
    updated_at: String,
    /// The same instant in RFC 3339 with milliseconds.
    updated_at_iso: String,
}

/// The bots and the models they can use.
#[derive(Debug, Serialize)]
pub struct Roster {
    bots: Vec<Bot>,
    models: Vec<Model>,
}

/// `GET /v1/openclaw/bots-models`.
pub async fn get_bots_models(
    State(app): State<AppState>,
    Query(q): Query<BotsModelsQuery>,
) -> ApiResult<BotsModelsReply> {
    let snap = if q.refresh { app.openclaw.snapshot.reload(true).await? } else { app.openclaw.snapshot.get().await? };
    Ok(ok(BotsModelsReply {
        data: Roster { bots: snap.view.bots.clone(), models: snap.view.models.clone() },
        updated_at: buddy_openclaw::time::reference_time_ms(snap.updated_ms),
        updated_at_iso: buddy_openclaw::time::rfc3339_ms(snap.updated_ms),
    }))
}
