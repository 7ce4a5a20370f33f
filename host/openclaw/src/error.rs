//! The adapter's one error type: what went wrong with OpenClaw, in terms the layers above map
//! to their own replies (the server maps it to the HTTP envelope in exactly one place).

use crate::cli::CliError;
use crate::config_store::StoreError;

/// Why an operation on OpenClaw failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input field breaks a rule; the message names the field.
    #[error("{field}: {rule}")]
    InvalidField { field: String, rule: String },
    /// OpenClaw's validator refuses the change as a whole.
    #[error("{0}")]
    BadRequest(String),
    /// The bot, provider, model or plugin does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The change contradicts the current state (exists already, still in use...).
    #[error("{0}")]
    Conflict(String),
    /// Well-formed but impossible (an unknown model reference, a config of the wrong shape).
    #[error("{0}")]
    Unprocessable(String),
    /// The CLI failed, timed out or is missing.
    #[error(transparent)]
    Cli(#[from] CliError),
    /// openclaw.json could not be read or written.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// OpenClaw did something unexpected; the message carries its redacted reason.
    #[error("{0}")]
    Upstream(String),
    /// OpenClaw did not finish in time.
    #[error("{0}")]
    UpstreamTimeout(String),
    /// A failure of Buddy itself whose details are logged, not shown.
    #[error("internal error")]
    Opaque(#[source] anyhow::Error),
}

impl Error {
    /// Shorthand for [`Error::InvalidField`].
    pub fn field(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidField { field: field.into(), rule: rule.into() }
    }
}

/// The adapter's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
