//! The short plain heal report: trigger, actions, outcome and the changed config lines.

// Writing to a `String` cannot fail, hence the `let _ = writeln!(..)` below.
use std::fmt::Write as _;

use buddy_sdk::Value;
use buddy_sdk::analyzer::{Change, Evidence};

/// Most changed lines listed; the backup diff has them all.
const MAX_LINES: usize = 50;

/// The whole report.
pub fn render(evidence: &Evidence) -> String {
    let mut out = String::from("# Heal report (line-diff)\n\n");
    let _ = writeln!(out, "Trigger: {}\n", evidence.trigger);
    out.push_str("Actions:\n");
    if evidence.actions.is_empty() {
        out.push_str("- none\n");
    }
    for action in &evidence.actions {
        let _ = writeln!(out, "- {action}");
    }
    let _ = writeln!(out, "\nOutcome: {}\n", evidence.outcome);
    out.push_str("Changed lines (broken config -> restored config):\n");
    match (evidence.old_config_json(), evidence.new_config_json()) {
        (Some(Ok(old)), Some(Ok(new))) => changed_lines(&mut out, &crate::line_changes(&old, &new)),
        (None, None) => out.push_str("- no config change\n"),
        // Unparsable text is not printed: it may hold secrets that cannot be masked unparsed.
        _ => out.push_str("- not compared: a config is missing or is not valid JSON\n"),
    }
    out
}

fn changed_lines(out: &mut String, changes: &[Change]) {
    if changes.is_empty() {
        out.push_str("- none\n");
    }
    for c in changes.iter().take(MAX_LINES) {
        let text = |v: &Option<Value>| v.as_ref().and_then(Value::as_str).unwrap_or_default().trim().to_owned();
        let _ = match (&c.old, &c.new) {
            (Some(_), Some(_)) => writeln!(out, "- {} changed: {} => {}", c.path, text(&c.old), text(&c.new)),
            (Some(_), None) => writeln!(out, "- {} removed: {}", c.path, text(&c.old)),
            _ => writeln!(out, "- {} added: {}", c.path, text(&c.new)),
        };
    }
    if changes.len() > MAX_LINES {
        let _ = writeln!(out, "- ... and {} more", changes.len() - MAX_LINES);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_trigger_actions_outcome_and_lines() {
        let ev = Evidence {
            trigger: "gateway down".into(),
            observations: vec!["port closed".into()],
            actions: vec!["restored backup".into()],
            outcome: "healthy".into(),
            old_config: Some(r#"{"port": 1, "token": "old-secret"}"#.into()),
            new_config: Some(r#"{"port": 2, "token": "new-secret"}"#.into()),
        };
        let report = render(&ev);
        assert!(report.starts_with("# Heal report (line-diff)\n\nTrigger: gateway down\n"), "{report}");
        assert!(report.contains("Actions:\n- restored backup\n"), "{report}");
        assert!(report.contains("Outcome: healthy\n"), "{report}");
        assert!(report.contains("- line:2 changed: \"port\": 1, => \"port\": 2,\n"), "{report}");
        assert!(report.contains("- line:3 changed: \"token\": \"***\" => \"token\": \"***\"\n"), "{report}");
        assert!(!report.contains("secret"), "{report}");
    }

    #[test]
    fn missing_or_broken_configs_are_not_compared() {
        let none = render(&Evidence::default());
        assert!(none.contains("- no config change\n"), "{none}");
        let broken =
            Evidence { old_config: Some("{oops".into()), new_config: Some("{}".into()), ..Evidence::default() };
        let report = render(&broken);
        assert!(report.contains("not compared") && !report.contains("oops"), "{report}");
    }
}
