//! Fixture `hog`: `GET /run?mb=N` allocates and touches N MiB against a 16 MiB memory cap;
//! past the cap the allocation fails and the call traps. `GET /ok` shows the next request,
//! in a fresh instance, works again.

use buddy_sdk::{Module, Request, Response, Router, json};

const MIB: usize = 1024 * 1024;
const PAGE: usize = 64 * 1024;
/// Refuse absurd sizes outright so a typo cannot look like a sandbox result.
const MAX_MB: usize = 4096;

struct Hog;

impl Module for Hog {
    const NAME: &'static str = "hog";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new()
            .get("/run", "Allocates and touches ?mb=N MiB", run)
            .get("/ok", "Answers 200", |_req| Response::ok(json!({ "ok": true })))
    }
}

fn run(req: Request) -> Response {
    let Some(mb) = req.query("mb").and_then(|v| v.parse::<usize>().ok()) else {
        return Response::error(400, "`mb` must be a whole number");
    };
    if mb > MAX_MB {
        return Response::error(400, "`mb` must be at most 4096");
    }
    // An infallible allocation: past the cap it aborts (a trap), which is what the test wants.
    let mut block = vec![0u8; mb * MIB];
    // Write each wasm page so the memory is really used, then read it back through
    // `black_box` so none of it can be optimised away.
    let mut touched = 0usize;
    for offset in (0..block.len()).step_by(PAGE) {
        block[offset] = 1;
        touched += usize::from(core::hint::black_box(block[offset]));
    }
    Response::ok(json!({ "mb": mb, "pagesTouched": touched }))
}

buddy_sdk::export_module!(Hog);
