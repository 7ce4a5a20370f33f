//! `http` grants: `host:port` pairs. A request's URL must name exactly a granted pair; redirects
//! are not followed, so a granted server cannot bounce the module elsewhere.

use serde::Serialize;

/// One granted `host:port`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct HostGrant(String);

impl HostGrant {
    /// Validates `host:port` from a manifest.
    pub fn parse(entry: &str) -> Result<Self, String> {
        let (host, port) = entry.rsplit_once(':').ok_or_else(|| format!("http grant {entry:?} must be host:port"))?;
        if host.is_empty() || port.parse::<u16>().is_err() || host.contains('/') {
            return Err(format!("http grant {entry:?} must be host:port"));
        }
        Ok(Self(entry.to_ascii_lowercase()))
    }

    /// Whether `url` targets this host and port over http(s).
    pub fn allows(&self, url: &reqwest::Url) -> bool {
        if !matches!(url.scheme(), "http" | "https") {
            return false;
        }
        match (url.host_str(), url.port_or_known_default()) {
            (Some(host), Some(port)) => format!("{}:{port}", host.to_ascii_lowercase()) == self.0,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        let g = HostGrant::parse("127.0.0.1:8080").expect("valid");
        let cases = [
            ("http://127.0.0.1:8080/x", true),
            ("http://127.0.0.1:8081/x", false),
            ("http://127.0.0.2:8080/", false),
            ("file:///etc/passwd", false),
            ("http://127.0.0.1:8080@evil.example:80/", false),
        ];
        for (url, expect) in cases {
            assert_eq!(g.allows(&reqwest::Url::parse(url).expect("url")), expect, "{url}");
        }
        assert!(HostGrant::parse("example.com").is_err());
        assert!(HostGrant::parse("https://x:1").is_err());
    }
}
