//! Talking to a running Buddy as an operator: its base URL and API token come from the flags,
//! the environment, or the configuration `serve` reads (`listen`, `token`, `<data_dir>/token`);
//! a reply that is not a success is an error carrying the envelope's message.

use std::net::{IpAddr, Ipv4Addr};

use anyhow::{Context, bail};
use serde_json::Value;

use super::ApiArgs;
use crate::config::{BuddyConfig, Overrides};

/// An authenticated client of one Buddy.
pub struct Client {
    base: String,
    token: String,
    http: reqwest::Client,
}

impl Client {
    pub fn new(args: &ApiArgs) -> anyhow::Result<Self> {
        let config = BuddyConfig::load(args.config.as_deref(), &|k| std::env::var(k).ok(), Overrides::default())?;
        let base = match &args.url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => {
                let mut addr = config.listen;
                if addr.ip().is_unspecified() {
                    addr.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
                }
                format!("http://{addr}")
            }
        };
        let token = match (&args.token_file, &config.token) {
            (Some(file), _) => std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?,
            (None, Some(token)) => token.clone(),
            (None, None) => {
                let file = config.data_dir.join("token");
                std::fs::read_to_string(&file).with_context(|| {
                    format!("reading the API token from {} (or give --token-file / BUDDY_TOKEN)", file.display())
                })?
            }
        };
        let token = token.trim().to_string();
        if token.is_empty() {
            bail!("the API token is empty");
        }
        Ok(Self { base, token, http: reqwest::Client::new() })
    }

    /// Sends one request; the envelope of a 2xx reply, else an error naming status and message.
    pub async fn call(&self, method: reqwest::Method, path: &str, body: Option<&Value>) -> anyhow::Result<Value> {
        let url = format!("{}{path}", self.base);
        let mut request = self.http.request(method.clone(), &url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.json(body);
        }
        let response = request.send().await.with_context(|| format!("{method} {url}"))?;
        let status = response.status();
        let text = response.text().await.with_context(|| format!("{method} {url}: reading the reply"))?;
        let envelope: Value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        if !status.is_success() {
            let message = envelope["message"].as_str().map(str::to_string).unwrap_or_else(|| envelope.to_string());
            bail!("{method} {path}: {} {message}", status.as_u16());
        }
        Ok(envelope)
    }
}
