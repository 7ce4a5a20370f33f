//! The keys OpenClaw accepts in an agent entry (`agents.entries.<id>`), and their shapes.
//!
//! Found with OpenClaw 2026.9.6: `openclaw config schema` lists them, and `openclaw config
//! validate` refuses anything else ("Unrecognized key"). E12 (bots/update) refuses a key that
//! is not in [`AGENT_ENTRY`] before anything is written.

use super::shape::{MAX_SAFE, Rule};

/// How OpenClaw spells agent ids (`agents.entries` property names).
pub fn is_agent_key(id: &str) -> bool {
    let bytes = id.as_bytes();
    (1..=64).contains(&bytes.len())
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'))
        && bytes[0] != b'-'
}

/// `"provider/model"` or `{primary, fallbacks}`.
pub const MODEL_SPEC: Rule =
    Rule::Either(&Rule::Str, &Rule::Fields(&[("primary", Rule::Str), ("fallbacks", Rule::List(&Rule::Str))]));

/// `agents.entries.<id>.identity`.
pub const IDENTITY: Rule =
    Rule::Fields(&[("name", Rule::Str), ("theme", Rule::Str), ("emoji", Rule::Str), ("avatar", Rule::Str)]);

const THINKING: &[&str] = &["off", "minimal", "low", "medium", "high", "xhigh", "adaptive", "max", "ultra"];

/// Every key of an agent entry, with its shape.
pub const AGENT_ENTRY: &[(&str, Rule)] = &[
    ("name", Rule::Str),
    ("description", Rule::Str),
    ("workspace", Rule::Str),
    ("cwd", Rule::Str),
    ("agentDir", Rule::Str),
    ("model", MODEL_SPEC),
    ("utilityModel", Rule::Str),
    ("decisionModel", Rule::Str),
    ("models", Rule::Deep),
    ("modelPolicy", Rule::Fields(&[("allow", Rule::List(&Rule::Str))])),
    ("thinkingDefault", Rule::OneOf(THINKING)),
    ("verboseDefault", Rule::OneOf(&["off", "on", "full"])),
    ("toolProgressDetail", Rule::OneOf(&["explain", "raw"])),
    ("reasoningDefault", Rule::OneOf(&["on", "off", "stream"])),
    ("fastModeDefault", Rule::Either(&Rule::Bool, &Rule::OneOf(&["auto"]))),
    ("contextInjection", Rule::OneOf(&["always", "continuation-skip", "never"])),
    ("bootstrapMaxChars", Rule::Int(1, MAX_SAFE)),
    ("bootstrapTotalMaxChars", Rule::Int(1, MAX_SAFE)),
    ("experimental", Rule::Fields(&[("localModelLean", Rule::Bool)])),
    ("skills", Rule::List(&Rule::Str)),
    ("subagents", Rule::Deep),
    ("embeddedAgent", Rule::Fields(&[("executionContract", Rule::OneOf(&["default", "strict-agentic"]))])),
    ("params", Rule::Map(&Rule::Any)),
    ("runtime", Rule::Deep),
    ("memory", Rule::Deep),
    (
        "humanDelay",
        Rule::Fields(&[
            ("mode", Rule::OneOf(&["off", "natural", "custom"])),
            ("minMs", Rule::Int(0, MAX_SAFE)),
            ("maxMs", Rule::Int(0, MAX_SAFE)),
        ]),
    ),
    ("typingMode", Rule::OneOf(&["never", "instant", "thinking", "message"])),
    ("tts", Rule::Deep),
    ("skillsLimits", Rule::Fields(&[("maxSkillsPromptChars", Rule::Int(0, MAX_SAFE))])),
    (
        "contextLimits",
        Rule::Fields(&[("memoryGetMaxChars", Rule::Int(1, 250_000)), ("postCompactionMaxChars", Rule::Int(1, 50_000))]),
    ),
    ("heartbeat", Rule::Deep),
    ("identity", IDENTITY),
    (
        "groupChat",
        Rule::Fields(&[
            ("mentionPatterns", Rule::List(&Rule::Str)),
            ("historyLimit", Rule::Int(0, MAX_SAFE)),
            ("unmentionedInbound", Rule::OneOf(&["user_request", "room_event"])),
        ]),
    ),
    ("sandbox", Rule::Deep),
    ("tools", Rule::Deep),
    ("default", Rule::Bool),
];

/// The rule of one agent entry.
pub const ENTRY: Rule = Rule::Fields(AGENT_ENTRY);

/// The keys, for messages.
pub fn keys() -> Vec<&'static str> {
    AGENT_ENTRY.iter().map(|(k, _)| *k).collect()
}

#[cfg(test)]
mod tests {
    use super::super::shape::{Checked, check};
    use super::*;
    use serde_json::json;

    fn issues(entry: serde_json::Value) -> Vec<String> {
        let mut out = Checked::default();
        check(&ENTRY, &entry, "agents.entries.a", &mut out);
        out.issues.into_iter().map(|i| format!("{}: {}", i.path, i.message)).collect()
    }

    #[test]
    fn what_openclaw_validate_refused_is_refused() {
        // The same four mistakes `openclaw config validate` reported for this entry.
        let found = issues(json!({"bogus": 1, "thinkingDefault": "loud", "humanDelay": {"mode": "off", "x": 1},
                                   "identity": {"name": "x", "color": "red"}, "default": true}));
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found.contains(&"agents.entries.a: Unrecognized key: \"bogus\"".to_string()), "{found:?}");
        assert!(found.contains(&"agents.entries.a.identity: Unrecognized key: \"color\"".to_string()), "{found:?}");
        assert!(found.iter().any(|f| f.starts_with("agents.entries.a.thinkingDefault: Invalid option")));
        assert!(found.iter().any(|f| f.starts_with("agents.entries.a.humanDelay: Unrecognized key: \"x\"")));
    }

    #[test]
    fn accepts_the_documented_shapes() {
        let entry = json!({"name": "h", "model": {"primary": "p/m", "fallbacks": ["p/n"]}, "fastModeDefault": "auto",
            "identity": {"name": "H", "emoji": "🤖", "theme": "calm", "avatar": "a.png"}, "skills": [],
            "params": {"any": {"thing": 1}}, "contextLimits": {"memoryGetMaxChars": 250000}, "default": false});
        assert_eq!(issues(entry), Vec::<String>::new());
        assert_eq!(issues(json!({"model": "p/m", "bootstrapMaxChars": 1})), Vec::<String>::new());
        assert_eq!(issues(json!({"bootstrapMaxChars": 0})).len(), 1);
    }

    #[test]
    fn agent_keys_follow_openclaw_pattern() {
        for ok in ["main", "helper-2", "_sys", "a_b"] {
            assert!(is_agent_key(ok), "{ok}");
        }
        for bad in ["", "Main", "-x", "a.b", "a/b", &"x".repeat(65)] {
            assert!(!is_agent_key(bad), "{bad}");
        }
    }
}
