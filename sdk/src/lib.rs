//! # OpenClaw Buddy SDK
//!
//! Write a module for OpenClaw Buddy: a WebAssembly component
//! (`wasm32-wasip2`) that serves HTTP routes under a prefix and reaches OpenClaw only through the
//! capabilities its manifest (`module.toml`) grants.
//!
//! A module is a type implementing [`Module`], exported with [`export_module!`]:
//!
//! ```no_run
//! use buddy_sdk::{Module, Request, Response, Router, json};
//!
//! struct Hello;
//!
//! impl Module for Hello {
//!     const NAME: &'static str = "hello";
//!     const VERSION: &'static str = env!("CARGO_PKG_VERSION");
//!
//!     fn router() -> Router {
//!         Router::new().get("/greet", "Greets someone", greet)
//!     }
//! }
//!
//! fn greet(req: Request) -> Response {
//!     let name = req.query("name").unwrap_or("world");
//!     Response::ok(json!({ "greeting": format!("Hello, {name}!") }))
//! }
//!
//! buddy_sdk::export_module!(Hello);
//! ```
//!
//! ## Capabilities
//!
//! One module per capability, each a thin typed wrapper over the host's WIT import. Every call
//! is checked against the manifest when it is made; a missing grant comes back as
//! [`CapError::Denied`], never as a crash, so a module can degrade gracefully.
//!
//! | module | what it does | grant in `module.toml` |
//! |---|---|---|
//! | [`cli`] | runs `openclaw <args>` | `cli = [["skills", "list", "--json"]]` |
//! | [`config`] | reads/edits `openclaw.json` by JSON pointer | `config = [{ pointer = "/skills/entries", access = "write" }]` |
//! | [`workspace`] | an agent's SOUL.md, IDENTITY.md... | `workspace_files = ["SOUL.md"]` |
//! | [`http`] | outbound HTTP | `http = ["127.0.0.1:8080"]` |
//! | [`kv`] | the module's private key-value store | `kv = true` |
//! | [`events`] | operator-visible audit events | `events = true` |
//! | [`log`] | structured logs | always allowed |
//! | [`files`] | plain `std::fs` inside preopened directories | `files = [{ host = "$MODULE_DATA", guest = "/data", mode = "rw" }]` |
//!
//! ## The sandbox
//!
//! Each request runs in a fresh instance: globals and statics do not survive between calls (use
//! [`kv`] for state). The environment is empty, there are no sockets, no processes and no
//! filesystem outside the granted preopens. Memory and time per call are capped by the
//! manifest's `[limits]`; running past them ends the call with a 500/504 reply, not the host.
//!
//! ## Analyzers and channels
//!
//! The same crate builds the other kinds of module Buddy runs:
//!
//! - an [`analyzer`], which diffs configs and writes heal reports: it implements
//!   [`analyzer::Analyzer`] and is exported with [`export_analyzer!`];
//! - a [`channel`], which connects OpenClaw to a chat service (plugin status, install, QR
//!   login): it implements [`channel::Channel`] and is exported with [`export_channel!`].

mod error;
mod module;
mod request;
mod response;
mod router;

pub mod analyzer;
pub mod channel;
pub mod cli;
pub mod config;
pub mod events;
pub mod files;
pub mod http;
pub mod kv;
pub mod log;
pub mod validate;
pub mod workspace;

pub use error::CapError;
pub use module::{Module, ModuleInfo, Route};
pub use request::Request;
pub use response::{IntoResponse, Response};
pub use router::Router;

/// JSON support, re-exported so modules agree with the SDK on one `serde_json` version.
pub use serde_json;
pub use serde_json::{Value, json};

/// Raw bindings generated from the WIT package `openclaw:buddy@0.1.0`, world `domain`.
///
/// Not part of the supported API: use the typed wrappers instead. Kept public because the
/// [`export_module!`] macro expands in the module's crate and must reach them.
#[doc(hidden)]
#[allow(missing_docs, unsafe_code, clippy::all)]
pub mod bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "domain",
        pub_export_macro: true,
        default_bindings_module: "buddy_sdk::bindings",
    });
}

/// Raw bindings generated from the WIT package `openclaw:buddy@0.1.0`, world `analyzer-module`.
///
/// Not part of the supported API: use [`analyzer`] instead. The `log` import is the domain
/// bindings' own, so [`log`] serves both kinds of module. The export macro is public, so the
/// library itself only carries the world's imports; the `analyzer` export is declared by
/// [`export_analyzer!`] in the crate that uses it, and a domain module never exports it.
#[doc(hidden)]
#[allow(missing_docs, unsafe_code, clippy::all)]
pub mod analyzer_bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "analyzer-module",
        pub_export_macro: true,
        default_bindings_module: "buddy_sdk::analyzer_bindings",
        with: {
            "openclaw:buddy/log@0.1.0": crate::bindings::openclaw::buddy::log,
        },
    });
}

/// Raw bindings generated from the WIT package `openclaw:buddy@0.1.0`, world `channel-module`.
///
/// Not part of the supported API: use [`channel`] instead. Every import is the domain
/// bindings' own (`with:`), so [`cli`], [`config`], [`http`], [`kv`], [`events`] and [`log`]
/// serve channel modules unchanged and [`CapError`] converts the same way. As for analyzers,
/// the `channel` export is declared only by [`export_channel!`] in the crate that uses it.
#[doc(hidden)]
#[allow(missing_docs, unsafe_code, clippy::all)]
pub mod channel_bindings {
    wit_bindgen::generate!({
        path: "wit",
        world: "channel-module",
        pub_export_macro: true,
        default_bindings_module: "buddy_sdk::channel_bindings",
        with: {
            "openclaw:buddy/types@0.1.0": crate::bindings::openclaw::buddy::types,
            "openclaw:buddy/log@0.1.0": crate::bindings::openclaw::buddy::log,
            "openclaw:buddy/openclaw-cli@0.1.0": crate::bindings::openclaw::buddy::openclaw_cli,
            "openclaw:buddy/openclaw-config@0.1.0": crate::bindings::openclaw::buddy::openclaw_config,
            "openclaw:buddy/http@0.1.0": crate::bindings::openclaw::buddy::http,
            "openclaw:buddy/kv@0.1.0": crate::bindings::openclaw::buddy::kv,
            "openclaw:buddy/events@0.1.0": crate::bindings::openclaw::buddy::events,
        },
    });
}

#[doc(hidden)]
pub mod __private {
    //! Items the export macros need; not part of the supported API.
    pub use crate::analyzer::Export as AnalyzerExport;
    pub use crate::channel::Export as ChannelExport;
    pub use crate::module::Export;
}

/// Exports a [`Module`] implementation as the component's `handler` interface.
///
/// Use it exactly once per crate, at the top level:
///
/// ```no_run
/// # use buddy_sdk::{Module, Router};
/// struct MyModule;
/// impl Module for MyModule {
///     const NAME: &'static str = "my-module";
///     const VERSION: &'static str = "0.1.0";
///     fn router() -> Router { Router::new() }
/// }
/// buddy_sdk::export_module!(MyModule);
/// ```
#[macro_export]
macro_rules! export_module {
    ($module:ty) => {
        // The generated export macro wants a plain identifier, so name the adapter type first.
        #[allow(unsafe_code)]
        const _: () = {
            type __BuddySdkExport = $crate::__private::Export<$module>;
    $crate::bindings::export!(__BuddySdkExport with_types_in $crate::bindings);
        };
    };
}

/// Exports an [`analyzer::Analyzer`] implementation as the component's `analyzer` interface.
///
/// Use it exactly once per crate, at the top level, in a crate whose `module.toml` says
/// `world = "analyzer-module"`:
///
/// ```no_run
/// # use buddy_sdk::analyzer::{Analyzer, Evidence};
/// struct MyAnalyzer;
/// impl Analyzer for MyAnalyzer {
///     fn analyze(evidence: &Evidence) -> String { format!("# Heal report\n\n{}\n", evidence.outcome) }
/// }
/// buddy_sdk::export_analyzer!(MyAnalyzer);
/// ```
#[macro_export]
macro_rules! export_analyzer {
    ($analyzer:ty) => {
        // The generated export macro wants a plain identifier, so name the adapter type first.
        #[allow(unsafe_code)]
        const _: () = {
            type __BuddySdkAnalyzerExport = $crate::__private::AnalyzerExport<$analyzer>;
    $crate::analyzer_bindings::export!(__BuddySdkAnalyzerExport with_types_in $crate::analyzer_bindings);
        };
    };
}

/// Exports a [`channel::Channel`] implementation as the component's `channel` interface.
///
/// Use it exactly once per crate, at the top level, in a crate whose `module.toml` says
/// `world = "channel-module"`:
///
/// ```no_run
/// # use buddy_sdk::channel::{Channel, ChannelInfo};
/// struct MyChannel;
/// impl Channel for MyChannel {
///     fn info() -> ChannelInfo { ChannelInfo::bundled("mychat", "My Chat", "mychat") }
/// }
/// buddy_sdk::export_channel!(MyChannel);
/// ```
#[macro_export]
macro_rules! export_channel {
    ($channel:ty) => {
        // The generated export macro wants a plain identifier, so name the adapter type first.
        #[allow(unsafe_code)]
        const _: () = {
            type __BuddySdkChannelExport = $crate::__private::ChannelExport<$channel>;
    $crate::channel_bindings::export!(__BuddySdkChannelExport with_types_in $crate::channel_bindings);
        };
    };
}
