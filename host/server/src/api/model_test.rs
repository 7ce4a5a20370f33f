//! E25: Buddy calls a configured provider itself and reports time to first token and total.

use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;

use super::envelope::{ApiResult, ok};
use super::extract::Json;
use super::middleware::audit::targeted;
use super::validate;
use crate::app_state::AppState;
use crate::error::ApiError;
use buddy_openclaw::model_probe::{self, ProbeResult};

/// E25's body: a provider and one of its models — never a URL.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TestDirect {
    provider_name: String,
    model_id: String,
}

/// `POST /v1/openclaw/models/test-direct`: 200 with `{latency, total_ms, status, …}` whatever
/// the provider did; 4xx only for a request Buddy cannot act on.
pub async fn post_models_test_direct(State(app): State<AppState>, Json(req): Json<TestDirect>) -> Response {
    let target = format!("{}/{}", req.provider_name, req.model_id);
    let result: ApiResult<ProbeResult> = async {
        validate::id("providerName", &req.provider_name)?;
        if !validate::is_model_ref(&target) {
            return Err(ApiError::field("modelId", "must be a model id: letters, digits and . _ - / : @ +"));
        }
        Ok(ok(model_probe::probe(&app.openclaw, &req.provider_name, &req.model_id).await?))
    }
    .await;
    targeted(target, result)
}
