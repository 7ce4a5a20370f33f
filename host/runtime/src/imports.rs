//! Load-time check of a component's imports: every interface it imports must be one this host
//! offers, so a module built for another host (or a newer WIT) is refused with a clear list.

use wasmtime::Engine;
use wasmtime::component::Component;

use crate::linked::Linked;

/// The imports of `component` this host does not offer.
pub fn unknown_imports(engine: &Engine, component: &Component) -> Vec<String> {
    component
        .component_type()
        .imports(engine)
        .map(|(name, _)| name.to_string())
        .filter(|name| !is_offered(name))
        .collect()
}

fn is_offered(name: &str) -> bool {
    // WASI 0.2 interfaces are linked by wasmtime-wasi; capabilities within them (files,
    // sockets) are still denied unless granted.
    if name.starts_with("wasi:") {
        return name.contains("@0.2.");
    }
    match name.strip_prefix("openclaw:buddy/").and_then(|rest| rest.split_once('@')) {
        Some((interface, version)) => Linked::offers(version, interface),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert!(is_offered("openclaw:buddy/kv@0.1.0"));
        assert!(is_offered("wasi:filesystem/preopens@0.2.6"));
        assert!(!is_offered("openclaw:buddy/kv@0.2.0"));
        assert!(!is_offered("openclaw:buddy/secrets@0.1.0"));
        assert!(!is_offered("evil:extras/secrets@0.1.0"));
        assert!(!is_offered("wasi:http/outgoing-handler@0.3.0"));
    }
}
