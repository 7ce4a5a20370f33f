//! The generated bindings of `openclaw:buddy@0.1.0`: the `domain` world at the root, the
//! `channel-module` and `analyzer-module` worlds beside it, sharing the capability interfaces
//! so one implementation serves every world.

wasmtime::component::bindgen!({
    world: "domain",
    path: "../../wit/v0.1.0",
    imports: { default: async | trappable },
    exports: { default: async },
});

/// The `channel-module` world: the same capability interfaces as the domain world.
pub mod channel {
    wasmtime::component::bindgen!({
        world: "channel-module",
        path: "../../wit/v0.1.0",
        imports: { default: async | trappable },
        exports: { default: async },
        with: {
            "openclaw:buddy/types": crate::v0_1_0::bindings::openclaw::buddy::types,
            "openclaw:buddy/log": crate::v0_1_0::bindings::openclaw::buddy::log,
            "openclaw:buddy/openclaw-cli": crate::v0_1_0::bindings::openclaw::buddy::openclaw_cli,
            "openclaw:buddy/openclaw-config": crate::v0_1_0::bindings::openclaw::buddy::openclaw_config,
            "openclaw:buddy/http": crate::v0_1_0::bindings::openclaw::buddy::http,
            "openclaw:buddy/kv": crate::v0_1_0::bindings::openclaw::buddy::kv,
            "openclaw:buddy/events": crate::v0_1_0::bindings::openclaw::buddy::events,
        },
    });
}

/// The `analyzer-module` world.
pub mod analyzer {
    wasmtime::component::bindgen!({
        world: "analyzer-module",
        path: "../../wit/v0.1.0",
        imports: { default: async | trappable },
        exports: { default: async },
        with: { "openclaw:buddy/log": crate::v0_1_0::bindings::openclaw::buddy::log },
    });
}
