//! Host bindings of each WIT version this host implements. A released version is frozen in
//! `wit/v<version>/`; a new version gets its own module here beside the old one.

/// `openclaw:buddy@0.1.0`.
pub mod v0_1_0 {
    wasmtime::component::bindgen!({
        world: "domain",
        path: "../wit/v0.1.0",
        imports: { default: async | trappable },
        exports: { default: async },
    });
}
