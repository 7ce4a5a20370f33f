//! Input rules shared by handlers: identifiers that reach a CLI argument or a path.

use crate::error::ApiError;

/// The id rule as a JSON Schema pattern, for the API document ([`is_id`] also refuses `..`).
pub const ID_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
/// The agent id rule as a JSON Schema pattern ([`is_agent_id`]).
pub const AGENT_ID_PATTERN: &str = "^[a-z0-9][a-z0-9_-]{0,63}$";
/// The `provider/model` rule as a JSON Schema pattern ([`is_model_ref`]; at most 200 long).
pub const MODEL_REF_PATTERN: &str = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[A-Za-z0-9][A-Za-z0-9._/:@+-]*$";

/// `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`: what SPEC allows for ids that reach argv or paths.
pub fn is_id(value: &str) -> bool {
    let bytes = value.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
        && !value.contains("..")
}

/// Checks an id field and names it in the error.
pub fn id(field: &str, value: &str) -> Result<(), ApiError> {
    if is_id(value) {
        Ok(())
    } else {
        Err(ApiError::field(field, "must match ^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$ (no \"..\")"))
    }
}

/// An OpenClaw agent id as `openclaw agents add` keeps it unchanged (it lower-cases and
/// normalises anything else): `^[a-z0-9][a-z0-9_-]{0,63}$`.
pub fn is_agent_id(value: &str) -> bool {
    is_id(value) && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'))
}

/// Checks an agent id field.
pub fn agent_id(field: &str, value: &str) -> Result<(), ApiError> {
    if is_agent_id(value) {
        Ok(())
    } else {
        Err(ApiError::field(field, "must match ^[a-z0-9][a-z0-9_-]{0,63}$ (OpenClaw's agent ids)"))
    }
}

/// `provider/model`: a provider id, a slash, then a model id that may itself contain `/`, `:`
/// or `@` (`openrouter/meta/llama-3:8b`), nothing read as an option and no whitespace.
pub fn is_model_ref(value: &str) -> bool {
    let Some((provider, model)) = value.split_once('/') else {
        return false;
    };
    value.len() <= 200
        && is_id(provider)
        && model.starts_with(|c: char| c.is_ascii_alphanumeric())
        && model.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | ':' | '@' | '+'))
}

/// Checks a `provider/model` field.
pub fn model_ref(field: &str, value: &str) -> Result<(), ApiError> {
    if is_model_ref(value) { Ok(()) } else { Err(ApiError::field(field, "must be a \"provider/model\" reference")) }
}

/// Checks the length of a text field, in characters.
pub fn text(field: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let n = value.chars().count();
    if (min..=max).contains(&n) {
        Ok(())
    } else {
        Err(ApiError::field(field, format!("must be {min} to {max} characters long")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for ok in ["main", "helper-2", "a.b_c", "X9"] {
            assert!(is_id(ok), "{ok}");
        }
        for bad in ["", "--help", "../x", "a/b", ".hidden", "a..b", "sp ace", &"x".repeat(65)] {
            assert!(!is_id(bad), "{bad}");
        }
        assert!(is_agent_id("helper-2") && !is_agent_id("Helper") && !is_agent_id("a.b"));
        for ok in ["fakeai/fake-model", "openrouter/meta/llama-3:8b"] {
            assert!(is_model_ref(ok), "{ok}");
        }
        for bad in ["no-slash", "/m", "p/", "p/-x", "--help/x", "p/m n"] {
            assert!(!is_model_ref(bad), "{bad}");
        }
    }
}
