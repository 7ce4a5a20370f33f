//! E20–E24: model providers and the default model, all by config edits (no CLI run).

use axum::extract::State;
use axum::response::Response;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Number;

use super::envelope::{ApiResult, ok};
use super::extract::{Json, Path, Query};
use super::middleware::audit::targeted;
use super::validate;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_openclaw::config_rules::{PROVIDER_APIS, provider::MODEL_INPUTS};
use buddy_openclaw::model_refs::{self, DefaultSet, Removed};
use buddy_openclaw::providers::{
    self, Cost, ModelInput, ModelUpserted, ModelsConfig, ProviderInput, ProviderView, Upserted,
};

/// `GET /v1/openclaw/models/config`: providers and their models, API keys masked.
pub async fn get_models_config(State(app): State<AppState>) -> ApiResult<ModelsConfig> {
    let snap = app.openclaw.snapshot.get().await?;
    Ok(ok(providers::config_view(&snap.config)))
}

fn check_model(provider: &str, m: &ModelInput, at: &str) -> Result<(), ApiError> {
    if m.id.len() > 128 || !validate::is_model_ref(&format!("{provider}/{}", m.id)) {
        return Err(ApiError::field(format!("{at}id"), "must be a model id: letters, digits and . _ - / : @ +"));
    }
    validate::text(&format!("{at}name"), &m.name, 1, 200)?;
    if let Some(bad) = m.input.iter().flatten().find(|i| !MODEL_INPUTS.contains(&i.as_str())) {
        return Err(ApiError::field(
            format!("{at}input"),
            format!("{bad:?} is not one of {}", MODEL_INPUTS.join(", ")),
        ));
    }
    let positive = |n: &Option<Number>| n.as_ref().is_none_or(|n| n.as_f64().is_some_and(|f| f > 0.0));
    for (field, n) in [("contextWindow", &m.context_window), ("maxTokens", &m.max_tokens)] {
        if !positive(n) {
            return Err(ApiError::field(format!("{at}{field}"), "must be a number greater than 0"));
        }
    }
    if m.context_tokens == Some(0) {
        return Err(ApiError::field(format!("{at}contextTokens"), "must be a whole number greater than 0"));
    }
    Ok(())
}

/// 200 either way, as the reference answers every success; `data.created` tells an addition
/// from an update.
fn reply<V: Serialize>(up: Upserted<V>) -> ApiResult<Upserted<V>> {
    Ok(ok(up))
}

/// `POST /v1/openclaw/models/provider` `{name, baseUrl, apiKey?, api?, models?, timeoutSeconds?}`:
/// `data.created` says whether it was added or updated (given models are added or updated,
/// others kept).
pub async fn post_models_provider(State(app): State<AppState>, Json(req): Json<ProviderInput>) -> Response {
    let result: ApiResult<Upserted<ProviderView>> = async {
        validate::id("name", &req.name)?;
        let url_ok = (req.base_url.starts_with("http://") || req.base_url.starts_with("https://"))
            && req.base_url.len() <= 2048
            && reqwest::Url::parse(&req.base_url).is_ok_and(|u| u.host_str().is_some());
        if !url_ok {
            return Err(ApiError::field("baseUrl", "must be an http:// or https:// URL"));
        }
        if let Some(api) = &req.api
            && !PROVIDER_APIS.contains(&api.as_str())
        {
            return Err(ApiError::field("api", format!("must be one of {}", PROVIDER_APIS.join(", "))));
        }
        if let Some(key) = &req.api_key
            && (key.is_empty() || key.len() > 4096 || key.chars().any(|c| c.is_whitespace() || c.is_control()))
        {
            return Err(ApiError::field("apiKey", "must be 1 to 4096 characters without spaces"));
        }
        if req.timeout_seconds.is_some_and(|t| !(1..=3600).contains(&t)) {
            return Err(ApiError::field("timeoutSeconds", "must be a whole number from 1 to 3600"));
        }
        for (i, m) in req.models.iter().flatten().enumerate() {
            check_model(&req.name, m, &format!("models[{i}]."))?;
        }
        reply(providers::upsert_provider(&app.openclaw, &req).await?)
    }
    .await;
    targeted(&req.name, result)
}

/// E22's body: the provider, then the model's own fields.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ModelBody {
    #[schemars(regex(pattern = super::validate::ID_PATTERN))]
    provider: String,
    #[schemars(length(min = 1, max = 128))]
    id: String,
    #[schemars(length(min = 1, max = 200))]
    name: String,
    reasoning: Option<bool>,
    input: Option<Vec<String>>,
    context_window: Option<Number>,
    context_tokens: Option<u64>,
    max_tokens: Option<Number>,
    cost: Option<Cost>,
}

/// `POST /v1/openclaw/models/provider/model`: adds (201) or updates (200) one model.
pub async fn post_models_provider_model(State(app): State<AppState>, Json(req): Json<ModelBody>) -> Response {
    let target = format!("{}/{}", req.provider, req.id);
    let result: ApiResult<Upserted<ModelUpserted>> = async {
        validate::id("provider", &req.provider)?;
        let model = ModelInput {
            id: req.id,
            name: req.name,
            reasoning: req.reasoning,
            input: req.input,
            context_window: req.context_window,
            context_tokens: req.context_tokens,
            max_tokens: req.max_tokens,
            cost: req.cost,
        };
        check_model(&req.provider, &model, "")?;
        reply(providers::upsert_model(&app.openclaw, &req.provider, &model).await?)
    }
    .await;
    targeted(target, result)
}

/// E23's query.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RemoveQuery {
    /// `true` also clears the bots' and fallbacks' references to it.
    #[schemars(regex(pattern = "^(true|false)$"))]
    force: Option<String>,
}

/// `DELETE /v1/openclaw/models/provider/{provider}/model/{id}` (`*` or the last model removes
/// the provider); 409 while in use unless `?force=true`, never for the default model.
pub async fn delete_models_provider_model(
    State(app): State<AppState>,
    Path((provider, id)): Path<(String, String)>,
    Query(q): Query<RemoveQuery>,
) -> Response {
    let target = format!("{provider}/{id}");
    let result: ApiResult<Removed> = async {
        validate::id("provider", &provider)?;
        if id != "*" && !validate::is_model_ref(&target) {
            return Err(ApiError::field("id", "must be a model id or *"));
        }
        let force = match q.force.as_deref() {
            None | Some("false") => false,
            Some("true") => true,
            Some(_) => return Err(ApiError::field("force", "must be true or false")),
        };
        Ok(ok(model_refs::remove(&app.openclaw, &provider, &id, force).await?))
    }
    .await;
    targeted(target, result)
}

/// E24's body.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SetDefault {
    /// `provider/model`.
    #[schemars(regex(pattern = super::validate::MODEL_REF_PATTERN), length(max = 200))]
    model: String,
}

/// `POST /v1/openclaw/models/set-default` `{model}`: `agents.defaults.model.primary`.
pub async fn post_models_set_default(State(app): State<AppState>, Json(req): Json<SetDefault>) -> Response {
    let result: ApiResult<DefaultSet> = async {
        validate::model_ref("model", &req.model)?;
        Ok(ok(model_refs::set_default(&app.openclaw, &req.model).await?))
    }
    .await;
    targeted(&req.model, result)
}
