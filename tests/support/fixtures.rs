//! Guest fixture modules (built by the test crate's build script) and how to install them as
//! user modules.

use std::path::{Path, PathBuf};

/// The built component of a fixture crate (`hello`, `spin`, `hog`, ...).
pub fn wasm(name: &str) -> PathBuf {
    let path = Path::new(env!("BUDDY_GUEST_TARGET")).join(format!("{}.wasm", name.replace('-', "_")));
    assert!(path.is_file(), "fixture {name} was not built: {}", path.display());
    path
}

/// The manifest shipped with a fixture.
pub fn manifest(name: &str) -> String {
    let root = super::root();
    let dir = match name {
        "hello" => root.join("sdk/examples/hello"),
        "channel-template" => root.join("sdk/examples/channel-template"),
        _ => root.join("tests/guests").join(name),
    };
    std::fs::read_to_string(dir.join("module.toml")).unwrap_or_else(|e| panic!("manifest of {name}: {e}"))
}

/// Installs a fixture into `<modules_dir>/<name>/`.
pub fn install(modules_dir: &Path, name: &str) {
    install_raw(modules_dir, name, &manifest(name), name);
}

/// Installs `wasm_of`'s component under `folder` with the given manifest text.
pub fn install_raw(modules_dir: &Path, folder: &str, manifest: &str, wasm_of: &str) {
    let dir = modules_dir.join(folder);
    std::fs::create_dir_all(&dir).expect("module dir");
    std::fs::write(dir.join("module.toml"), manifest).expect("manifest");
    std::fs::copy(wasm(wasm_of), dir.join("module.wasm")).expect("wasm");
}

/// Installs a built module, the `module.wasm` and `module.toml` in `built`, under `folder`.
pub fn install_built(modules_dir: &Path, folder: &str, built: &Path) {
    let dir = modules_dir.join(folder);
    std::fs::create_dir_all(&dir).expect("module dir");
    for file in ["module.toml", "module.wasm"] {
        std::fs::copy(built.join(file), dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {e}", built.join(file).display()));
    }
}
