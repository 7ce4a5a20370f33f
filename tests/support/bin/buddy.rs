//! Buddy's binary for the end-to-end tests that need a real process (SIGTERM, what its children
//! inherit): the same one call as `host/server/src/main.rs`, built by Cargo for this package's
//! tests (`CARGO_BIN_EXE_buddy-e2e`).

fn main() -> anyhow::Result<()> {
    openclaw_buddy::cli::main()
}
