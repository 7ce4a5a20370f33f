//! The [`Module`] trait a module implements, and the adapter that exports it through the
//! WIT `handler` interface.

use std::marker::PhantomData;

use crate::bindings::exports::openclaw::buddy::handler::Guest;
use crate::bindings::openclaw::buddy::http_types as wit;
use crate::{Request, Response, Router};

/// One route as `describe()` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Upper-case method.
    pub method: String,
    /// Path below the module's prefix; `:name` marks a path parameter.
    pub path: String,
    /// One line for Buddy's module list and API document.
    pub summary: String,
}

/// What `describe()` reports: called once when the host loads the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleInfo {
    /// The module's name; keep it equal to `name` in `module.toml`.
    pub name: String,
    /// The module's version; keep it equal to `version` in `module.toml`.
    pub version: String,
    /// Every route the module serves.
    pub routes: Vec<Route>,
}

/// A Buddy module. Implement it on a unit struct and export it with
/// [`export_module!`](crate::export_module).
///
/// Only [`router`](Module::router) is required: [`info`](Module::info) and
/// [`handle`](Module::handle) default to describing and dispatching through it. Every call
/// runs in a fresh instance, so building the router per call is expected and cheap.
pub trait Module {
    /// The module's name (`name` in `module.toml`).
    const NAME: &'static str;
    /// The module's version (`version` in `module.toml`); `env!("CARGO_PKG_VERSION")` fits.
    const VERSION: &'static str;

    /// The module's routes.
    fn router() -> Router;

    /// Name, version and routes, for `describe()`.
    fn info() -> ModuleInfo {
        ModuleInfo { name: Self::NAME.to_owned(), version: Self::VERSION.to_owned(), routes: Self::router().routes() }
    }

    /// Handles one request; the default dispatches through [`router`](Module::router).
    fn handle(req: Request) -> Response {
        Self::router().handle(req)
    }
}

/// Adapts a [`Module`] to the generated `Guest` trait; named only by the export macro.
#[doc(hidden)]
pub struct Export<M>(PhantomData<M>);

impl<M: Module> Guest for Export<M> {
    fn describe() -> wit::ModuleInfo {
        let info = M::info();
        wit::ModuleInfo {
            name: info.name,
            version: info.version,
            routes: info
                .routes
                .into_iter()
                .map(|r| wit::Route { method: r.method, path: r.path, summary: r.summary })
                .collect(),
        }
    }

    fn handle(req: wit::Request) -> wit::Response {
        let (status, message, data_json) = M::handle(req.into()).into_parts();
        wit::Response { status, message, data_json }
    }
}
