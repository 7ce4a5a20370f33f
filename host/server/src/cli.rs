//! The command line: parses it, loads the configuration and runs Buddy on a runtime whose
//! shutdown is bounded. `main.rs` is this one call, so the tests run the very same code as a
//! binary of their own (and can send it SIGTERM).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::config::{BuddyConfig, Overrides};

/// How long blocked threads (a file read, a slow CLI pipe) may hold the process at exit: the
/// server's own shutdown is bounded before this, so SIGTERM ends Buddy within seconds.
const RUNTIME_SHUTDOWN: Duration = Duration::from_secs(2);

/// OpenClaw Buddy: a REST API, self-healing and sandboxed modules for an OpenClaw install.
#[derive(Debug, Parser)]
#[command(name = "openclaw-buddy", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeArgs),
    /// Write, check, install and list modules.
    #[command(subcommand)]
    Module(crate::module_cli::ModuleCommand),
}

#[derive(Debug, clap::Args)]
struct ServeArgs {
    /// Configuration file (default: ./buddy.toml when present).
    #[arg(long, env = "BUDDY_CONFIG")]
    config: Option<PathBuf>,
    /// Listen address, e.g. 127.0.0.1:3000.
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// Data directory (SQLite file, token, backups, user modules).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// The openclaw executable.
    #[arg(long)]
    openclaw_bin: Option<PathBuf>,
    /// OpenClaw's state directory.
    #[arg(long)]
    openclaw_state_dir: Option<PathBuf>,
    /// Path of openclaw.json.
    #[arg(long)]
    openclaw_config: Option<PathBuf>,
    /// Gateway base URL (default: from openclaw.json's gateway.port).
    #[arg(long)]
    gateway_url: Option<String>,
}

/// Runs the command line of the process.
pub fn main() -> anyhow::Result<()> {
    crate::memory::limit_arenas();
    let args = match Cli::parse().command {
        Command::Serve(args) => args,
        Command::Module(command) => {
            // A command's failure is a message for the person who typed it, not a backtrace.
            if let Err(e) = crate::module_cli::run(command) {
                eprintln!("error: {e:#}");
                std::process::exit(1);
            }
            return Ok(());
        }
    };
    let overrides = Overrides {
        listen: args.listen,
        data_dir: args.data_dir,
        openclaw_bin: args.openclaw_bin,
        openclaw_state_dir: args.openclaw_state_dir,
        openclaw_config: args.openclaw_config,
        gateway_url: args.gateway_url,
    };
    let config = BuddyConfig::load(args.config.as_deref(), &|k| std::env::var(k).ok(), overrides)?;
    crate::logging::init(&config.data_dir);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let result = runtime.block_on(crate::server::serve(config));
    // Dropping a runtime waits for every blocking thread; a thread stuck in a read must not
    // keep Buddy alive after SIGTERM.
    runtime.shutdown_timeout(RUNTIME_SHUTDOWN);
    result
}
