//! An example Buddy module: `GET /v1/hello/greet?name=x` answers
//! `{"greeting": "Hello, x!", "count": N}`, where N counts every greeting so far.
//!
//! Each request runs in a fresh instance, so the count lives in the module's kv store
//! (granted by `kv = true` in `module.toml`).

use buddy_sdk::{Module, Request, Response, Router, json, kv};

/// Key of the greeting counter in kv.
const COUNT_KEY: &str = "greetings";
/// Longest name accepted, in characters.
const MAX_NAME_CHARS: usize = 64;

struct Hello;

impl Module for Hello {
    const NAME: &'static str = "hello";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/greet", "Greets `name` and counts the greetings", greet)
    }
}

/// Handlers may return `Result<Response, Response>`: `?` turns a failed capability call into
/// an error reply (a missing kv grant would be a 500 naming it).
fn greet(req: Request) -> Result<Response, Response> {
    let name = req.query("name").unwrap_or("world");
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(Response::error(400, "`name` must be at most 64 characters"));
    }
    let count = kv::get_json::<u64>(COUNT_KEY)?.unwrap_or(0) + 1;
    kv::set_json(COUNT_KEY, &count)?;
    Ok(Response::ok(json!({
        "greeting": format!("Hello, {name}!"),
        "count": count,
    })))
}

buddy_sdk::export_module!(Hello);
