//! The adapter that exports an [`Analyzer`] through the WIT `analyzer` interface: JSON text in,
//! parsed values to the analyzer, masked changes back out.

use std::marker::PhantomData;

use serde_json::Value;

use super::{Analyzer, Change, Evidence};
use crate::analyzer_bindings::exports::openclaw::buddy::analyzer::{self as wit, Guest};

/// Adapts an [`Analyzer`] to the generated `Guest` trait; named only by the export macro.
#[doc(hidden)]
pub struct Export<A>(PhantomData<A>);

impl<A: Analyzer> Guest for Export<A> {
    fn diff(old_json: String, new_json: String) -> Result<Vec<wit::Change>, String> {
        let old = parse("old", &old_json)?;
        let new = parse("new", &new_json)?;
        // Masked again on the way out, whatever the analyzer did: a change must never carry a
        // secret to the host (masking is idempotent, so an analyzer that masked loses nothing).
        Ok(A::diff(&old, &new)?.into_iter().map(|c| into_wit(c.masked())).collect())
    }

    fn analyze(evidence: wit::Evidence) -> String {
        A::analyze(&Evidence {
            trigger: evidence.trigger,
            observations: evidence.observations,
            actions: evidence.actions,
            outcome: evidence.outcome,
            old_config: evidence.old_config,
            new_config: evidence.new_config,
        })
    }
}

/// Parses one side of a diff; the host sends JSON, so a failure is the caller's mistake.
fn parse(side: &str, text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| format!("{side} document is not valid JSON: {e}"))
}

fn into_wit(change: Change) -> wit::Change {
    wit::Change {
        path: change.path,
        kind: change.kind.as_str().to_owned(),
        old_json: change.old.map(|v| v.to_string()),
        new_json: change.new.map(|v| v.to_string()),
    }
}
