//! The `skills` module: OpenClaw's skills with their status, removal and cache reload.
//!
//! Mounted at `/v1/openclaw/skills`:
//! - `GET /` lists an agent's skills (E26), cached in kv for a minute;
//! - `DELETE /:name` removes a managed skill or disables any other (E27);
//! - `POST /reload` drops the cache (E28).

mod agent;
mod cache;
mod list;
mod openclaw;
mod reload;
mod remove;

use buddy_sdk::{Module, Router};

/// The module; its behaviour lives in the route handlers.
struct Skills;

impl Module for Skills {
    const NAME: &'static str = "skills";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new()
            .get("/", "Lists an agent's skills with their status (?agent=, ?refresh=true)", list::list_skills)
            .post("/reload", "Drops the cached skill lists so the next read asks OpenClaw", reload::reload)
            .delete("/:name", "Removes a managed skill, or disables a bundled one (?agent=)", remove::remove_skill)
    }
}

buddy_sdk::export_module!(Skills);
