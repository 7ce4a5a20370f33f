//! Fixture `spin`: `GET /run` never returns, so only the host's CPU deadline (epoch
//! interruption) can end the call. The host must answer with an error and stay up.

use buddy_sdk::{Module, Request, Response, Router};

struct Spin;

impl Module for Spin {
    const NAME: &'static str = "spin";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/run", "Loops forever", run)
    }
}

fn run(_req: Request) -> Response {
    let mut n: u64 = 0;
    loop {
        // `black_box` keeps the optimiser from proving the loop pointless and removing it.
        n = core::hint::black_box(n.wrapping_add(1));
    }
}

buddy_sdk::export_module!(Spin);
