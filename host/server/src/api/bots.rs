//! E11–E15: add, update, identity, model and delete of bots (OpenClaw agents). Each answers
//! the reference's `{status: "success", message}` plus the record OpenClaw reported.

use axum::extract::State;
use axum::response::Response;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::envelope::{ApiResult, ok};
use super::extract::Json;
use super::middleware::audit::targeted;
use super::validate::{self, AGENT_ID_PATTERN, MODEL_REF_PATTERN};
use crate::app_state::AppState;
use buddy_openclaw::agents;

/// The reference's reply to a bot change, `{status: "success", message}`, with what Buddy
/// answered before beside it (the record OpenClaw reported), so no client loses a field.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(rename = "BotChanged_{R}")]
pub struct BotChanged<R> {
    /// Always `success`.
    #[schemars(extend("const" = "success"))]
    status: &'static str,
    message: String,
    #[serde(flatten)]
    record: R,
}

fn done<R>(message: String, record: R) -> BotChanged<R> {
    BotChanged { status: "success", message, record }
}

/// What OpenClaw's CLI reported of the change, without keys that would shadow the reference's.
fn reported(out: Value) -> Map<String, Value> {
    let mut fields = match out {
        Value::Object(fields) => fields,
        _ => Map::new(),
    };
    fields.remove("status");
    fields.remove("message");
    fields
}

/// E12's record: the bot's entry in openclaw.json after the merge.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BotConfig {
    id: String,
    config: Value,
}

/// E13's record: the identity written.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BotIdentity {
    id: String,
    identity: Value,
}

/// E14's record: the bot's model setting as written.
#[derive(Debug, Serialize, JsonSchema)]
pub struct BotModel {
    id: String,
    model: Value,
}

/// E11's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddBot {
    #[schemars(regex(pattern = AGENT_ID_PATTERN))]
    id: String,
    /// `provider/model`.
    #[schemars(regex(pattern = MODEL_REF_PATTERN), length(max = 200))]
    model: Option<String>,
    workspace: Option<String>,
}

/// `POST /v1/openclaw/bots/add`: `openclaw agents add` (15–25 s); 409 if the bot exists.
pub async fn post_bot_add(State(app): State<AppState>, Json(req): Json<AddBot>) -> Response {
    let result: ApiResult<BotChanged<Map<String, Value>>> = async {
        validate::agent_id("id", &req.id)?;
        if let Some(m) = &req.model {
            validate::model_ref("model", m)?;
        }
        let out = agents::add(&app.openclaw, &req.id, req.model.as_deref(), req.workspace.as_deref()).await?;
        Ok(ok(done(format!("bot {} created", req.id), reported(out))))
    }
    .await;
    targeted(&req.id, result)
}

/// E12's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateBot {
    #[schemars(regex(pattern = AGENT_ID_PATTERN))]
    id: String,
    /// Merged into the bot's entry in openclaw.json.
    config: Map<String, Value>,
}

/// `POST /v1/openclaw/bots/update`: merges `config` into `agents.entries.<id>`.
pub async fn post_bot_update(State(app): State<AppState>, Json(req): Json<UpdateBot>) -> Response {
    let result: ApiResult<BotChanged<BotConfig>> = async {
        validate::agent_id("id", &req.id)?;
        let entry = agents::update(&app.openclaw, &req.id, &req.config).await?;
        Ok(ok(done(format!("bot {} updated", req.id), BotConfig { id: req.id.clone(), config: entry })))
    }
    .await;
    targeted(&req.id, result)
}

/// E13's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetIdentity {
    #[schemars(regex(pattern = AGENT_ID_PATTERN))]
    id: String,
    #[schemars(length(min = 1, max = 100))]
    name: String,
    #[schemars(length(min = 1, max = 16))]
    emoji: Option<String>,
    #[schemars(length(max = 500))]
    theme: Option<String>,
}

/// `POST /v1/openclaw/bots/set-identity`: `agents.entries.<id>.identity`, by a config edit (the
/// same thing `openclaw agents set-identity` writes, in milliseconds rather than 18 s).
pub async fn post_bot_set_identity(State(app): State<AppState>, Json(req): Json<SetIdentity>) -> Response {
    let result: ApiResult<BotChanged<BotIdentity>> = async {
        validate::agent_id("id", &req.id)?;
        validate::text("name", &req.name, 1, 100)?;
        if let Some(e) = &req.emoji {
            validate::text("emoji", e, 1, 16)?;
        }
        if let Some(t) = &req.theme {
            validate::text("theme", t, 0, 500)?;
        }
        let identity =
            agents::set_identity(&app.openclaw, &req.id, &req.name, req.emoji.as_deref(), req.theme.as_deref()).await?;
        Ok(ok(done(format!("identity of bot {} set", req.id), BotIdentity { id: req.id.clone(), identity })))
    }
    .await;
    targeted(&req.id, result)
}

/// E14's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetModel {
    #[schemars(regex(pattern = AGENT_ID_PATTERN))]
    id: String,
    /// `provider/model`.
    #[schemars(regex(pattern = MODEL_REF_PATTERN), length(max = 200))]
    model: String,
}

/// `POST /v1/openclaw/bots/set-model`: 404 for an unknown bot, 422 for an unknown model.
pub async fn post_bot_set_model(State(app): State<AppState>, Json(req): Json<SetModel>) -> Response {
    let result: ApiResult<BotChanged<BotModel>> = async {
        validate::agent_id("id", &req.id)?;
        validate::model_ref("model", &req.model)?;
        let model = agents::set_model(&app.openclaw, &req.id, &req.model).await?;
        let message = format!("model of bot {} set to {}", req.id, req.model);
        Ok(ok(done(message, BotModel { id: req.id.clone(), model })))
    }
    .await;
    targeted(&req.id, result)
}

/// E15's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteBot {
    #[schemars(regex(pattern = AGENT_ID_PATTERN))]
    id: String,
}

/// `POST /v1/openclaw/bots/delete`: `openclaw agents delete --force`; the default agent stays.
pub async fn post_bot_delete(State(app): State<AppState>, Json(req): Json<DeleteBot>) -> Response {
    let result: ApiResult<BotChanged<Map<String, Value>>> = async {
        validate::agent_id("id", &req.id)?;
        let out = agents::delete(&app.openclaw, &req.id).await?;
        Ok(ok(done(format!("bot {} removed", req.id), reported(out))))
    }
    .await;
    targeted(&req.id, result)
}
