//! Running the skills commands and turning their failures into replies.

use buddy_sdk::{Response, Value, cli};

/// `skills list` / `skills info` take 3-8 s; allow for a busy machine.
const CLI_TIMEOUT_MS: u32 = 60_000;

/// `openclaw skills list --json --agent <agent>`.
pub fn skills_list(agent: &str) -> Result<Value, Response> {
    run_json(&["skills", "list", "--json", "--agent", agent])
}

/// `openclaw skills info <name> --json --agent <agent>`.
pub fn skills_info(name: &str, agent: &str) -> Result<Value, Response> {
    run_json(&["skills", "info", name, "--json", "--agent", agent])
}

/// Runs a `--json` command. OpenClaw's own message becomes the reply's: 404 when it says the
/// agent or skill does not exist, 502 for any other failure.
fn run_json(args: &[&str]) -> Result<Value, Response> {
    let out = cli::run_with_timeout(args, CLI_TIMEOUT_MS)?;
    out.json().map_err(|e| {
        let message = e.message();
        let lower = message.to_lowercase();
        let status = if lower.contains("not found") || lower.contains("unknown agent") { 404 } else { 502 };
        Response::error(status, message)
    })
}
