//! The rules OpenClaw Buddy and the modules written with its SDK must agree on.
//!
//! Both sides validate the same identifiers, read the same `openclaw --json` output and clean
//! the same terminal text. Keeping these rules in one small crate that the host and the SDK
//! both depend on means they cannot drift apart: an id the SDK accepts is an id the host
//! accepts, and JSON the host finds in CLI output is JSON a module finds too.
//!
//! [`secrets`] is the one redaction policy: what in OpenClaw's config is a secret, and how it is
//! hidden in replies, diffs, reports and messages.
//!
//! The crate has no dependency but `serde_json`, so it builds natively and for
//! `wasm32-wasip2` alike.

pub mod cli_output;
pub mod ids;
pub mod secrets;
pub mod terminal;
pub mod workspace;

pub use cli_output::extract_json;
pub use ids::{is_agent_id, is_id, is_model_ref};
pub use terminal::{clean_terminal_text, strip_ansi};
