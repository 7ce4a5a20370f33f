//! The WASM module runtime: one engine, modules from the binary and from a user directory,
//! grants checked at load and at every call, a fresh store per call with a memory cap, a CPU
//! budget and a wall-clock limit, fair sharing of instances and memory between modules, and
//! precompiled artifacts cached on disk. Third-party modules run only once an operator approved
//! exactly their code and grants (`trust.rs`).
//!
//! Modules reach the world only through capabilities (`capabilities/`), and capabilities reach
//! OpenClaw and Buddy's database only through [`HostServices`], which the server implements.
//! The generated WIT bindings live in one folder per WIT version (`v0_1_0/`); everything else
//! speaks the version-neutral [`types`].
//!
//! A module that fails to load is reported (`reports()`) and does not stop the host; a trap,
//! timeout or out-of-memory inside a call becomes a [`ModuleError`] naming the module.

mod admission;
mod call;
mod capabilities;
pub mod compile_cache;
pub mod ctx;
pub mod engine;
pub mod error;
pub mod grants;
mod host;
pub mod imports;
mod inspect;
mod lifecycle;
pub mod limits;
mod linked;
mod load;
pub mod manifest;
pub mod narrowing;
mod reply;
pub mod reply_cache;
pub mod report;
pub mod route_api;
pub mod route_match;
pub mod services;
mod slot;
pub mod trust;
pub mod types;
mod v0_1_0;

pub use error::{Limit, ModuleError};
pub use grants::files::Protected;
pub use host::{Builtin, Lookup, ModuleHost, ReservedRoute, RuntimeSettings};
pub use inspect::Inspection;
pub use linked::SUPPORTED_WIT;
pub use narrowing::Narrowing;
pub use report::{ModuleReport, ModuleRoute, SourceKind};
pub use route_api::RouteApi;
pub use services::HostServices;
pub use slot::LoadedModule;
pub use trust::{Approval, Decision, Trust, TrustStore};
