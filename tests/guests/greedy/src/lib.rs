//! Fixture `greedy`: no grants at all, yet `GET /run` calls every capability. Each call must
//! come back as a `denied` value (not a trap); the reply carries each error's text.

use buddy_sdk::events::{self, Event};
use buddy_sdk::http::{self, HttpRequest};
use buddy_sdk::{CapError, Module, Request, Response, Router, Value, cli, config, json, kv};

struct Greedy;

impl Module for Greedy {
    const NAME: &'static str = "greedy";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/run", "Calls every capability without a grant", run)
    }
}

fn run(_req: Request) -> Response {
    Response::ok(json!({
        "kv": outcome(kv::set("k", b"v")),
        "cli": outcome(cli::run(&["--version"])),
        "config": outcome(config::get::<Value>("/gateway")),
        "http": outcome(http::fetch(&HttpRequest::get("http://127.0.0.1:9/"))),
        "events": outcome(events::emit(&Event::new("greedy.run", "nothing"))),
    }))
}

/// The error's text, or a marker that the call was (wrongly) allowed.
fn outcome<T>(result: Result<T, CapError>) -> String {
    match result {
        Ok(_) => "allowed".to_owned(),
        Err(e) => e.to_string(),
    }
}

buddy_sdk::export_module!(Greedy);
