//! A template analyzer: copy it to write the diffs and heal reports your operators want.
//!
//! - `diff` is the SDK's structural diff (secrets masked) without the bookkeeping OpenClaw
//!   rewrites on every save (`/meta`, `/wizard`), so an operator comparing a backup sees only
//!   what someone changed;
//! - `analyze` writes the heal report as a runbook checklist: what happened, what Buddy did,
//!   what to check next, and which settings the heal changed.
//!
//! Select it in `buddy.toml` with `[heal] analyzer = "analyzer-template"` (the module's name).

use buddy_sdk::Value;
use buddy_sdk::analyzer::{Analyzer, Change, Evidence, json_diff};

/// Top-level sections OpenClaw maintains itself; changes below them are not shown.
const IGNORED: &[&str] = &["/meta", "/wizard"];

/// The module.
struct Runbook;

impl Analyzer for Runbook {
    fn diff(old: &Value, new: &Value) -> Result<Vec<Change>, String> {
        Ok(json_diff(old, new).into_iter().filter(|c| !ignored(&c.path)).map(Change::masked).collect())
    }

    fn analyze(evidence: &Evidence) -> String {
        let mut report = String::from("# Heal runbook\n\n");
        report.push_str(&format!("**Trigger:** {}\n\n**Outcome:** {}\n\n", evidence.trigger, evidence.outcome));
        report.push_str("## What Buddy saw\n\n");
        list(&mut report, &evidence.observations);
        report.push_str("\n## What Buddy did\n\n");
        list(&mut report, &evidence.actions);
        report.push_str("\n## Check next\n\n");
        report.push_str("- [ ] `GET /v1/openclaw/status` reports the gateway `Running` and `Healthy`\n");
        report.push_str("- [ ] the channels you use answer a test message\n");
        match (evidence.old_config_json(), evidence.new_config_json()) {
            (Some(Ok(old)), Some(Ok(new))) => {
                let changes = Self::diff(&old, &new).unwrap_or_default();
                report.push_str(&format!("- [ ] review the {} restored setting(s) below\n\n", changes.len()));
                report.push_str("## Settings the heal restored\n\n");
                for c in changes {
                    report.push_str(&format!("- `{}` ({})\n", c.path, c.kind.as_str()));
                }
            }
            (Some(Err(reason)), _) => {
                report.push_str(&format!("- [ ] the broken config was not JSON ({reason}): find who wrote it\n"));
            }
            _ => report.push_str("\nThe heal did not touch the config.\n"),
        }
        report
    }
}

/// Whether a change's path is below one of the [`IGNORED`] sections.
fn ignored(path: &str) -> bool {
    IGNORED.iter().any(|p| path == *p || path.strip_prefix(p).is_some_and(|rest| rest.starts_with('/')))
}

fn list(report: &mut String, items: &[String]) {
    if items.is_empty() {
        report.push_str("- (nothing recorded)\n");
    }
    for item in items {
        report.push_str(&format!("- {item}\n"));
    }
}

buddy_sdk::export_analyzer!(Runbook);

#[cfg(test)]
mod tests {
    use buddy_sdk::json;

    use super::*;

    #[test]
    fn bookkeeping_is_not_a_change_and_secrets_stay_masked() {
        let old = json!({"meta": {"lastTouchedAt": "1"}, "gateway": {"auth": {"token": "old-secret"}}, "metadata": 1});
        let new = json!({"meta": {"lastTouchedAt": "2"}, "gateway": {"auth": {"token": "new-secret"}}, "metadata": 2});
        let changes = Runbook::diff(&old, &new).unwrap();
        let paths: Vec<&str> = changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["/gateway/auth/token", "/metadata"]);
        assert!(!format!("{changes:?}").contains("secret"), "{changes:?}");
    }

    #[test]
    fn the_report_is_a_checklist_naming_the_restored_settings() {
        let evidence = Evidence {
            trigger: "health check failed 3 times".into(),
            observations: vec!["gateway down".into()],
            actions: vec!["restored the last valid backup".into(), "restarted the gateway".into()],
            outcome: "healthy".into(),
            old_config: Some(r#"{"gateway": {"port": 1}}"#.into()),
            new_config: Some(r#"{"gateway": {"port": 18789}}"#.into()),
        };
        let report = Runbook::analyze(&evidence);
        assert!(report.starts_with("# Heal runbook"), "{report}");
        assert!(report.contains("- restarted the gateway") && report.contains("`/gateway/port` (changed)"), "{report}");
        let unparsable = Evidence { old_config: Some("{".into()), ..evidence };
        assert!(Runbook::analyze(&unparsable).contains("was not JSON"));
    }
}
