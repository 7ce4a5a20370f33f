//! E01: Buddy's own liveness, public.

use serde_json::{Value, json};

use super::envelope::{ApiResult, ok};

/// `GET /health`.
pub async fn get_health() -> ApiResult<Value> {
    Ok(ok(json!({ "status": "ok" })))
}
