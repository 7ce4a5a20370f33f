//! The `line-diff` module: a deliberately minimal analyzer, proof that the analyzer is
//! swappable (select it with Buddy's config `heal.analyzer = "line-diff"`).
//!
//! - `diff` compares the pretty-printed configs (2-space indent, keys sorted) line by line: each
//!   change is `line:<n>` (the line in the new text for added and changed lines, in the old text
//!   for removed ones) with the line's text as a JSON string.
//! - `analyze` writes a short plain report: trigger, actions, outcome and the changed lines.

mod lcs;
mod lines;
mod report;

use buddy_sdk::Value;
use buddy_sdk::analyzer::{Analyzer, Change, Evidence};

/// The module; the work is in [`lines`] (printing), [`lcs`] (diffing) and [`report`].
struct LineDiff;

impl Analyzer for LineDiff {
    fn diff(old: &Value, new: &Value) -> Result<Vec<Change>, String> {
        Ok(line_changes(old, new))
    }

    fn analyze(evidence: &Evidence) -> String {
        report::render(evidence)
    }
}

/// The line changes between two documents, in text order.
fn line_changes(old: &Value, new: &Value) -> Vec<Change> {
    let (old, new) = (lines::pretty_lines(old), lines::pretty_lines(new));
    // Lines are compared on their real text (a changed secret is a changed line) and shown
    // masked.
    let raw = |ls: &[lines::Line]| ls.iter().map(|l| l.raw.clone()).collect::<Vec<_>>();
    let shown = |l: &lines::Line| Value::String(l.shown.clone());
    lcs::diff(&raw(&old), &raw(&new))
        .into_iter()
        .map(|edit| match edit {
            lcs::Edit::Added(j) => Change::added(format!("line:{}", j + 1), shown(&new[j])),
            lcs::Edit::Removed(i) => Change::removed(format!("line:{}", i + 1), shown(&old[i])),
            lcs::Edit::Changed(i, j) => Change::changed(format!("line:{}", j + 1), shown(&old[i]), shown(&new[j])),
        })
        .collect()
}

buddy_sdk::export_analyzer!(LineDiff);

#[cfg(test)]
mod tests {
    use buddy_sdk::analyzer::ChangeKind;
    use buddy_sdk::json;

    use super::*;

    #[test]
    fn a_changed_value_is_a_changed_line() {
        let changes = LineDiff::diff(&json!({"a": 1, "b": 2}), &json!({"b": 3, "a": 1})).unwrap();
        assert_eq!(changes, [Change::changed("line:3", json!("  \"b\": 2"), json!("  \"b\": 3"))]);
    }

    #[test]
    fn removed_lines_are_numbered_in_the_old_text() {
        let changes = LineDiff::diff(&json!({"a": 1, "b": {"x": 1}, "c": 3}), &json!({"a": 1, "c": 3})).unwrap();
        assert_eq!(
            changes,
            [
                Change::removed("line:3", json!("  \"b\": {")),
                Change::removed("line:4", json!("    \"x\": 1")),
                Change::removed("line:5", json!("  },")),
            ]
        );
    }

    #[test]
    fn added_lines_are_numbered_in_the_new_text() {
        let changes = LineDiff::diff(&json!({"b": 1}), &json!({"a": [true], "b": 1})).unwrap();
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["line:2", "line:3", "line:4"]);
        assert!(changes.iter().all(|c| c.kind == ChangeKind::Added && c.old.is_none()));
        assert_eq!(changes[1].new, Some(json!("    true")));
    }

    #[test]
    fn unequal_runs_pair_up_as_changed_lines_first() {
        let changes = LineDiff::diff(&json!([1, 2]), &json!([1, 5, 6])).unwrap();
        assert_eq!(
            changes,
            [Change::changed("line:3", json!("  2"), json!("  5,")), Change::added("line:4", json!("  6"))]
        );
    }

    #[test]
    fn a_changed_secret_is_listed_but_masked() {
        let old = json!({"gateway": {"auth": {"token": "old-secret"}}});
        let new = json!({"gateway": {"auth": {"token": "new-secret"}}});
        let changes = LineDiff::diff(&old, &new).unwrap();
        assert_eq!(
            changes,
            [Change::changed("line:4", json!("      \"token\": \"***\""), json!("      \"token\": \"***\""))]
        );
    }

    #[test]
    fn equal_documents_have_no_changes() {
        assert!(LineDiff::diff(&json!({"a": [1, 2]}), &json!({"a": [1, 2]})).unwrap().is_empty());
    }
}
