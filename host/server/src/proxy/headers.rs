//! Header rules for proxying: hop-by-hop headers (RFC 9110 §7.6.1, plus any named in
//! `Connection`) never cross the proxy, Buddy's own credentials never reach the gateway, and the
//! headers that forbid framing the Control UI are removed.

use axum::http::{HeaderMap, HeaderName, header};

/// Headers that only make sense on one connection.
const HOP_BY_HOP: &[&str] = &[
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
];

fn connection_listed(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_hop(name: &HeaderName, listed: &[String]) -> bool {
    HOP_BY_HOP.contains(&name.as_str()) || listed.iter().any(|l| l == name.as_str())
}

/// Request headers to send upstream: end-to-end ones only, without the client's credentials
/// for Buddy (the gateway's own are added separately) or the original Host.
pub fn request(incoming: &HeaderMap) -> HeaderMap {
    let listed = connection_listed(incoming);
    let mut out = HeaderMap::new();
    for (name, value) in incoming {
        let skip = is_hop(name, &listed)
            || matches!(*name, header::HOST | header::AUTHORIZATION | header::COOKIE | header::CONTENT_LENGTH)
            || name.as_str().starts_with("sec-websocket-");
        if !skip {
            out.append(name.clone(), value.clone());
        }
    }
    out
}

/// Response headers to pass back: end-to-end ones only, without `X-Frame-Options`, and with
/// the `frame-ancestors` directive removed from any CSP so the panel can be embedded.
pub fn response(upstream: &HeaderMap) -> HeaderMap {
    let listed = connection_listed(upstream);
    let mut out = HeaderMap::new();
    for (name, value) in upstream {
        if is_hop(name, &listed) || *name == header::X_FRAME_OPTIONS {
            continue;
        }
        if *name == header::CONTENT_SECURITY_POLICY || name.as_str() == "content-security-policy-report-only" {
            let Ok(text) = value.to_str() else { continue };
            let kept: Vec<&str> = text
                .split(';')
                .map(str::trim)
                .filter(|d| !d.is_empty() && !d.to_ascii_lowercase().starts_with("frame-ancestors"))
                .collect();
            if !kept.is_empty()
                && let Ok(v) = kept.join("; ").parse()
            {
                out.append(name.clone(), v);
            }
            continue;
        }
        out.append(name.clone(), value.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_bytes(k.as_bytes()).expect("name"), v.parse().expect("value"));
        }
        h
    }

    #[test]
    fn request_headers_drop_hops_credentials_and_connection_listed_ones() {
        let h = request(&map(&[
            ("connection", "keep-alive, x-private"),
            ("x-private", "1"),
            ("keep-alive", "timeout=5"),
            ("authorization", "Bearer buddy-token"),
            ("cookie", "guardian_token=x"),
            ("host", "buddy:3000"),
            ("accept", "text/event-stream"),
            ("x-openclaw-model", "fakeai/fake-model"),
        ]));
        let names: Vec<&str> = h.keys().map(|k| k.as_str()).collect();
        assert_eq!(names, vec!["accept", "x-openclaw-model"]);
    }

    #[test]
    fn response_headers_allow_framing() {
        let h = response(&map(&[
            ("x-frame-options", "DENY"),
            ("content-security-policy", "default-src 'self'; frame-ancestors 'none'; img-src *"),
            ("transfer-encoding", "chunked"),
            ("content-type", "text/html"),
        ]));
        assert!(h.get("x-frame-options").is_none() && h.get("transfer-encoding").is_none());
        assert_eq!(
            h.get("content-security-policy").and_then(|v| v.to_str().ok()),
            Some("default-src 'self'; img-src *")
        );
        let only = response(&map(&[("content-security-policy", "frame-ancestors 'none'")]));
        assert!(only.get("content-security-policy").is_none(), "an empty policy is dropped");
    }
}
