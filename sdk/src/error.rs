//! [`CapError`]: why a capability call did not succeed, mirroring the WIT `cap-error` variant.

use std::fmt;

use crate::bindings::openclaw::buddy::types::CapError as WitCapError;

/// Why a capability call did not succeed.
///
/// A denial is an ordinary value: the host never traps a module because a grant is missing, so
/// a module can report it (or fall back) like any other error. `Display` prints
/// `<kind>: <message>`, e.g. `denied: cli ["agents", "delete"] is not granted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CapError {
    /// The module's manifest does not grant this call; the text names the missing grant.
    Denied(String),
    /// The arguments are malformed (bad JSON pointer, bad id, oversize value...).
    Invalid(String),
    /// The thing asked for does not exist.
    NotFound(String),
    /// The operation ran past its time budget.
    Timeout(String),
    /// The outside system failed: OpenClaw exited non-zero, a write conflicted, HTTP failed.
    Failed(String),
}

impl CapError {
    /// The variant's name as in the WIT: `denied`, `invalid`, `not-found`, `timeout`, `failed`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Denied(_) => "denied",
            Self::Invalid(_) => "invalid",
            Self::NotFound(_) => "not-found",
            Self::Timeout(_) => "timeout",
            Self::Failed(_) => "failed",
        }
    }

    /// The host's explanation.
    pub fn message(&self) -> &str {
        match self {
            Self::Denied(m) | Self::Invalid(m) | Self::NotFound(m) | Self::Timeout(m) | Self::Failed(m) => m,
        }
    }

    /// True for [`CapError::Denied`].
    pub fn is_denied(&self) -> bool {
        matches!(self, Self::Denied(_))
    }

    /// The HTTP status a reply should carry when this error ends a request.
    ///
    /// A denial or an invalid argument is the module's own fault (a manifest or validation
    /// gap), not the client's, hence 500; the outside world failing is 502, running out of
    /// time 504, and a missing thing 404.
    pub fn http_status(&self) -> u16 {
        match self {
            Self::Denied(_) | Self::Invalid(_) => 500,
            Self::NotFound(_) => 404,
            Self::Timeout(_) => 504,
            Self::Failed(_) => 502,
        }
    }
}

impl fmt::Display for CapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind(), self.message())
    }
}

impl std::error::Error for CapError {}

impl From<WitCapError> for CapError {
    fn from(e: WitCapError) -> Self {
        match e {
            WitCapError::Denied(m) => Self::Denied(m),
            WitCapError::Invalid(m) => Self::Invalid(m),
            WitCapError::NotFound(m) => Self::NotFound(m),
            WitCapError::Timeout(m) => Self::Timeout(m),
            WitCapError::Failed(m) => Self::Failed(m),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_the_kind_first() {
        let e = CapError::Denied("kv is not granted".into());
        assert_eq!(e.to_string(), "denied: kv is not granted");
        assert!(e.is_denied());
        assert_eq!(CapError::NotFound("x".into()).to_string(), "not-found: x");
    }
}
