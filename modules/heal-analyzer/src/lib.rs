//! The `heal-analyzer` module: Buddy's default analyzer.
//!
//! - `diff` (E44, a backup against the current `openclaw.json`) is the structural JSON diff:
//!   one change per added, removed or changed value, addressed by JSON pointer, in path order,
//!   with secrets masked (a changed token is still listed, its values shown as `"***"`).
//! - `analyze` (E42) writes the markdown report of one self-heal: what was seen, what changed
//!   in the config, what was done and how it ended.
//!
//! The host calls it because Buddy's config says `heal.analyzer = "heal-analyzer"`; any other
//! analyzer module can take its place.

mod cells;
mod config_changes;
mod report;

use buddy_sdk::Value;
use buddy_sdk::analyzer::{Analyzer, Change, Evidence, json_diff};

/// The module; the report lives in [`report`].
struct HealAnalyzer;

impl Analyzer for HealAnalyzer {
    fn diff(old: &Value, new: &Value) -> Result<Vec<Change>, String> {
        // `json_diff` already lists changes in path order (keys sorted, indices ascending).
        Ok(json_diff(old, new).into_iter().map(Change::masked).collect())
    }

    fn analyze(evidence: &Evidence) -> String {
        report::render(evidence)
    }
}

buddy_sdk::export_analyzer!(HealAnalyzer);

#[cfg(test)]
mod tests {
    use buddy_sdk::analyzer::ChangeKind;
    use buddy_sdk::json;

    use super::*;

    #[test]
    fn diff_masks_secrets_but_reports_their_paths() {
        let old = json!({"channels": {"telegram": {"botToken": "123:old", "enabled": true}}, "gateway": {"port": 1}});
        let new = json!({"channels": {"telegram": {"botToken": "123:new", "enabled": false}}, "gateway": {"port": 1}});
        let changes = HealAnalyzer::diff(&old, &new).unwrap();
        assert_eq!(
            changes,
            [
                Change::changed("/channels/telegram/botToken", json!("***"), json!("***")),
                Change::changed("/channels/telegram/enabled", json!(true), json!(false)),
            ]
        );
    }

    #[test]
    fn diff_masks_secrets_inside_added_and_removed_subtrees() {
        let old = json!({"models": {"providers": {"a": {"apiKey": "sk-a", "api": "openai"}}}});
        let new = json!({"models": {"providers": {"b": {"apiKey": "sk-b", "api": "anthropic"}}}});
        let changes = HealAnalyzer::diff(&old, &new).unwrap();
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].kind, ChangeKind::Removed);
        assert_eq!(changes[0].old, Some(json!({"apiKey": "***", "api": "openai"})));
        assert_eq!(changes[1].kind, ChangeKind::Added);
        assert_eq!(changes[1].new, Some(json!({"apiKey": "***", "api": "anthropic"})));
        let text = format!("{changes:?}");
        assert!(!text.contains("sk-a") && !text.contains("sk-b"), "{text}");
    }

    #[test]
    fn diff_is_sorted_by_path() {
        let old = json!({"z": 1, "b": [1, 2], "a": {"y": 1, "c": 1}});
        let new = json!({"z": 2, "b": [1, 3, 4], "a": {"y": 2, "c": 2}});
        let paths: Vec<String> = HealAnalyzer::diff(&old, &new).unwrap().into_iter().map(|c| c.path).collect();
        assert_eq!(paths, ["/a/c", "/a/y", "/b/1", "/b/2", "/z"]);
    }
}
