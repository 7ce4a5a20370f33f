//! The one error type of the HTTP layer and its mapping to statuses.
//!
//! Every failure a handler can meet converts into [`ApiError`] here, and [`ApiError::status`]
//! is the only place that decides its HTTP status; the envelope it is answered with is built
//! where every envelope is (`api/envelope.rs`). Internal errors are logged in full and answered
//! opaquely, so no detail (or secret) leaks to clients.

use axum::http::StatusCode;

/// What went wrong, in terms a client can act on.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A request field is missing or breaks a rule; the message names the field.
    #[error("{field}: {rule}")]
    InvalidField { field: String, rule: String },
    /// The request as a whole is malformed (bad JSON, wrong content type...).
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    MethodNotAllowed(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Well-formed but semantically impossible (e.g. an unknown model reference).
    #[error("{0}")]
    Unprocessable(String),
    #[error("{message}")]
    TooManyRequests { message: String, retry_after_secs: u64 },
    /// OpenClaw (CLI or gateway) failed; the message carries its redacted reason.
    #[error("{0}")]
    Upstream(String),
    /// OpenClaw did not answer in time.
    #[error("{0}")]
    UpstreamTimeout(String),
    #[error("{0}")]
    Unavailable(String),
    /// A failure of Buddy itself (or of a module, which is named in the message).
    #[error("{0}")]
    Internal(String),
    /// A failure of Buddy itself whose details are logged but not shown.
    #[error("internal error")]
    Opaque(#[source] anyhow::Error),
}

impl ApiError {
    /// Shorthand for [`ApiError::InvalidField`].
    pub fn field(field: impl Into<String>, rule: impl Into<String>) -> Self {
        Self::InvalidField { field: field.into(), rule: rule.into() }
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidField { .. } | Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Upstream(_) => StatusCode::BAD_GATEWAY,
            Self::UpstreamTimeout(_) => StatusCode::GATEWAY_TIMEOUT,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) | Self::Opaque(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Attached to error responses so the audit log can record why a call failed.
#[derive(Debug, Clone)]
pub struct ErrorDetail(pub String);

impl From<crate::db::DbError> for ApiError {
    /// A locked or full database is a condition the operator can act on, so it is named; any
    /// other database failure stays opaque.
    fn from(err: crate::db::DbError) -> Self {
        if err.is_busy() {
            Self::Unavailable(
                "Buddy's database is locked by another process (SQLite busy); nothing was written, retry shortly"
                    .into(),
            )
        } else if err.is_full() {
            Self::Unavailable(
                "no space left on device for Buddy's database (its data directory is full); nothing was written".into(),
            )
        } else {
            Self::Opaque(err.into())
        }
    }
}

/// A write that failed because its file system is full: 503 naming the place, since freeing
/// space and retrying is what fixes it, and nothing was changed.
fn storage_full(what: impl std::fmt::Display) -> ApiError {
    ApiError::Unavailable(format!("no space left on device: {what}; nothing was changed, free space and retry"))
}

impl From<buddy_openclaw::cli::CliError> for ApiError {
    fn from(err: buddy_openclaw::cli::CliError) -> Self {
        use buddy_openclaw::cli::CliError as E;
        match err {
            E::Timeout { .. } => Self::UpstreamTimeout(err.to_string()),
            E::Io { .. } => Self::Opaque(err.into()),
            E::NotInstalled { .. } | E::Failed { .. } | E::Unparsable { .. } => Self::Upstream(err.to_string()),
        }
    }
}

impl From<buddy_openclaw::config_store::StoreError> for ApiError {
    fn from(err: buddy_openclaw::config_store::StoreError) -> Self {
        use buddy_openclaw::config_store::StoreError as E;
        match err {
            E::Missing { .. } => Self::Unavailable(err.to_string()),
            E::Parse { .. } => Self::Upstream(err.to_string()),
            E::Conflict { .. } => Self::Conflict(err.to_string()),
            E::Invalid(_) => Self::Unprocessable(err.to_string()),
            E::Io { .. } if err.is_storage_full() => storage_full(&err),
            E::Io { .. } => Self::Opaque(err.into()),
        }
    }
}

impl From<buddy_openclaw::workspace_files::WorkspaceError> for ApiError {
    fn from(err: buddy_openclaw::workspace_files::WorkspaceError) -> Self {
        use buddy_openclaw::workspace_files::WorkspaceError as E;
        match err {
            E::NotFound(_) => Self::NotFound(err.to_string()),
            E::BadName(_) | E::Symlink(_) | E::TooLarge | E::FileTooLarge(_) | E::NotRegular(_) => {
                Self::BadRequest(err.to_string())
            }
            E::Io { ref source, .. } if buddy_openclaw::config_store::is_storage_full(source) => storage_full(&err),
            E::Io { .. } => Self::Opaque(err.into()),
        }
    }
}

impl From<buddy_openclaw::Error> for ApiError {
    fn from(err: buddy_openclaw::Error) -> Self {
        use buddy_openclaw::Error as E;
        match err {
            E::InvalidField { field, rule } => Self::InvalidField { field, rule },
            E::BadRequest(m) => Self::BadRequest(m),
            E::NotFound(m) => Self::NotFound(m),
            E::Conflict(m) => Self::Conflict(m),
            E::Unprocessable(m) => Self::Unprocessable(m),
            E::Cli(e) => e.into(),
            E::Store(e) => e.into(),
            E::Upstream(m) => Self::Upstream(m),
            E::UpstreamTimeout(m) => Self::UpstreamTimeout(m),
            E::Opaque(e) => Self::Opaque(e),
        }
    }
}

impl From<buddy_runtime::ModuleError> for ApiError {
    fn from(err: buddy_runtime::ModuleError) -> Self {
        use buddy_runtime::{Limit, ModuleError as E};
        match err {
            E::NotFound(m) => Self::NotFound(m),
            // Busy: the module's share or the memory budget is full; a retry may succeed.
            E::Unavailable(m) | E::Busy { message: m, .. } => Self::Unavailable(m),
            E::Stopped { limit: Limit::Cpu | Limit::Wall, message } => Self::UpstreamTimeout(message),
            // The module (upstream of the envelope) answered with what its contract forbids.
            E::Stopped { limit: Limit::ReplySize, message } | E::InvalidReply(message) => Self::Upstream(message),
            E::Conflict(m) => Self::Conflict(m),
            E::Refused(m) | E::Rejected(m) => Self::Unprocessable(m),
            E::Stopped { limit: Limit::Memory | Limit::Concurrency, message } | E::Failed(message) => {
                Self::Internal(message)
            }
        }
    }
}
