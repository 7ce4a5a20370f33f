//! The operator's view of login sessions: list them, revoke one by its public handle. (OpenClaw's
//! own chat sessions are E39, `/v1/openclaw/sessions`.)

use axum::Extension;
use axum::extract::State;
use axum::response::Response;
use schemars::JsonSchema;
use serde::Serialize;

use super::envelope::{ApiResult, ok};
use super::extract::Path;
use super::middleware::audit::targeted;
use super::middleware::auth::{Caller, Via};
use crate::app_state::AppState;
use crate::error::ApiError;
use crate::state::sessions::SessionInfo;

/// One row of the list.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Listed {
    #[serde(flatten)]
    session: SessionInfo,
    /// The session this request came with.
    current: bool,
}

/// `GET /v1/auth/sessions`: the live login sessions, oldest first (never their ids).
pub async fn get_sessions(State(app): State<AppState>, Extension(caller): Extension<Caller>) -> ApiResult<Vec<Listed>> {
    let mine = match &caller.via {
        Via::Session(h) => Some(h.as_str()),
        _ => None,
    };
    Ok(ok(app
        .sessions
        .list()
        .into_iter()
        .map(|s| Listed { current: mine == Some(s.id.as_str()), session: s })
        .collect()))
}

/// The reply to a revocation: the handle of the session ended.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Revoked {
    revoked: String,
}

/// `DELETE /v1/auth/sessions/{id}`: ends that session at once.
pub async fn delete_session(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let result: ApiResult<Revoked> = async {
        if id.len() != 16 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ApiError::field("id", "must be a session handle from GET /v1/auth/sessions"));
        }
        if !app.sessions.revoke(&id).await? {
            return Err(ApiError::NotFound(format!("no session {id}")));
        }
        Ok(ok(Revoked { revoked: id.clone() }))
    }
    .await;
    targeted(format!("session:{id}"), result)
}
