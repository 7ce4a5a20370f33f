//! E36/E37: the gateway's OpenAI-compatible chat endpoint switch,
//! `gateway.http.endpoints.chatCompletions.enabled` (off by default; while off, the gateway
//! answers 404 on every `/v1/*` path). OpenClaw hot-applies the switch: a running gateway
//! serves the endpoint about a second after the file changes, with no restart.

use serde_json::{Value, json};

use crate::Error;
use crate::OpenClaw;

const POINTER: &str = "/gateway/http/endpoints/chatCompletions/enabled";

/// Whether the endpoint is on.
pub fn enabled(config: &Value) -> bool {
    config.pointer(POINTER).and_then(Value::as_bool).unwrap_or(false)
}

/// Turns the endpoint on; returns whether the file changed.
pub async fn enable(app: &OpenClaw) -> Result<bool, Error> {
    let changed = app
        .config_store
        .update(|doc| {
            if enabled(doc) {
                return Ok::<_, Error>(false);
            }
            super::json_pointer::set(doc, POINTER, json!(true)).map_err(Error::Unprocessable)?;
            Ok(true)
        })
        .await?;
    Ok(changed)
}
