//! A small description language for the shape of openclaw.json values, and its checker.
//!
//! OpenClaw validates its config strictly (unknown keys are errors). The tables in the sibling
//! files describe, with these rules, the parts of the file Buddy edits, as OpenClaw 2026.9.6's
//! `openclaw config schema` and `openclaw config validate` define them. Objects whose inside is
//! large and rarely edited (sandbox, tools, tts...) are [`Rule::Deep`]: Buddy checks that they
//! are objects and leaves their inside to OpenClaw itself (see `openclaw::dry_run`).

use serde_json::Value;

use super::{Issue, issue};

/// The largest integer OpenClaw's schema allows (JavaScript's `Number.MAX_SAFE_INTEGER`).
pub const MAX_SAFE: i64 = 9_007_199_254_740_991;

/// What a value must look like.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// Any string.
    Str,
    /// A string of at least one character.
    NonEmpty,
    /// An `http://` or `https://` URL.
    Url,
    Bool,
    /// A whole number in `min..=max`.
    Int(i64, i64),
    /// A number greater than zero.
    Positive,
    /// One of these strings.
    OneOf(&'static [&'static str]),
    /// A list whose items all follow the rule.
    List(&'static Rule),
    /// Either of two rules.
    Either(&'static Rule, &'static Rule),
    /// An object with only these keys, all optional.
    Fields(&'static [(&'static str, Rule)]),
    /// An object with any keys whose values follow the rule.
    Map(&'static Rule),
    /// Any JSON value.
    Any,
    /// An object whose inside only OpenClaw checks.
    Deep,
}

/// The outcome of checking one value.
#[derive(Debug, Default)]
pub struct Checked {
    pub issues: Vec<Issue>,
    /// Whether a [`Rule::Deep`] object was met: only OpenClaw can tell whether it is valid.
    pub deep: bool,
}

/// Checks `value` at dotted path `at` against `rule`.
pub fn check(rule: &Rule, value: &Value, at: &str, out: &mut Checked) {
    let mut bad = |message: String| out.issues.push(issue(at, message));
    match rule {
        Rule::Str if !value.is_string() => bad("Invalid input: expected string".into()),
        Rule::NonEmpty if value.as_str().is_none_or(str::is_empty) => {
            bad("Invalid input: expected a non-empty string".into())
        }
        Rule::Url if !value.as_str().is_some_and(|u| u.starts_with("http://") || u.starts_with("https://")) => {
            bad("Invalid input: expected an http(s) URL".into())
        }
        Rule::Bool if !value.is_boolean() => bad("Invalid input: expected boolean".into()),
        Rule::Int(min, max) if !value.as_i64().is_some_and(|n| (*min..=*max).contains(&n)) => {
            bad(format!("Invalid input: expected a whole number from {min} to {max}"))
        }
        Rule::Positive if !value.as_f64().is_some_and(|n| n > 0.0) => {
            bad("Invalid input: expected a number greater than 0".into())
        }
        Rule::OneOf(options) if !value.as_str().is_some_and(|s| options.contains(&s)) => {
            let list: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
            bad(format!("Invalid option: expected one of {}", list.join("|")))
        }
        Rule::List(item) => match value.as_array() {
            Some(list) => {
                for (i, v) in list.iter().enumerate() {
                    check(item, v, &format!("{at}.{i}"), out);
                }
            }
            None => bad("Invalid input: expected array".into()),
        },
        Rule::Either(a, b) => {
            let mut first = Checked::default();
            check(a, value, at, &mut first);
            if !first.issues.is_empty() {
                let mut second = Checked::default();
                check(b, value, at, &mut second);
                // Report the alternative that got further (fewer complaints).
                let best =
                    if second.issues.len() < first.issues.len() || second.issues.is_empty() { second } else { first };
                out.deep |= best.deep;
                out.issues.extend(best.issues);
            } else {
                out.deep |= first.deep;
            }
        }
        Rule::Fields(fields) => match value.as_object() {
            Some(map) => {
                for (key, v) in map {
                    match fields.iter().find(|(name, _)| name == key) {
                        Some((_, rule)) => check(rule, v, &format!("{at}.{key}"), out),
                        None => out.issues.push(issue(at, format!("Unrecognized key: \"{key}\""))),
                    }
                }
            }
            None => bad("Invalid input: expected object".into()),
        },
        Rule::Map(inner) => match value.as_object() {
            Some(map) => {
                for (key, v) in map {
                    check(inner, v, &format!("{at}.{key}"), out);
                }
            }
            None => bad("Invalid input: expected object".into()),
        },
        Rule::Deep => {
            if value.is_object() {
                out.deep = true;
            } else {
                bad("Invalid input: expected object".into());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SHAPE: Rule = Rule::Fields(&[
        ("name", Rule::Str),
        ("mode", Rule::OneOf(&["off", "on"])),
        ("n", Rule::Int(1, 10)),
        ("tags", Rule::List(&Rule::NonEmpty)),
        ("fast", Rule::Either(&Rule::Bool, &Rule::OneOf(&["auto"]))),
        ("deep", Rule::Deep),
        ("url", Rule::Url),
    ]);

    fn run(value: Value) -> Checked {
        let mut out = Checked::default();
        check(&SHAPE, &value, "x", &mut out);
        out
    }

    #[test]
    fn accepts_what_the_rules_allow() {
        let out = run(json!({"name": "a", "mode": "on", "n": 10, "tags": ["t"], "fast": "auto", "url": "https://e"}));
        assert!(out.issues.is_empty() && !out.deep, "{:?}", out.issues);
        assert!(run(json!({"deep": {"anything": 1}})).deep);
    }

    #[test]
    fn names_every_broken_rule_with_its_path() {
        let out = run(json!({"name": 1, "mode": "loud", "n": 0, "tags": [""], "fast": "x", "deep": 3,
                             "url": "ftp://x", "bogus": true}));
        let mut paths: Vec<_> = out.issues.iter().map(|i| i.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(paths, vec!["x", "x.deep", "x.fast", "x.mode", "x.n", "x.name", "x.tags.0", "x.url"]);
        assert!(out.issues[0].message.contains("Unrecognized key: \"bogus\""));
        assert!(out.issues.iter().any(|i| i.message.contains("\"off\"|\"on\"")));
    }
}
