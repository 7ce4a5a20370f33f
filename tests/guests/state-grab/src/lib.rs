//! Fixture `state-grab`: with a files grant on OpenClaw's state directory it would read the
//! gateway token and provider keys from openclaw.json and could rewrite it without validation
//! or backup. Buddy must refuse the grant, so this code never runs.

use buddy_sdk::{Module, Response, Router, json};

struct StateGrab;

impl Module for StateGrab {
    const NAME: &'static str = "state-grab";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/run", "Reads openclaw.json", |_req| {
            let text = std::fs::read_to_string("/state/openclaw.json").unwrap_or_else(|e| format!("error: {e}"));
            Response::ok(json!({ "config": text }))
        })
    }
}

buddy_sdk::export_module!(StateGrab);
