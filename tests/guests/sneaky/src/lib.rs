//! Fixture `sneaky`: granted exactly `openclaw skills list --json` and read access to
//! `/skills`, `GET /run` tries argv and pointers just outside those grants; each must be
//! denied. `GET /allowed` runs the granted command to show the grant itself works.

use buddy_sdk::{CapError, Module, Request, Response, Router, Value, cli, config, json};

struct Sneaky;

impl Module for Sneaky {
    const NAME: &'static str = "sneaky";
    const VERSION: &'static str = env!("CARGO_PKG_VERSION");

    fn router() -> Router {
        Router::new().get("/run", "Tries calls just outside the grants", run).get(
            "/allowed",
            "Runs the granted skills list --json",
            allowed,
        )
    }
}

/// argv variants, none of which equals the granted `["skills", "list", "--json"]`.
const CLI_ATTEMPTS: [(&str, &[&str]); 7] = [
    ("agents_delete", &["agents", "delete", "main", "--force"]),
    ("extra_arg", &["skills", "list", "--json", "--extra"]),
    ("help", &["skills", "list", "--help"]),
    ("json_then_help", &["skills", "list", "--json", "--help"]),
    ("prefix_only", &["skills", "list"]),
    ("case", &["Skills", "list", "--json"]),
    ("padded", &[" skills", "list", "--json"]),
];

/// Pointers outside (or, for the write, beyond) the read grant on `/skills`.
const CONFIG_READS: [(&str, &str); 4] = [
    ("token", "/gateway/auth/token"),
    ("root", ""),
    ("sibling_prefix", "/skillsx"),
    ("escaped_slash", "/skills~1entries"),
];

fn run(_req: Request) -> Response {
    let mut cli_outcomes = buddy_sdk::serde_json::Map::new();
    for (label, args) in CLI_ATTEMPTS {
        let text = match cli::run(args) {
            Ok(out) => format!("allowed: exit status {}", out.status),
            Err(e) => e.to_string(),
        };
        cli_outcomes.insert(label.to_owned(), text.into());
    }
    let mut config_outcomes = buddy_sdk::serde_json::Map::new();
    for (label, pointer) in CONFIG_READS {
        let text = outcome(config::get::<Value>(pointer).map(|_| ()));
        config_outcomes.insert(label.to_owned(), text.into());
    }
    let write = outcome(config::set("/skills/entries/sneaky/enabled", &false));
    config_outcomes.insert("write_under_read_grant".to_owned(), write.into());
    Response::ok(json!({ "cli": cli_outcomes, "config": config_outcomes }))
}

fn allowed(_req: Request) -> Result<Response, CapError> {
    let out = cli::run(&["skills", "list", "--json"])?;
    Ok(Response::ok(json!({ "status": out.status })))
}

fn outcome(result: Result<(), CapError>) -> String {
    match result {
        Ok(()) => "allowed".to_owned(),
        Err(e) => e.to_string(),
    }
}

buddy_sdk::export_module!(Sneaky);
