//! The client's IP address, when the server recorded it (it does for real connections).

use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

/// The peer address of the connection, if known.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    /// Reads it from request extensions.
    pub fn of(extensions: &axum::http::Extensions) -> Self {
        Self(extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip()))
    }

    /// `127.0.0.1`, or `unknown`.
    pub fn label(&self) -> String {
        self.0.map(|ip| ip.to_string()).unwrap_or_else(|| "unknown".into())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self::of(&parts.extensions))
    }
}
