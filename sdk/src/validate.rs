//! Checks for identifiers that reach a CLI argument, a JSON pointer or a path.
//!
//! Buddy's rule for ids is `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`: no leading `-` (so an id can
//! never be read as an option), no `/` (so it can never leave a directory), no whitespace.

/// Longest id, in bytes.
pub const MAX_ID_LEN: usize = 64;

/// True when `s` matches `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`.
pub fn is_id(s: &str) -> bool {
    s.len() <= MAX_ID_LEN
        && s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

/// True when `s` matches `^[a-z0-9][a-z0-9_-]{0,63}$`: the shape OpenClaw keeps an agent id
/// in (it lower-cases and normalises ids on `agents add`, so anything else would be renamed).
pub fn is_agent_id(s: &str) -> bool {
    let lower = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    s.len() <= MAX_ID_LEN && s.chars().next().is_some_and(lower) && s.chars().all(|c| lower(c) || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for ok in ["main", "a", "My.Bot_1-x", &"a".repeat(64)] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "-x", ".x", "a/b", "a b", "..", "é", &"a".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn agent_ids() {
        for ok in ["main", "my_dev_lead", "bot-2"] {
            assert!(is_agent_id(ok), "{ok}");
        }
        for bad in ["Main", "a.b", "_x", "-x", ""] {
            assert!(!is_agent_id(bad), "{bad}");
        }
    }
}
