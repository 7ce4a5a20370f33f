//! Host bindings of each WIT version this host implements. A released version is frozen in
//! `wit/v<version>/`; a new version gets its own module here beside the old one.

/// `openclaw:buddy@0.1.0`: the `domain` world at the root, the `channel-module` and
/// `analyzer-module` worlds beside it (sharing the capability interfaces, so one host
/// implementation serves every world).
pub mod v0_1_0 {
    wasmtime::component::bindgen!({
        world: "domain",
        path: "../wit/v0.1.0",
        imports: { default: async | trappable },
        exports: { default: async },
    });

    /// The `channel-module` world: the same capability interfaces as the domain world.
    pub mod channel {
        wasmtime::component::bindgen!({
            world: "channel-module",
            path: "../wit/v0.1.0",
            imports: { default: async | trappable },
            exports: { default: async },
            with: {
                "openclaw:buddy/types": crate::runtime::bindings::v0_1_0::openclaw::buddy::types,
                "openclaw:buddy/log": crate::runtime::bindings::v0_1_0::openclaw::buddy::log,
                "openclaw:buddy/openclaw-cli": crate::runtime::bindings::v0_1_0::openclaw::buddy::openclaw_cli,
                "openclaw:buddy/openclaw-config": crate::runtime::bindings::v0_1_0::openclaw::buddy::openclaw_config,
                "openclaw:buddy/http": crate::runtime::bindings::v0_1_0::openclaw::buddy::http,
                "openclaw:buddy/kv": crate::runtime::bindings::v0_1_0::openclaw::buddy::kv,
                "openclaw:buddy/events": crate::runtime::bindings::v0_1_0::openclaw::buddy::events,
            },
        });
    }

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
