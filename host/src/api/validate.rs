//! Input rules shared by handlers: identifiers that reach a CLI argument or a path.

use crate::error::ApiError;

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
    }
}
