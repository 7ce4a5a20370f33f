//! Builds the guest fixtures the tests load: the misbehaving modules in `tests/guests` and the
//! SDK's example module, into the shared guest target dir.

#[path = "../host/server/build_guests.rs"]
mod build_guests;

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf();
    for watched in ["tests/guests", "sdk/src", "sdk/examples", "wit", "modules"] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }
    let target = root.join("target").join("guests");
    build_guests::build_guests(&root.join("tests/guests/Cargo.toml"), &target);
    build_guests::build_guests(&root.join("sdk/examples/hello/Cargo.toml"), &target);
    build_guests::build_guests(&root.join("sdk/examples/channel-template/Cargo.toml"), &target);
    println!("cargo:rustc-env=BUDDY_GUEST_TARGET={}", target.join("wasm32-wasip2").join("release").display());
}
