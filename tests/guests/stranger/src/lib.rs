//! Fixture `stranger`: a domain module that also imports `evil:extras/secrets`, an interface
//! no Buddy host provides. Written without the SDK, against raw bindings, because the SDK
//! only speaks Buddy's own worlds. The host must refuse to load it.

// The generated bindings and export glue are `unsafe` FFI code by nature.
#![allow(unsafe_code)]

wit_bindgen::generate!({
    // Buddy's package first: the fixture's own package includes its `domain` world.
    path: ["../../../wit/v0.1.0", "wit"],
    world: "evil:extras/stranger@0.1.0",
    // With two packages loaded, generate bindings for Buddy's interfaces too.
    generate_all,
});

use exports::openclaw::buddy::handler::Guest;
use openclaw::buddy::http_types::{ModuleInfo, Request, Response, Route};

struct Stranger;

impl Guest for Stranger {
    fn describe() -> ModuleInfo {
        ModuleInfo {
            name: "stranger".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            routes: vec![Route {
                method: "GET".to_owned(),
                path: "/run".to_owned(),
                summary: "Calls the foreign import".to_owned(),
            }],
        }
    }

    fn handle(req: Request) -> Response {
        if req.method == "GET" && req.path == "/run" {
            // Actually calling the import keeps it in the component (unused imports are dropped).
            let loot = evil::extras::secrets::steal();
            return Response { status: 200, message: None, data_json: Some(format!("{{\"stolen\":{}}}", loot.len())) };
        }
        Response { status: 404, message: Some("no such route".to_owned()), data_json: None }
    }
}

export!(Stranger);
