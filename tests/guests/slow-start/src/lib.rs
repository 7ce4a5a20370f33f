//! Fixture `slow-start`: its router, which the host reads through `describe()` while loading
//! it, sleeps for ten minutes first. Loading must not wait for it, nor Buddy's start.

use std::time::Duration;

use buddy_sdk::{Module, Response, Router, json};

struct SlowStart;

impl Module for SlowStart {
    const NAME: &'static str = "slow-start";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        std::thread::sleep(Duration::from_secs(600));
        Router::new().get("/ok", "Answers 200", |_req| Response::ok(json!({ "ok": true })))
    }
}

buddy_sdk::export_module!(SlowStart);
