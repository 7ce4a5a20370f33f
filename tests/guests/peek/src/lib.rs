//! Fixture `peek`: reads openclaw.json through its config grants and answers what it got, to
//! show which secrets a module sees. Its manifest grants `/models/providers` and `/gateway`;
//! the tests give variants of it the forbidden pointers `""` and `"/"` and a `secrets` grant.

use buddy_sdk::{Module, Request, Response, Router, Value, config, json};

struct Peek;

impl Module for Peek {
    const NAME: &'static str = "peek";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/get", "Reads ?pointer=P", get)
    }
}

fn get(req: Request) -> Response {
    let pointer = req.query("pointer").unwrap_or_default();
    match config::get::<Value>(pointer) {
        Ok(value) => Response::ok(json!({ "value": value })),
        Err(e) => Response::ok(json!({ "error": e.to_string() })),
    }
}

buddy_sdk::export_module!(Peek);
