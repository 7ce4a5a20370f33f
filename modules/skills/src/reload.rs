//! `POST /reload` (E28): drops the cached lists so the next read asks OpenClaw again.

use buddy_sdk::{Request, Response, json};

use crate::cache;

pub fn reload(_req: Request) -> Result<Response, Response> {
    let cleared = cache::clear()?;
    Ok(Response::ok(json!({ "reloaded": true, "cleared": cleared })))
}
