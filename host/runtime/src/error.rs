//! The runtime's one error type: why a module could not be found, loaded or called. The server
//! maps it to its envelope in one place; every message names the module, and a call stopped or
//! refused by one of the host's limits says which ([`Limit`]), so it can be counted and shown.

/// The host's limits on a module call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Limit {
    /// The module's own code ran past its CPU budget (`limits.cpu_ms`).
    Cpu,
    /// The instance's memory cap (`limits.memory_mb`), or the memory budget shared by all
    /// live instances (`modules.memory_budget_mb`).
    Memory,
    /// The call took longer than its wall-clock limit (`limits.wall_ms`), sleeping and host
    /// calls included.
    Wall,
    /// The module already runs as many calls as it may (`limits.concurrency`).
    Concurrency,
    /// The reply is larger than `limits.reply_kb`.
    ReplySize,
}

impl Limit {
    /// Every limit, in the order `/metrics` lists them.
    pub const ALL: [Self; 5] = [Self::Cpu, Self::Memory, Self::Wall, Self::Concurrency, Self::ReplySize];

    /// The label used in messages and metrics: `cpu`, `memory`, `wall`, `concurrency`,
    /// `reply_size`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cpu => "cpu",
            Self::Memory => "memory",
            Self::Wall => "wall",
            Self::Concurrency => "concurrency",
            Self::ReplySize => "reply_size",
        }
    }
}

/// What went wrong with a module.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModuleError {
    /// No module (or channel) by that name.
    #[error("{0}")]
    NotFound(String),
    /// The module exists but cannot serve now: still loading, pending approval, disabled, the
    /// wrong kind, or not loaded.
    #[error("{0}")]
    Unavailable(String),
    /// The call was refused before it ran, because the module's share (its concurrency or its
    /// part of the memory budget) or the shared memory budget is in use. Retrying later helps.
    #[error("{message}")]
    Busy { limit: Limit, message: String },
    /// The call ran into a limit and was stopped (CPU, wall clock, memory) or its reply was
    /// refused (size).
    #[error("{message}")]
    Stopped { limit: Limit, message: String },
    /// The module answered with something its contract forbids (an invalid status, data that
    /// is not JSON).
    #[error("{0}")]
    InvalidReply(String),
    /// The module refused the input.
    #[error("{0}")]
    Refused(String),
    /// The request contradicts the module's state (approving a built-in, enabling what
    /// buddy.toml disables, installing over an existing module, a digest that changed).
    #[error("{0}")]
    Conflict(String),
    /// The module could not be loaded as asked (a bad manifest, a forbidden grant, a route
    /// collision); the message names every problem.
    #[error("{0}")]
    Rejected(String),
    /// The module trapped or could not be instantiated.
    #[error("{0}")]
    Failed(String),
}

impl ModuleError {
    /// The limit that stopped or refused the call, if one did.
    pub fn limit(&self) -> Option<Limit> {
        match self {
            Self::Busy { limit, .. } | Self::Stopped { limit, .. } => Some(*limit),
            _ => None,
        }
    }
}
