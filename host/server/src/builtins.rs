//! The modules and expert templates compiled into the binary by the build script, so the
//! single `openclaw-buddy` executable needs nothing beside it.

use buddy_runtime::Builtin;

include!(concat!(env!("OUT_DIR"), "/builtins.rs"));

/// Writes the built-in expert templates into `dir`, leaving files that already exist alone (an
/// operator may have edited them) and adding new ones.
pub fn seed_experts(dir: &std::path::Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut written = 0;
    for (name, text) in EXPERTS {
        let path = dir.join(name);
        if !path.exists() {
            std::fs::write(&path, text)?;
            written += 1;
        }
    }
    Ok(written)
}
