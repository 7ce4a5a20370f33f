//! The WASM module runtime: one engine, modules from the binary and from a user directory,
//! grants checked at load and at every call, a fresh store per request with a memory cap and a
//! CPU deadline, and precompiled artifacts cached on disk.
//!
//! A module that fails to load is reported by `GET /v1/modules` and does not stop Buddy; a trap,
//! timeout or out-of-memory inside a call becomes an envelope naming the module.

pub mod bindings;
pub mod builtins;
pub mod capabilities;
pub mod compile_cache;
pub mod ctx;
pub mod dispatch;
pub mod engine;
pub mod grants;
pub mod host;
pub mod imports;
pub mod manifest;
pub mod route_match;

pub use host::{ModuleHost, ModuleReport};
