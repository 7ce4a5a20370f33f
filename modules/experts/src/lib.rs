//! The `experts` module: Buddy's expert templates and bots created from them.
//!
//! Mounted at `/v1/openclaw`:
//! - `GET /experts?lang=zh|en` lists the templates in `/experts/*.json` (E18);
//! - `POST /bots/template` creates an OpenClaw agent from one, all or nothing (E19).

mod create;
mod lang;
mod list;
mod new_bot;
mod template;

use buddy_sdk::{Module, Router};

/// The module; its behaviour lives in the route handlers.
struct Experts;

impl Module for Experts {
    const NAME: &'static str = "experts";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/experts", "Lists the expert templates (?lang=zh|en)", list::list_experts).post(
            "/bots/template",
            "Creates a bot from an expert template {expertId, newBotId, model?, lang?}",
            create::create_bot,
        )
    }
}

buddy_sdk::export_module!(Experts);
