//! The adapter's metric families — CLI runs, writes of openclaw.json and runs of OpenClaw's
//! validator — recorded through the `metrics` facade, so this crate never knows who exports
//! them. Every label value comes from a closed list here: a module granted an unusual argv
//! pattern, or an error message, can never create a new series. The CLI runner and the
//! config store tell their outcome as one of the values listed here; this file knows none of
//! their types.

use std::time::Duration;

/// The subcommands `buddy_cli_runs_total` names; any other run is counted as `other`.
pub const CLI_COMMANDS: &[&str] = &[
    "--version",
    "agents add",
    "agents bind",
    "agents delete",
    "agents list",
    "agents set-identity",
    "agents unbind",
    "channels add",
    "channels list",
    "channels login",
    "channels remove",
    "channels status",
    "config validate",
    "doctor",
    "gateway restart",
    "gateway start",
    "gateway status",
    "gateway stop",
    "health",
    "logs",
    "models list",
    "models set",
    "models status",
    "plugins disable",
    "plugins enable",
    "plugins install",
    "plugins list",
    "plugins uninstall",
    "plugins update",
    "sessions",
    "skills info",
    "skills list",
    "status",
];

/// The `command` of a run not in [`CLI_COMMANDS`].
pub const OTHER_COMMAND: &str = "other";

/// How a CLI run ended.
pub const CLI_OUTCOMES: &[&str] = &["ok", "failed", "timeout", "not_installed", "error"];

/// How a write of openclaw.json ended: written, refused by OpenClaw's rules, refused because
/// the file changed under it, or failed (unreadable file, disk, permissions).
pub const CONFIG_WRITE_OUTCOMES: &[&str] = &["ok", "invalid", "conflict", "error"];

/// What OpenClaw's validator said: accepted, rejected, or no verdict (it could not run).
pub const VALIDATION_RESULTS: &[&str] = &["valid", "invalid", "error"];

/// The bounded `command` label of `openclaw <args>`: the subcommand and its verb when that
/// pair is known, else the subcommand alone when it is known, else `other`.
pub fn cli_command(args: &[&str]) -> &'static str {
    let known = |candidate: &str| CLI_COMMANDS.iter().copied().find(|c| *c == candidate);
    let pair = match args {
        [a, b, ..] if !b.starts_with('-') => known(&format!("{a} {b}")),
        _ => None,
    };
    pair.or_else(|| args.first().and_then(|a| known(a))).unwrap_or(OTHER_COMMAND)
}

/// Counts one CLI run (`outcome`: one of [`CLI_OUTCOMES`]) and its duration.
pub fn record_cli_run(args: &[&str], outcome: &'static str, took: Duration) {
    let command = cli_command(args);
    ::metrics::counter!("buddy_cli_runs_total", "command" => command, "outcome" => outcome).increment(1);
    ::metrics::histogram!("buddy_cli_run_duration_seconds", "command" => command).record(took);
}

/// Counts one write of openclaw.json (`outcome`: one of [`CONFIG_WRITE_OUTCOMES`]).
pub fn record_config_write(outcome: &'static str) {
    ::metrics::counter!("buddy_config_writes_total", "outcome" => outcome).increment(1);
}

/// Counts one run of OpenClaw's validator: `Some(valid)` for a verdict, `None` for none.
pub fn record_validation(verdict: Option<bool>) {
    let result = match verdict {
        Some(true) => "valid",
        Some(false) => "invalid",
        None => "error",
    };
    ::metrics::counter!("buddy_config_validations_total", "result" => result).increment(1);
}

/// Creates this crate's counters at zero for every value of their closed label sets, so the
/// first event shows in `increase()` and dashboards show 0 rather than nothing. Idempotent: a
/// counter that already counted keeps its value.
pub fn start_series() {
    for command in CLI_COMMANDS.iter().copied().chain([OTHER_COMMAND]) {
        for outcome in CLI_OUTCOMES {
            ::metrics::counter!("buddy_cli_runs_total", "command" => command, "outcome" => *outcome).increment(0);
        }
    }
    for outcome in CONFIG_WRITE_OUTCOMES {
        ::metrics::counter!("buddy_config_writes_total", "outcome" => *outcome).increment(0);
    }
    for result in VALIDATION_RESULTS {
        ::metrics::counter!("buddy_config_validations_total", "result" => *result).increment(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_the_known_pairs_or_words_else_other() {
        assert_eq!(cli_command(&["agents", "delete", "bot", "--force", "--json"]), "agents delete");
        assert_eq!(cli_command(&["models", "list"]), "models list");
        assert_eq!(cli_command(&["config", "validate", "--json"]), "config validate");
        assert_eq!(cli_command(&["sessions", "--json"]), "sessions");
        assert_eq!(cli_command(&["doctor", "--fix", "--json"]), "doctor");
        assert_eq!(cli_command(&["--version"]), "--version");
        assert_eq!(cli_command(&["status", "--all"]), "status");
        assert_eq!(cli_command(&["health", "extra-word"]), "health", "a known word with an unknown verb");
        // What a module's grant could ask for, or a typo: never a new series.
        assert_eq!(cli_command(&["skills", "install", "x"]), "other");
        assert_eq!(cli_command(&["x9f3-random", "y"]), "other");
        assert_eq!(cli_command(&[]), "other");
    }
}
