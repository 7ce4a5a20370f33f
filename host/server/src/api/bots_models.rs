//! E10: bots and models from the openclaw.json snapshot (microseconds, never stale), in the
//! reference's shape `{data: {bots, models}, updated_at}`.

use std::sync::Arc;

use axum::extract::State;
use serde::{Deserialize, Serialize};

use super::envelope::Rendered;
use super::extract::Query;
use super::per_snapshot::PerSnapshot;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_openclaw::bots_models::{Bot, Model};
use buddy_openclaw::snapshot::Snapshot;

/// Query of E10.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BotsModelsQuery {
    #[serde(default)]
    refresh: bool,
}

/// E10's data.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct BotsModelsReply<'a> {
    data: Roster<'a>,
    /// When the config was read, `YYYY-MM-DD hh:mm:ss` in UTC as the reference shows it.
    updated_at: String,
    /// The same instant in RFC 3339 with milliseconds.
    updated_at_iso: String,
}

/// The bots and the models they can use.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Roster<'a> {
    bots: &'a [Bot],
    models: &'a [Model],
}

/// `GET /v1/openclaw/bots-models`.
pub async fn get_bots_models(
    State(app): State<AppState>,
    Query(q): Query<BotsModelsQuery>,
) -> Result<Rendered, ApiError> {
    let snap = if q.refresh { app.openclaw.snapshot.reload(true).await? } else { app.openclaw.snapshot.get().await? };
    rendered(&snap)
}

static REPLY: PerSnapshot = PerSnapshot::new();

fn rendered(snap: &Arc<Snapshot>) -> Result<Rendered, ApiError> {
    REPLY.reply(snap, |snap| {
        Rendered::ok(&BotsModelsReply {
            data: Roster { bots: &snap.view.bots, models: &snap.view.models },
            updated_at: buddy_openclaw::time::reference_time_ms(snap.updated_ms),
            updated_at_iso: buddy_openclaw::time::rfc3339_ms(snap.updated_ms),
        })
    })
}
