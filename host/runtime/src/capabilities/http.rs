//! `http`: outbound requests to granted hosts only; no redirects (a redirect could leave the
//! granted host), no proxy, bounded time and body.

use std::sync::OnceLock;
use std::time::Duration;

use super::denied;
use crate::ctx::ModuleCtx;
use crate::types::{CapError, Header, HttpRequest, HttpResponse};

/// Largest response body a module receives.
const MAX_BODY: usize = 8 * 1024 * 1024;
/// Longest a request may take.
const MAX_TIMEOUT: Duration = Duration::from_secs(60);

fn client() -> &'static reqwest::Client {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    CLIENT.get_or_init(|| {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .build()
            .unwrap_or_else(|_| reqwest::Client::new())
    })
}

async fn send(request: HttpRequest) -> Result<HttpResponse, CapError> {
    let method = reqwest::Method::from_bytes(request.method.as_bytes())
        .map_err(|_| CapError::Invalid(format!("method {:?} is not an HTTP method", request.method)))?;
    let timeout = request.timeout_ms.map_or(MAX_TIMEOUT, |ms| Duration::from_millis(u64::from(ms)).min(MAX_TIMEOUT));
    let mut builder = client().request(method, &request.url).timeout(timeout).body(request.body);
    for h in request.headers {
        builder = builder.header(h.name, h.value);
    }
    let mut response = builder
        .send()
        .await
        .map_err(|e| if e.is_timeout() { CapError::Timeout(e.to_string()) } else { CapError::Failed(e.to_string()) })?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(k, v)| Some(Header { name: k.to_string(), value: v.to_str().ok()?.to_string() }))
        .collect();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| CapError::Failed(e.to_string()))? {
        if body.len() + chunk.len() > MAX_BODY {
            return Err(CapError::Failed(format!("response body is larger than {MAX_BODY} bytes")));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(HttpResponse { status, headers, body })
}

impl ModuleCtx {
    /// The `fetch` call.
    pub async fn http_fetch(&mut self, request: HttpRequest) -> Result<HttpResponse, CapError> {
        let url = reqwest::Url::parse(&request.url).map_err(|e| CapError::Invalid(format!("url: {e}")))?;
        if !self.module.grants.http.iter().any(|g| g.allows(&url)) {
            let target = format!("{}:{}", url.host_str().unwrap_or("?"), url.port_or_known_default().unwrap_or(0));
            return Err(denied(self, "http", &target));
        }
        send(request).await
    }
}
