//! Identifiers that reach a CLI argument, a JSON pointer or a path.
//!
//! An id matches `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$` and never contains `..`: no leading `-`
//! (it can never be read as an option), no `/` (it can never leave a directory), no
//! whitespace.

/// Longest id, in bytes.
pub const MAX_ID_LEN: usize = 64;
/// Longest `provider/model` reference, in bytes.
pub const MAX_MODEL_REF_LEN: usize = 200;

/// The rule of [`is_id`], as error messages quote it.
pub const ID_RULE: &str = "must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ (no \"..\")";
/// The rule of [`is_agent_id`], as error messages quote it.
pub const AGENT_ID_RULE: &str = "must match ^[a-z0-9][a-z0-9_-]{0,63}$ (OpenClaw's agent ids)";
/// The rule of [`is_model_ref`], as error messages quote it.
pub const MODEL_REF_RULE: &str = "must be a \"provider/model\" reference";

/// True when `value` matches `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$` and has no `..`.
pub fn is_id(value: &str) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_ID_LEN
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && !value.contains("..")
}

/// True when `value` matches `^[a-z0-9][a-z0-9_-]{0,63}$`: the shape OpenClaw keeps an agent
/// id in (`openclaw agents add` lower-cases and normalises anything else, so another id would
/// be renamed).
pub fn is_agent_id(value: &str) -> bool {
    is_id(value) && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'))
}

/// `provider/model`: a provider id, a slash, then a model id that may itself contain `/`, `:`
/// or `@` (`openrouter/meta/llama-3:8b`), nothing read as an option and no whitespace.
pub fn is_model_ref(value: &str) -> bool {
    let Some((provider, model)) = value.split_once('/') else {
        return false;
    };
    value.len() <= MAX_MODEL_REF_LEN
        && is_id(provider)
        && model.starts_with(|c: char| c.is_ascii_alphanumeric())
        && model.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@' | '+'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for ok in ["main", "helper-2", "a.b_c", "X9", "My.Bot_1-x", &"a".repeat(64)] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "--help", "-x", "../x", "..", "a/b", ".hidden", "a..b", "sp ace", "é", &"x".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
        }
    }

    #[test]
    fn agent_ids() {
        for ok in ["main", "my_dev_lead", "bot-2", "helper-2"] {
            assert!(is_agent_id(ok), "{ok}");
        }
        for bad in ["Main", "Helper", "a.b", "_x", "-x", ""] {
            assert!(!is_agent_id(bad), "{bad}");
        }
    }

    #[test]
    fn model_refs() {
        for ok in ["fakeai/fake-model", "openrouter/meta/llama-3:8b"] {
            assert!(is_model_ref(ok), "{ok}");
        }
        for bad in ["no-slash", "/m", "p/", "p/-x", "--help/x", "p/m n", &format!("p/{}", "m".repeat(200))] {
            assert!(!is_model_ref(bad), "{bad}");
        }
    }
}
