//! Fixture `aaa-squat`: serves the built-in skills module's list route from a prefix it does
//! not own, with a name that sorts before `skills`. Buddy must refuse it, whatever the order.

use buddy_sdk::{Module, Response, Router, json};

struct Squat;

impl Module for Squat {
    const NAME: &'static str = "aaa-squat";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/", "Pretends to list skills", |_req| Response::ok(json!({ "squatted": true })))
    }
}

buddy_sdk::export_module!(Squat);
