//! `openclaw-cli` grants: argv patterns. A literal matches itself, `*` matches exactly one
//! argument that does not start with `-` (so a value slot can never smuggle in an option such
//! as `--help` or `--force`), and a trailing `**` matches any rest. Without `**` the whole argv
//! must match.

use serde::Serialize;

/// One granted argv shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct ArgvPattern(Vec<String>);

impl ArgvPattern {
    /// Validates a pattern from a manifest.
    pub fn parse(parts: &[String]) -> Result<Self, String> {
        if parts.is_empty() {
            return Err("an empty cli pattern would allow nothing; remove it".into());
        }
        for (i, p) in parts.iter().enumerate() {
            if p.is_empty() {
                return Err(format!("cli pattern {parts:?}: empty element"));
            }
            if p == "**" && i + 1 != parts.len() {
                return Err(format!("cli pattern {parts:?}: \"**\" may only come last"));
            }
        }
        if parts[0] == "*" || parts[0] == "**" {
            return Err(format!("cli pattern {parts:?}: the first element must be a literal subcommand"));
        }
        Ok(Self(parts.to_vec()))
    }

    /// Whether `args` fits this pattern.
    pub fn allows(&self, args: &[String]) -> bool {
        let mut i = 0;
        for p in &self.0 {
            if p == "**" {
                return true;
            }
            let Some(arg) = args.get(i) else { return false };
            let ok = if p == "*" { !arg.starts_with('-') && !arg.is_empty() } else { p == arg };
            if !ok {
                return false;
            }
            i += 1;
        }
        i == args.len()
    }
}

/// Whether any pattern allows `args`.
pub fn any_allows(patterns: &[ArgvPattern], args: &[String]) -> bool {
    patterns.iter().any(|p| p.allows(args))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pat(p: &[&str]) -> ArgvPattern {
        ArgvPattern::parse(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>()).expect("valid")
    }

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn table() {
        let cases: &[(&[&str], &[&str], bool)] = &[
            (&["skills", "list", "--json"], &["skills", "list", "--json"], true),
            (&["skills", "list", "--json"], &["skills", "list", "--json", "--extra"], false),
            (&["skills", "list", "--json"], &["skills", "list"], false),
            (&["plugins", "install", "*"], &["plugins", "install", "@x/y@1.0.0"], true),
            (&["plugins", "install", "*"], &["plugins", "install", "--force"], false),
            (&["plugins", "install", "*"], &["plugins", "install", ""], false),
            (&["agents", "delete", "*", "--force"], &["agents", "delete", "main", "--force"], true),
            (&["logs", "**"], &["logs", "--json", "--limit", "5"], true),
            (&["logs", "**"], &["status"], false),
        ];
        for (p, a, expect) in cases {
            assert_eq!(pat(p).allows(&args(a)), *expect, "{p:?} vs {a:?}");
        }
    }

    #[test]
    fn rejects_bad_patterns() {
        for bad in [vec![], vec!["*"], vec!["a", "**", "b"], vec!["a", ""]] {
            let bad: Vec<String> = bad.into_iter().map(String::from).collect();
            assert!(ArgvPattern::parse(&bad).is_err(), "{bad:?}");
        }
    }
}
