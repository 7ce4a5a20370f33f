//! The runtime's one error type: why a module could not be found, loaded or called. The server
//! maps it to its envelope in one place; every message names the module.

/// What went wrong with a module.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModuleError {
    /// No module (or channel) by that name.
    #[error("{0}")]
    NotFound(String),
    /// The module exists but cannot serve this now (not loaded, the wrong kind, too busy).
    #[error("{0}")]
    Unavailable(String),
    /// The module ran past its CPU budget or its wall-clock limit.
    #[error("{0}")]
    Timeout(String),
    /// The module ran out of its memory.
    #[error("{0}")]
    OutOfMemory(String),
    /// The module answered, but with something its contract forbids, or refused the input.
    #[error("{0}")]
    Refused(String),
    /// The module trapped or could not be instantiated.
    #[error("{0}")]
    Failed(String),
}
