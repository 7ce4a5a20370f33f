//! The gateway client: unauthenticated probes of `/healthz`, `/readyz` and `/startupz`.

use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

/// What the probes saw.
#[derive(Debug, Clone, Serialize)]
pub struct Probe {
    /// `/healthz` answered 200 (the process is live).
    pub live: bool,
    /// `/readyz` answered 200.
    pub ready: bool,
    /// Version from `/startupz`, when it answered.
    pub version: Option<String>,
    /// Uptime reported by the gateway, in milliseconds.
    pub uptime_ms: Option<u64>,
    /// Round trip of the `/healthz` probe.
    pub response_time_ms: Option<u64>,
    /// Why the gateway could not be reached, when it could not.
    pub error: Option<String>,
}

/// The three states of E03's `health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[schemars(rename = "GatewayHealth")]
pub enum Health {
    Healthy,
    Degraded,
    Down,
}

impl Probe {
    /// Healthy when ready, Degraded when live but not ready, Down otherwise.
    pub fn health(&self) -> Health {
        match (self.live, self.ready) {
            (_, true) => Health::Healthy,
            (true, false) => Health::Degraded,
            _ => Health::Down,
        }
    }
}

/// Probes one gateway base URL.
#[derive(Debug, Clone)]
pub struct GatewayClient {
    http: reqwest::Client,
    timeout: Duration,
}

impl GatewayClient {
    /// A client whose every probe gives up after `timeout`.
    pub fn new(timeout: Duration) -> Self {
        let http =
            reqwest::Client::builder().timeout(timeout).no_proxy().build().unwrap_or_else(|_| reqwest::Client::new());
        Self { http, timeout }
    }

    /// Runs the three probes concurrently.
    pub async fn probe(&self, base: &str) -> Probe {
        let base = base.trim_end_matches('/');
        let started = Instant::now();
        let (healthz, readyz, startupz) =
            (format!("{base}/healthz"), format!("{base}/readyz"), format!("{base}/startupz"));
        let (health, ready, startup) = tokio::join!(self.get(&healthz), self.get(&readyz), self.get(&startupz));
        let response_time_ms = health.as_ref().ok().map(|_| started.elapsed().as_millis() as u64);
        let error = health.as_ref().err().cloned();
        let startup = startup.ok().filter(|(s, _)| *s == 200).map(|(_, v)| v);
        Probe {
            live: matches!(health, Ok((200, _))),
            ready: matches!(ready, Ok((200, _))),
            version: startup.as_ref().and_then(|v| v.get("version")).and_then(Value::as_str).map(str::to_string),
            uptime_ms: startup.as_ref().and_then(|v| v.get("uptimeMs")).and_then(Value::as_u64),
            response_time_ms,
            error,
        }
    }

    async fn get(&self, url: &str) -> Result<(u16, Value), String> {
        let response = self.http.get(url).timeout(self.timeout).send().await.map_err(|e| {
            if e.is_timeout() {
                format!("no answer within {} ms", self.timeout.as_millis())
            } else if e.is_connect() {
                "connection refused".to_string()
            } else {
                e.to_string()
            }
        })?;
        let status = response.status().as_u16();
        let body = response.json::<Value>().await.unwrap_or(Value::Null);
        Ok((status, body))
    }
}

/// The port of a `http://host:port/...` URL.
pub fn port_of(url: &str) -> Option<u16> {
    let rest = url.split("://").nth(1)?;
    let host_port = rest.split('/').next()?;
    host_port.rsplit(':').next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports() {
        assert_eq!(port_of("http://127.0.0.1:18789"), Some(18789));
        assert_eq!(port_of("http://localhost:1/x"), Some(1));
        assert_eq!(port_of("nonsense"), None);
    }
}
