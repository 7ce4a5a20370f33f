//! The "What changed in the config" section: the broken config (old) against the restored one
//! (new), as a table of masked values.

// Writing to a `String` cannot fail, hence the `let _ = writeln!(..)` below.
use std::fmt::Write as _;

use buddy_sdk::Value;
use buddy_sdk::analyzer::{Change, Evidence, json_diff, mask_secrets};

use crate::cells::{path_cell, value_cell};

/// Most rows shown; a heal that rewrote most of the config would otherwise drown the report.
const MAX_ROWS: usize = 100;

/// Table head, shared by the change table and the whole-config row.
const HEADER: &str = "| Path | Change | Before (broken) | After (restored) |\n|---|---|---|---|\n";

/// Writes the section body (without its heading).
pub fn write(out: &mut String, evidence: &Evidence) {
    let (old, new) = match (evidence.old_config_json(), evidence.new_config_json()) {
        (None, None) => {
            out.push_str("No config change.\n");
            return;
        }
        (Some(_), None) => {
            out.push_str("No config change to show: only the broken config was recorded.\n");
            return;
        }
        (None, Some(_)) => {
            out.push_str("No config change to show: only the restored config was recorded.\n");
            return;
        }
        (Some(old), Some(new)) => (old, new),
    };
    match (old, new) {
        (Ok(old), Ok(new)) => {
            let changes: Vec<Change> = json_diff(&old, &new).into_iter().map(Change::masked).collect();
            if changes.is_empty() {
                out.push_str("No config change: the restored config is the same as the broken one.\n");
            } else {
                let n = changes.len();
                let noun = if n == 1 { "change" } else { "changes" };
                let _ = writeln!(out, "{n} {noun} from the broken config (before) to the restored one (after):\n");
                table(out, &changes);
            }
        }
        // An unparsable config is shown as such, never as text: it may hold secrets that
        // cannot be found without parsing it.
        (old, new) => {
            for (side, parsed) in [("broken", &old), ("restored", &new)] {
                if let Err(e) = parsed {
                    let _ = writeln!(out, "The {side} config is not valid JSON ({e}).");
                }
            }
            out.push_str("It cannot be compared key by key, so the whole config is shown as replaced:\n\n");
            out.push_str(HEADER);
            let _ = writeln!(out, "| {} | changed | {} | {} |", path_cell(""), whole_cell(&old), whole_cell(&new));
        }
    }
}

/// One side of the whole-config row: the masked document, or a mark that it did not parse.
fn whole_cell(side: &Result<Value, String>) -> String {
    match side {
        Ok(v) => value_cell(Some(&mask_secrets(v))),
        Err(_) => "_unparsable_".to_owned(),
    }
}

/// The change table, at most [`MAX_ROWS`] rows.
fn table(out: &mut String, changes: &[Change]) {
    out.push_str(HEADER);
    for c in changes.iter().take(MAX_ROWS) {
        let (before, after) = (value_cell(c.old.as_ref()), value_cell(c.new.as_ref()));
        let _ = writeln!(out, "| {} | {} | {before} | {after} |", path_cell(&c.path), c.kind);
    }
    if changes.len() > MAX_ROWS {
        let _ = writeln!(out, "\n… and {} more changes not shown.", changes.len() - MAX_ROWS);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_tables_are_cut() {
        let keys: Vec<String> = (0..150).map(|i| format!("\"k{i:03}\": {i}")).collect();
        let ev = Evidence {
            old_config: Some("{}".into()),
            new_config: Some(format!("{{{}}}", keys.join(","))),
            ..Evidence::default()
        };
        let mut out = String::new();
        write(&mut out, &ev);
        assert!(out.starts_with("150 changes from the broken config"), "{out}");
        assert_eq!(out.lines().filter(|l| l.starts_with("| `/k")).count(), MAX_ROWS);
        assert!(out.ends_with("\n… and 50 more changes not shown.\n"), "{out}");
    }

    #[test]
    fn both_sides_unparsable() {
        let ev = Evidence { old_config: Some("{".into()), new_config: Some("[".into()), ..Evidence::default() };
        let mut out = String::new();
        write(&mut out, &ev);
        assert!(
            out.contains("The broken config is not valid JSON")
                && out.contains("The restored config is not valid JSON")
        );
        assert!(out.ends_with("| (whole config) | changed | _unparsable_ | _unparsable_ |\n"), "{out}");
    }
}
