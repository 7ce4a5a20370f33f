//! E01: Buddy's own liveness, public.

use schemars::JsonSchema;
use serde::Serialize;

use super::envelope::{ApiResult, ok};

/// E01's reply.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Liveness {
    /// Always `ok` while Buddy answers.
    status: &'static str,
}

/// `GET /health`.
pub async fn get_health() -> ApiResult<Liveness> {
    Ok(ok(Liveness { status: "ok" }))
}
