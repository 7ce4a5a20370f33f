//! Fixture `sleeper`: the attacks that wait instead of computing. `GET /sleep?ms=N` sleeps
//! (a WASI sleep: host time, which no CPU budget counts), `GET /hold?mb=N&ms=M` allocates and
//! touches N MiB and then sleeps, so many calls hold memory at once, and `GET /big?kb=N`
//! answers a reply of N KiB. `GET /ok` answers at once.

use std::time::Duration;

use buddy_sdk::{Module, Request, Response, Router, json};

const MIB: usize = 1024 * 1024;
const PAGE: usize = 64 * 1024;

struct Sleeper;

impl Module for Sleeper {
    const NAME: &'static str = "sleeper";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new()
            .get("/sleep", "Sleeps ?ms=N milliseconds", sleep)
            .get("/hold", "Holds ?mb=N MiB for ?ms=M milliseconds", hold)
            .get("/big", "Answers ?kb=N KiB of data", big)
            .get("/ok", "Answers 200", |_req| Response::ok(json!({ "ok": true })))
    }
}

fn number(req: &Request, name: &str) -> Result<u64, Response> {
    req.query(name)
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| Response::error(400, format!("`{name}` must be a whole number")))
}

fn sleep(req: Request) -> Response {
    let ms = match number(&req, "ms") {
        Ok(ms) => ms,
        Err(r) => return r,
    };
    std::thread::sleep(Duration::from_millis(ms));
    Response::ok(json!({ "slept": ms }))
}

fn hold(req: Request) -> Response {
    let (mb, ms) = match (number(&req, "mb"), number(&req, "ms")) {
        (Ok(mb), Ok(ms)) => (mb as usize, ms),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let mut block = vec![0u8; mb * MIB];
    for offset in (0..block.len()).step_by(PAGE) {
        block[offset] = 1;
    }
    std::thread::sleep(Duration::from_millis(ms));
    let touched: usize = block.iter().step_by(PAGE).map(|b| usize::from(core::hint::black_box(*b))).sum();
    Response::ok(json!({ "mb": mb, "pagesTouched": touched }))
}

fn big(req: Request) -> Response {
    let kb = match number(&req, "kb") {
        Ok(kb) => kb as usize,
        Err(r) => return r,
    };
    Response::ok(json!({ "filler": "x".repeat(kb * 1024) }))
}

buddy_sdk::export_module!(Sleeper);
