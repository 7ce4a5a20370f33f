//! The SDKs carry the WIT package they bind to, so a published crate (or npm package) builds
//! modules outside this repository: `sdk/wit/` (the Rust crate) and `sdk/js/wit/` (the
//! JavaScript package) are copies of the repository's `wit/v0.1.0/`. This test fails when a
//! copy differs from the original in any file, or lacks or adds one; refresh them with
//!
//! ```sh
//! rm sdk/wit/*.wit sdk/js/wit/*.wit && cp wit/v0.1.0/*.wit sdk/wit/ && cp wit/v0.1.0/*.wit sdk/js/wit/
//! ```
//!
//! It checks the repository, so it is not part of the published crate.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The `.wit` files of a folder, by name.
fn wit_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "wit"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
        .collect()
}

fn sdk() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn assert_same_as_the_original(copy: &Path) {
    let original_dir = sdk().join("../wit/v0.1.0");
    let original = wit_files(&original_dir);
    assert!(original.len() >= 4, "the original WIT package is at {}", original_dir.display());
    let copied = wit_files(copy);
    let mut problems = Vec::new();
    for (name, text) in &original {
        match copied.get(name) {
            None => problems.push(format!("{name} is missing")),
            Some(c) if c != text => problems.push(format!("{name} differs")),
            Some(_) => {}
        }
    }
    problems.extend(copied.keys().filter(|n| !original.contains_key(*n)).map(|n| format!("{n} is not in wit/v0.1.0")));
    assert!(
        problems.is_empty(),
        "{} is not a copy of wit/v0.1.0: {}. Copy the WIT files again (see this test's doc).",
        copy.display(),
        problems.join(", ")
    );
}

#[test]
fn the_rust_sdk_binds_an_exact_copy_of_wit_v0_1_0() {
    assert_same_as_the_original(&sdk().join("wit"));
    let lib = fs::read_to_string(sdk().join("src/lib.rs")).unwrap();
    assert!(!lib.contains("../wit"), "the bindings must read the crate's own wit/, not the repository's");
}

#[test]
fn the_js_sdk_carries_an_exact_copy_of_wit_v0_1_0() {
    assert_same_as_the_original(&sdk().join("js/wit"));
}
