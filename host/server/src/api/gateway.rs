//! E40: gateway start / stop / restart as tasks (202 + taskID, verified outcome in E07).

use axum::extract::State;
use axum::response::{IntoResponse, Response};

use super::envelope::accepted;
use super::extract::Path;
use super::middleware::audit::AuditTarget;
use super::tasks::TaskStarted;
use crate::app_state::AppState;
use crate::error::ApiError;
use crate::gateway::{Action, Desired};

/// `POST /v1/gateway/{action}`.
pub async fn post_gateway_action(
    State(app): State<AppState>,
    Path(action): Path<String>,
) -> Result<Response, ApiError> {
    let action = Action::parse(&action).ok_or_else(|| ApiError::field("action", "must be start, stop or restart"))?;
    // The operator's intent counts from the request on: healing keeps a started gateway up and
    // leaves a stopped one alone.
    app.gateway.set_desired(if action == Action::Stop { Desired::Stopped } else { Desired::Running });
    // An operator acting resets the monitor's failure count and backoff.
    app.monitor.reset();
    let id = crate::lifecycle::queue(&app, action).await?;
    // The reference's messages: "Start command initiated" and the like.
    let message = match action {
        Action::Start => "Start command initiated",
        Action::Stop => "Stop command initiated",
        Action::Restart => "Restart command initiated",
    };
    let mut response = accepted(TaskStarted { task_id: id }).with_message(message).into_response();
    response.extensions_mut().insert(AuditTarget(format!("gateway:{}", action.as_str())));
    Ok(response)
}
