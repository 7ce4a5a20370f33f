//! The markdown heal report: what was seen, what changed in the config, what was done, and the
//! outcome.

// Writing to a `String` cannot fail, hence the `let _ = writeln!(..)` below.
use std::fmt::Write as _;

use buddy_sdk::analyzer::Evidence;

use crate::config_changes;

/// The whole report.
pub fn render(evidence: &Evidence) -> String {
    let mut out = String::from("# Heal report\n\n## What was seen\n\n");
    let _ = writeln!(out, "**Trigger:** {}\n", or_unrecorded(&evidence.trigger));
    if evidence.observations.is_empty() {
        out.push_str("No observations were recorded.\n");
    }
    for observation in &evidence.observations {
        let _ = writeln!(out, "- {}", indent_continuation(observation, 2));
    }

    out.push_str("\n## What changed in the config\n\n");
    config_changes::write(&mut out, evidence);

    out.push_str("\n## What was done\n\n");
    if evidence.actions.is_empty() {
        out.push_str("Nothing was done.\n");
    }
    for (i, action) in evidence.actions.iter().enumerate() {
        let marker = format!("{}. ", i + 1);
        let _ = writeln!(out, "{marker}{}", indent_continuation(action, marker.len()));
    }

    out.push_str("\n## Outcome\n\n");
    let _ = writeln!(out, "{}", or_unrecorded(&evidence.outcome));
    out
}

/// The text, or a note that the host left it empty.
fn or_unrecorded(text: &str) -> &str {
    if text.trim().is_empty() { "_(not recorded)_" } else { text }
}

/// Indents every line after the first so a multi-line entry stays inside its list item.
fn indent_continuation(text: &str, width: usize) -> String {
    text.trim_end().replace('\n', &format!("\n{}", " ".repeat(width)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn evidence() -> Evidence {
        Evidence {
            trigger: "health check failed 3 times".into(),
            observations: vec!["gateway not listening on 18789".into(), "openclaw.json does not parse".into()],
            actions: vec!["stopped the gateway".into(), "restored backup openclaw.json.bak.3".into()],
            outcome: "Gateway healthy again after 12 s.".into(),
            old_config: None,
            new_config: None,
        }
    }

    #[test]
    fn sections_come_in_order() {
        let report = render(&evidence());
        let at = |s: &str| report.find(s).unwrap_or_else(|| panic!("{s:?} missing from\n{report}"));
        assert_eq!(at("# Heal report"), 0);
        assert!(at("## What was seen") < at("## What changed in the config"));
        assert!(at("## What changed in the config") < at("## What was done"));
        assert!(at("## What was done") < at("## Outcome"));
        assert!(report.contains("**Trigger:** health check failed 3 times"));
        assert!(report.contains("- gateway not listening on 18789\n- openclaw.json does not parse\n"));
        assert!(report.contains("1. stopped the gateway\n2. restored backup openclaw.json.bak.3\n"));
        assert!(report.ends_with("## Outcome\n\nGateway healthy again after 12 s.\n"));
        assert!(report.contains("No config change.\n"));
    }

    #[test]
    fn the_config_table_compares_broken_with_restored() {
        let ev = Evidence {
            old_config: Some(r#"{"gateway": {"port": "x|y", "auth": {"token": "old-secret"}}, "extra": 1}"#.into()),
            new_config: Some(r#"{"gateway": {"port": 18789, "auth": {"token": "new-secret"}}}"#.into()),
            ..evidence()
        };
        let report = render(&ev);
        assert!(report.contains("| Path | Change | Before (broken) | After (restored) |"), "{report}");
        assert!(report.contains("| `/extra` | removed | `1` | — |"), "{report}");
        assert!(report.contains("| `/gateway/auth/token` | changed | `\"***\"` | `\"***\"` |"), "{report}");
        assert!(report.contains(r#"| `/gateway/port` | changed | `"x\|y"` | `18789` |"#), "{report}");
        assert!(!report.contains("secret"), "{report}");
    }

    #[test]
    fn an_unparsable_config_is_named_not_shown() {
        let ev = Evidence {
            old_config: Some(r#"{"gateway": {"token": "leak-me" "#.into()),
            new_config: Some(r#"{"gateway": {"token": "restored"}}"#.into()),
            ..evidence()
        };
        let report = render(&ev);
        assert!(report.contains("The broken config is not valid JSON ("), "{report}");
        assert!(
            report.contains(r#"| (whole config) | changed | _unparsable_ | `{"gateway":{"token":"***"}}` |"#),
            "{report}"
        );
        assert!(!report.contains("leak-me") && !report.contains("restored\""), "{report}");
    }

    #[test]
    fn identical_or_one_sided_configs_say_so() {
        let same =
            Evidence { old_config: Some("{\"a\":1}".into()), new_config: Some("{\"a\": 1}".into()), ..evidence() };
        assert!(render(&same).contains("No config change: the restored config is the same as the broken one."));
        let one = Evidence { new_config: Some("{}".into()), ..evidence() };
        assert!(render(&one).contains("only the restored config was recorded"));
    }

    #[test]
    fn empty_lists_and_multi_line_entries_read_well() {
        let ev = Evidence {
            trigger: String::new(),
            observations: vec![],
            actions: vec!["ran doctor\nit said: ok".into()],
            ..evidence()
        };
        let report = render(&ev);
        assert!(report.contains("**Trigger:** _(not recorded)_"), "{report}");
        assert!(report.contains("No observations were recorded."), "{report}");
        assert!(report.contains("1. ran doctor\n   it said: ok\n"), "{report}");
    }

    #[test]
    fn the_outcome_is_verbatim() {
        let ev = Evidence { outcome: "Failed: *still* down | see `logs`".into(), ..evidence() };
        assert!(render(&ev).ends_with("\n\nFailed: *still* down | see `logs`\n"));
    }
}
