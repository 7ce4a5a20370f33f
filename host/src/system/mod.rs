//! The host machine: resource figures (sysinfo) and signals.

pub mod probe;
pub mod signal;
