//! The API token: configured, or generated once and kept in `<data_dir>/token` (mode 0600).
//! Buddy never ships a fixed default token.

use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use rand::RngCore;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// Shortest token Buddy accepts from configuration.
pub const MIN_TOKEN_LEN: usize = 16;

/// The token, kept only as its digest so comparisons take constant time whatever the lengths.
#[derive(Clone)]
pub struct ApiToken {
    digest: [u8; 32],
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiToken(***)")
    }
}

impl ApiToken {
    /// Wraps a token value.
    pub fn new(value: &str) -> Self {
        Self { digest: Sha256::digest(value.as_bytes()).into() }
    }

    /// A fingerprint of the token (a hash of its digest): names which token something belongs
    /// to without revealing it.
    pub fn fingerprint(&self) -> String {
        hex::encode(&Sha256::digest(self.digest)[..8])
    }

    /// Constant-time check of a presented token.
    pub fn matches(&self, presented: &str) -> bool {
        let other: [u8; 32] = Sha256::digest(presented.as_bytes()).into();
        self.digest.ct_eq(&other).into()
    }
}

/// How the token was obtained.
#[derive(Debug)]
pub enum TokenSource {
    Configured,
    Stored(PathBuf),
    /// Freshly generated: the value must be shown to the operator once.
    Generated {
        path: PathBuf,
        value: String,
    },
}

/// Resolves the token: configured value, else the stored file, else a new random one.
pub fn resolve(configured: Option<&str>, data_dir: &Path) -> std::io::Result<(ApiToken, TokenSource)> {
    if let Some(value) = configured {
        if value.len() < MIN_TOKEN_LEN {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("the configured token must be at least {MIN_TOKEN_LEN} characters"),
            ));
        }
        return Ok((ApiToken::new(value), TokenSource::Configured));
    }
    let path = data_dir.join("token");
    match std::fs::read_to_string(&path) {
        Ok(text) if text.trim().len() >= MIN_TOKEN_LEN => {
            // Tighten permissions an operator may have loosened.
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            return Ok((ApiToken::new(text.trim()), TokenSource::Stored(path)));
        }
        Ok(_) => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("{} holds no usable token; delete it to generate a new one", path.display()),
            ));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let value = hex::encode(bytes);
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(&path)?;
    file.write_all(value.as_bytes())?;
    file.sync_all()?;
    Ok((ApiToken::new(&value), TokenSource::Generated { path, value }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generates_once_with_0600_then_reuses() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (token, source) = resolve(None, dir.path()).expect("generate");
        let TokenSource::Generated { path, value } = source else { panic!("expected a generated token") };
        assert_eq!(value.len(), 64);
        assert!(token.matches(&value) && !token.matches("nope"));
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let (again, source) = resolve(None, dir.path()).expect("reuse");
        assert!(matches!(source, TokenSource::Stored(_)));
        assert!(again.matches(&value));
    }

    #[test]
    fn refuses_short_configured_tokens() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(resolve(Some("short"), dir.path()).is_err());
        assert!(resolve(Some("a-long-enough-token"), dir.path()).is_ok());
    }
}
