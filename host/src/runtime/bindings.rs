//! Host bindings of each WIT version this host implements. A released version is frozen in
//! `wit/v<version>/`; a new version gets its own module here beside the old one.

/// `openclaw:buddy@0.1.0`: the `domain` world at the root, the `analyzer-module` world in
/// [`v0_1_0::analyzer`] (sharing the `log` interface, so one host implementation serves both).
pub mod v0_1_0 {
    wasmtime::component::bindgen!({
        world: "domain",
        path: "../wit/v0.1.0",
        imports: { default: async | trappable },
        exports: { default: async },
    });

    /// The `analyzer-module` world.
    pub mod analyzer {
        wasmtime::component::bindgen!({
            world: "analyzer-module",
            path: "../wit/v0.1.0",
            imports: { default: async | trappable },
            exports: { default: async },
            with: { "openclaw:buddy/log": crate::runtime::bindings::v0_1_0::openclaw::buddy::log },
        });
    }
}
