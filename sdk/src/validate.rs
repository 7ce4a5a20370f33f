//! Checks for identifiers that reach a CLI argument, a JSON pointer or a path: the same rules
//! Buddy applies (they come from the `buddy-rules` crate both depend on).
//!
//! Buddy's rule for ids is `^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$` without `..`: no leading `-`
//! (so an id can never be read as an option), no `/` (so it can never leave a directory), no
//! whitespace.

pub use buddy_rules::ids::{MAX_ID_LEN, MAX_MODEL_REF_LEN, is_agent_id, is_id, is_model_ref};
