//! E16/E17: read and write a bot's workspace files (SOUL.md, IDENTITY.md, AGENTS.md, …).
//! Only OpenClaw's own file names are accepted and nothing may leave the workspace
//! (`openclaw::workspace_files`); a write is atomic and keeps the previous version in Buddy's
//! data dir.

use std::path::PathBuf;

use axum::extract::State;
use axum::response::Response;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::envelope::{ApiResult, ok};
use super::extract::{Json, Query};
use super::middleware::audit::targeted;
use super::validate;
use crate::app_state::{App, AppState};
use crate::error::ApiError;
use buddy_openclaw::bots_models::agent_workspace;
use buddy_openclaw::workspace_files;

/// The workspace of an existing bot.
async fn workspace_of(app: &App, id: &str) -> Result<PathBuf, ApiError> {
    validate::agent_id("id", id)?;
    let snap = app.openclaw.snapshot.get().await?;
    if snap.config.pointer(&format!("/agents/entries/{id}")).is_none() {
        return Err(ApiError::NotFound(format!("bot \"{id}\" does not exist")));
    }
    Ok(PathBuf::from(agent_workspace(&snap.config, &app.openclaw.paths, id)))
}

/// The file E16/E17 mean when the request names none: the reference reads and writes a bot's
/// file by `id` alone, and the persona file is the one it means.
const DEFAULT_FILE: &str = "SOUL.md";

fn default_file() -> String {
    DEFAULT_FILE.to_string()
}

/// E16's query.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FileQuery {
    /// The bot (agent) id.
    #[schemars(length(min = 1, max = 64))]
    id: String,
    /// One of OpenClaw's workspace file names; SOUL.md when absent.
    #[serde(default = "default_file")]
    #[schemars(length(min = 1, max = 64))]
    name: String,
}

/// E16's reply: the file's text.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FileContent {
    id: String,
    name: String,
    content: String,
}

/// E17's reply: the reference's `{status: "success"}` with what was written.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FileWritten {
    /// Always `success`.
    #[schemars(extend("const" = "success"))]
    status: &'static str,
    id: String,
    name: String,
    /// The size written, in bytes.
    bytes: usize,
}

/// `GET /v1/openclaw/bots/file?id=[&name=]` (`name` defaults to SOUL.md).
pub async fn get_bot_file(State(app): State<AppState>, Query(q): Query<FileQuery>) -> ApiResult<FileContent> {
    let ws = workspace_of(&app, &q.id).await?;
    let content = workspace_files::read(&ws, &q.name).await?;
    Ok(ok(FileContent { id: q.id, name: q.name, content }))
}

/// E17's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WriteFile {
    #[schemars(length(min = 1, max = 64))]
    id: String,
    /// SOUL.md when absent.
    #[serde(default = "default_file")]
    #[schemars(length(min = 1, max = 64))]
    name: String,
    content: String,
}

/// `POST /v1/openclaw/bots/file` `{id, name?, content}`: atomic write, previous version kept as
/// a backup; the reference's `{status: "success"}` with what was written.
pub async fn post_bot_file(State(app): State<AppState>, Json(req): Json<WriteFile>) -> Response {
    let result: ApiResult<FileWritten> = async {
        let ws = workspace_of(&app, &req.id).await?;
        let backups = app.config.data_dir.join("workspace-backups");
        workspace_files::write(&ws, &req.id, &req.name, &req.content, &backups).await?;
        Ok(ok(FileWritten { status: "success", id: req.id.clone(), name: req.name.clone(), bytes: req.content.len() }))
    }
    .await;
    targeted(format!("{}/{}", req.id, req.name), result)
}
