//! The `openclaw-buddy` binary: parses the command line, loads the configuration, starts.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand};
use openclaw_buddy::config::{BuddyConfig, Overrides};

/// OpenClaw Buddy: a REST API, self-healing and sandboxed modules for an OpenClaw install.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server.
    Serve(ServeArgs),
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

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let Command::Serve(args) = cli.command;
    let overrides = Overrides {
        listen: args.listen,
        data_dir: args.data_dir,
        openclaw_bin: args.openclaw_bin,
        openclaw_state_dir: args.openclaw_state_dir,
        openclaw_config: args.openclaw_config,
        gateway_url: args.gateway_url,
    };
    let config = BuddyConfig::load(args.config.as_deref(), &|k| std::env::var(k).ok(), overrides)?;
    openclaw_buddy::logging::init(&config.data_dir);
    tokio::runtime::Builder::new_multi_thread().enable_all().build()?.block_on(openclaw_buddy::server::serve(config))
}
