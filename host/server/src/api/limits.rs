//! Limits on what one request may carry.

/// Largest request body Buddy reads.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
