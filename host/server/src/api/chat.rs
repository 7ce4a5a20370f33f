//! E36/E37: the gateway's chat-completions switch; E38: saved prompt shortcuts.

use axum::extract::State;
use axum::response::Response;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, Rendered, ok};
use super::extract::{Json, Path};
use super::middleware::audit::targeted;
use super::per_snapshot::PerSnapshot;
use super::validate;
use crate::app_state::AppState;
use crate::db::quick_commands::{self, QuickCommand};
use crate::error::ApiError;
use buddy_openclaw::chat_settings;

/// E36's reply.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ChatStatus {
    /// Whether the gateway's OpenAI-compatible chat endpoint is on.
    enabled: bool,
}

/// E37's reply: the reference's `{status, message}` with what changed.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ChatEnabled {
    /// Always `success`.
    #[schemars(extend("const" = "success"))]
    status: &'static str,
    message: &'static str,
    enabled: bool,
    /// Whether this call switched it on (false when it already was).
    changed: bool,
    /// Always false: OpenClaw applies the switch without a restart.
    restart_required: bool,
}

/// `GET /v1/openclaw/chat/status`: `{enabled}` from openclaw.json.
pub async fn get_chat_status(State(app): State<AppState>) -> Result<Rendered, ApiError> {
    static REPLY: PerSnapshot = PerSnapshot::new();
    let snap = app.openclaw.snapshot.get().await?;
    REPLY.reply(&snap, |snap| Rendered::ok(&ChatStatus { enabled: chat_settings::enabled(&snap.config) }))
}

/// `POST /v1/openclaw/chat/enable`: OpenClaw applies the switch without a gateway restart.
pub async fn post_chat_enable(State(app): State<AppState>) -> Response {
    let result: ApiResult<ChatEnabled> = async {
        let changed = chat_settings::enable(&app.openclaw).await?;
        // The reference asks for a restart here; OpenClaw hot-applies this switch, so the
        // message says so and `restartRequired` is false.
        let message = if changed {
            "chat completions enabled; OpenClaw applies this without a gateway restart"
        } else {
            "chat completions were already enabled"
        };
        Ok(ok(ChatEnabled { status: "success", message, enabled: true, changed, restart_required: false }))
    }
    .await;
    targeted("gateway.http.endpoints.chatCompletions", result)
}

/// `GET /v1/openclaw/chat/quick-commands`.
pub async fn get_quick_commands(State(app): State<AppState>) -> ApiResult<Vec<QuickCommand>> {
    Ok(ok(app.db.call(|c| quick_commands::list(c)).await?))
}

/// E38's reply to a new shortcut.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SavedQuickCommand {
    /// Always `success`.
    #[schemars(extend("const" = "success"))]
    status: &'static str,
    #[serde(flatten)]
    saved: QuickCommand,
}

/// E38's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewQuickCommand {
    #[schemars(length(min = 1, max = 64))]
    name: String,
    #[schemars(length(min = 1, max = 8192))]
    content: String,
}

/// `POST /v1/openclaw/chat/quick-commands` `{name, content}`: the reference's `{id, status:
/// "success"}` with the saved shortcut's fields beside them.
pub async fn post_quick_command(State(app): State<AppState>, Json(req): Json<NewQuickCommand>) -> Response {
    let result: ApiResult<SavedQuickCommand> = async {
        validate::text("name", &req.name, 1, 64)?;
        validate::text("content", &req.content, 1, 8192)?;
        let (name, content) = (req.name.clone(), req.content.clone());
        let saved =
            app.db.call(move |c| quick_commands::insert(c, &name, &content, buddy_openclaw::time::now_ms())).await?;
        Ok(ok(SavedQuickCommand { status: "success", saved }))
    }
    .await;
    targeted(format!("quick-command {}", req.name), result)
}

/// `DELETE /v1/openclaw/chat/quick-commands/{id}`.
pub async fn delete_quick_command(State(app): State<AppState>, Path(id): Path<String>) -> Response {
    let result: ApiResult<QuickCommand> = async {
        let id: i64 = id
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| ApiError::field("id", "must be a positive whole number"))?;
        let removed = app.db.call(move |c| quick_commands::delete(c, id)).await?;
        Ok(ok(removed.ok_or_else(|| ApiError::NotFound(format!("no quick command {id}")))?))
    }
    .await;
    targeted(format!("quick-command {id}"), result)
}
