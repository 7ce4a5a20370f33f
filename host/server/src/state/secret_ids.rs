//! Random secrets handed to clients (login sessions, Control UI codes and sessions, WebSocket
//! tickets) and the digest they are kept under, so a stolen copy of what Buddy holds opens
//! nothing.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes, as hex.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// The SHA-256 of a secret: what Buddy keeps and compares.
pub fn digest(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}
