//! Fixture `escape`: with `$MODULE_DATA` preopened read-only at `/data`, `GET /run` tries to
//! climb out with `..`, to read an absolute host path, and to write into the read-only mount,
//! then reads `/data/seed.txt` (created by the test) to show the grant itself works.

use buddy_sdk::{Module, Request, Response, Router, json};

/// Keep host file contents out of the reply beyond what proves a read happened.
const MAX_SHOWN: usize = 64;

struct Escape;

impl Module for Escape {
    const NAME: &'static str = "escape";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/run", "Tries to leave the read-only preopen", run)
    }
}

fn run(_req: Request) -> Response {
    Response::ok(json!({
        "dotdot": read("/data/../../../etc/passwd", MAX_SHOWN),
        "absolute": read("/etc/passwd", MAX_SHOWN),
        "write": match std::fs::write("/data/x.txt", "escaped") {
            Ok(()) => "ok: written".to_owned(),
            Err(e) => format!("error: {e}"),
        },
        "seed": read("/data/seed.txt", usize::MAX),
    }))
}

/// `ok: <content, at most max_chars>` or `error: <io error>`.
fn read(path: &str, max_chars: usize) -> String {
    match std::fs::read_to_string(path) {
        Ok(content) => format!("ok: {}", content.chars().take(max_chars).collect::<String>()),
        Err(e) => format!("error: {e}"),
    }
}

buddy_sdk::export_module!(Escape);
