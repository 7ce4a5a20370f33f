//! The `openclaw-buddy` binary (see [`openclaw_buddy::cli`]).

fn main() -> anyhow::Result<()> {
    openclaw_buddy::cli::main()
}
