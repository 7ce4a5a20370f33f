//! Which agent's skills to show: `?agent=` or OpenClaw's default agent.

use buddy_sdk::{Request, Response, config, validate};

/// Where OpenClaw keeps its default agent's id.
const DEFAULT_AGENT_POINTER: &str = "/agents/defaults/systemAgent/agentId";
/// OpenClaw's default agent when none is configured.
const FALLBACK_AGENT: &str = "main";

/// The agent named by `?agent=`, else the configured default agent, else `main`.
pub fn resolve(req: &Request) -> Result<String, Response> {
    if let Some(agent) = req.query("agent") {
        return if validate::is_id(agent) {
            Ok(agent.to_owned())
        } else {
            Err(Response::error(400, "`agent` must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"))
        };
    }
    let configured: Option<String> = config::get(DEFAULT_AGENT_POINTER)?;
    Ok(configured.filter(|id| validate::is_id(id)).unwrap_or_else(|| FALLBACK_AGENT.to_owned()))
}
