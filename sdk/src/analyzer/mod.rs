//! Analyzers: the swappable modules that diff configs and write heal reports.
//!
//! An analyzer is a component of the WIT world `analyzer-module`. It serves no routes; the host
//! calls it directly:
//!
//! - `diff` when an operator compares a config backup with the current `openclaw.json`;
//! - `analyze` to write the markdown report of each self-heal.
//!
//! Which module the host calls is Buddy's config `heal.analyzer = "<module name>"`, so a
//! different analyzer can be installed and selected without rebuilding Buddy.
//!
//! Implement [`Analyzer`] and export it with [`export_analyzer!`](crate::export_analyzer):
//!
//! ```no_run
//! use buddy_sdk::Value;
//! use buddy_sdk::analyzer::{Analyzer, Change, Evidence, json_diff};
//!
//! struct Terse;
//!
//! impl Analyzer for Terse {
//!     fn diff(old: &Value, new: &Value) -> Result<Vec<Change>, String> {
//!         Ok(json_diff(old, new).into_iter().map(Change::masked).collect())
//!     }
//!
//!     fn analyze(evidence: &Evidence) -> String {
//!         format!("# Heal report\n\n{}: {}\n", evidence.trigger, evidence.outcome)
//!     }
//! }
//!
//! buddy_sdk::export_analyzer!(Terse);
//! ```
//!
//! The helpers here ([`json_diff`], [`mask_secrets`], [`Change::masked`]) are what most
//! analyzers need; they are plain functions and can be unit-tested natively. An analyzer is
//! meant to be a pure function of its input: it may log through [`log`](crate::log) and should
//! call no other capability (they are not part of its world).

mod change;
mod evidence;
mod export;
mod json_diff;

pub use buddy_rules::secrets::{MASK, is_secret_key};
pub use change::{Change, ChangeKind};
pub use evidence::Evidence;
#[doc(hidden)]
pub use export::Export;
pub use json_diff::json_diff;

/// A copy of `value` with every secret hidden by the policy Buddy applies itself
/// ([`buddy_rules::secrets::mask_config`]): values of secret-looking keys (`botToken`,
/// `apiKey`, `password`…), every string of a `headers` or `env` map, an `auth` object's
/// `value`, and the credentials in URLs.
///
/// ```
/// use buddy_sdk::analyzer::mask_secrets;
/// use buddy_sdk::json;
/// let masked = mask_secrets(&json!({"channels": {"telegram": {"botToken": "123:abc", "enabled": true}}}));
/// assert_eq!(masked, json!({"channels": {"telegram": {"botToken": "***", "enabled": true}}}));
/// ```
pub fn mask_secrets(value: &crate::Value) -> crate::Value {
    buddy_rules::secrets::mask_config(value)
}

use serde_json::Value;

/// A config analyzer. Implement it on a unit struct and export it with
/// [`export_analyzer!`](crate::export_analyzer).
///
/// Both functions get parsed input: the host sends JSON text and the SDK parses it, so an
/// analyzer works on [`Value`]s (a `diff` input that is not JSON never reaches it; the host gets
/// an error naming the side). Each call runs in a fresh instance under the manifest's limits.
pub trait Analyzer {
    /// The differences between two configs: `old` is a backup, `new` the current config.
    ///
    /// The default is the structural diff [`json_diff`] with each change
    /// [masked](Change::masked). Whatever this returns, the SDK masks every change again before
    /// it reaches the host, so no secret leaves the module through a diff. An `Err` is shown to
    /// the operator as the reason the diff failed.
    fn diff(old: &Value, new: &Value) -> Result<Vec<Change>, String> {
        Ok(json_diff(old, new).into_iter().map(Change::masked).collect())
    }

    /// The markdown report of one heal. The host stores and shows it as it is.
    fn analyze(evidence: &Evidence) -> String;
}
