//! E16/E17: read and write a bot's workspace files (SOUL.md, IDENTITY.md, AGENTS.md, …).
//! Only OpenClaw's own file names are accepted and nothing may leave the workspace
//! (`openclaw::workspace_files`); a write is atomic and keeps the previous version in Buddy's
//! data dir.

use std::path::PathBuf;

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use serde_json::{Value, json};

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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileQuery {
    id: String,
    #[serde(default = "default_file")]
    name: String,
}

/// `GET /v1/openclaw/bots/file?id=[&name=]` (`name` defaults to SOUL.md).
pub async fn get_bot_file(State(app): State<AppState>, Query(q): Query<FileQuery>) -> ApiResult<Value> {
    let ws = workspace_of(&app, &q.id).await?;
    let content = workspace_files::read(&ws, &q.name).await?;
    Ok(ok(json!({"id": q.id, "name": q.name, "content": content})))
}

/// E17's body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteFile {
    id: String,
    #[serde(default = "default_file")]
    name: String,
    content: String,
}

/// `POST /v1/openclaw/bots/file` `{id, name?, content}`: atomic write, previous version kept as
/// a backup; the reference's `{status: "success"}` with what was written.
pub async fn post_bot_file(State(app): State<AppState>, Json(req): Json<WriteFile>) -> Response {
    let result: ApiResult<Value> = async {
        let ws = workspace_of(&app, &req.id).await?;
        let backups = app.config.data_dir.join("workspace-backups");
        workspace_files::write(&ws, &req.id, &req.name, &req.content, &backups).await?;
        Ok(ok(json!({"status": "success", "id": req.id, "name": req.name, "bytes": req.content.len()})))
    }
    .await;
    targeted(format!("{}/{}", req.id, req.name), result)
}
