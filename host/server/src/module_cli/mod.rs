//! `openclaw-buddy module …`: the author's and operator's side of modules from a shell.
//! `new` scaffolds a module from the SDK's templates, `check` runs Buddy's own load checks
//! offline, `install` and `list` go through a running Buddy's API with its token — so the
//! command line can do nothing the API would refuse.

mod check;
mod client;
mod files;
mod install;
mod list;
mod offline;
mod scaffold;
mod templates;

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// What `module` can do.
#[derive(Debug, Subcommand)]
pub enum ModuleCommand {
    /// Scaffold a module from the SDK's templates, ready to build.
    New(NewArgs),
    /// Check a module offline with the checks Buddy applies when it loads one.
    Check(CheckArgs),
    /// Install a module into a running Buddy (pending approval unless --approve).
    Install(InstallArgs),
    /// List a running Buddy's modules.
    List(ListArgs),
}

/// The kind of module: which world it implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Serves routes under its own prefix (world `domain`).
    Domain,
    /// Adds a messaging channel (world `channel-module`).
    Channel,
    /// Writes config diffs and heal reports (world `analyzer-module`).
    Analyzer,
}

/// The language the module is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Rust,
    /// JavaScript or TypeScript (the template is TypeScript).
    Js,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The module's name (^[a-z][a-z0-9-]{0,31}$); also its folder and, for a domain module,
    /// its route prefix /v1/<name>.
    pub name: String,
    #[arg(long, value_enum)]
    pub kind: Kind,
    #[arg(long, value_enum, default_value = "rust")]
    pub lang: Lang,
    /// Folder to create the module's folder in (default: the current one).
    #[arg(long, default_value = ".")]
    pub dir: PathBuf,
    /// Depend on this SDK folder (a checkout's `sdk` or `sdk/js`, or an unpacked SDK crate)
    /// instead of the published SDK by version.
    #[arg(long)]
    pub sdk: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The module's folder (module.toml, and the component it builds), or its module.toml and
    /// .wasm files.
    #[arg(required = true, num_args = 1..=2)]
    pub paths: Vec<PathBuf>,
    /// Buddy's configuration (its protected paths, narrowing and caps apply); default:
    /// ./buddy.toml when present.
    #[arg(long, env = "BUDDY_CONFIG")]
    pub config: Option<PathBuf>,
    /// Keep compiled components in this folder, so checking the same component again is
    /// quick (default: a scratch folder removed at the end).
    #[arg(long)]
    pub cache_dir: Option<PathBuf>,
}

/// How to reach a running Buddy.
#[derive(Debug, Args)]
pub struct ApiArgs {
    /// Buddy's base URL (default: from the configuration's listen address).
    #[arg(long, env = "BUDDY_URL")]
    pub url: Option<String>,
    /// A file holding the API token (default: BUDDY_TOKEN, else the configuration's token,
    /// else <data_dir>/token).
    #[arg(long, env = "BUDDY_TOKEN_FILE")]
    pub token_file: Option<PathBuf>,
    /// Buddy's configuration; default: ./buddy.toml when present.
    #[arg(long, env = "BUDDY_CONFIG")]
    pub config: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The module's folder, or its module.toml and .wasm files.
    #[arg(required = true, num_args = 1..=2)]
    pub paths: Vec<PathBuf>,
    /// Approve the module as uploaded (its digest and grants) so it starts at once.
    #[arg(long)]
    pub approve: bool,
    /// Replace an installed module of the same name (it needs approval again).
    #[arg(long)]
    pub replace: bool,
    #[command(flatten)]
    pub api: ApiArgs,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print GET /v1/modules's reply as JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub api: ApiArgs,
}

/// Runs one `module` subcommand.
pub fn run(command: ModuleCommand) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    runtime.block_on(async move {
        match command {
            ModuleCommand::New(args) => scaffold::run(&args),
            ModuleCommand::Check(args) => check::run(&args).await,
            ModuleCommand::Install(args) => install::run(&args).await,
            ModuleCommand::List(args) => list::run(&args).await,
        }
    })
}

/// A command's output is what it prints.
#[allow(clippy::print_stdout)]
fn print(text: &str) {
    print!("{text}");
}
