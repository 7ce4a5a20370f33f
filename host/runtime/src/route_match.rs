//! Matching a request path against module route patterns (`/bots/:id`, `/{name}` or literal).

/// Whether `path` fits `pattern`, segment by segment; `:x` and `{x}` match one non-empty segment.
pub fn matches(pattern: &str, path: &str) -> bool {
    let mut p = pattern.split('/').filter(|s| !s.is_empty());
    let mut q = path.split('/').filter(|s| !s.is_empty());
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(pat), Some(seg)) => {
                let param = pat.starts_with(':') || (pat.starts_with('{') && pat.ends_with('}'));
                if !param && pat != seg {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// Joins a prefix and a route path (`/v1/x` + `/` = `/v1/x`).
pub fn join(prefix: &str, path: &str) -> String {
    let path = path.trim_end_matches('/');
    if path.is_empty() { prefix.to_string() } else { format!("{prefix}{path}") }
}

/// Whether two patterns can match the same path (for conflict checks at load).
pub fn overlaps(a: &str, b: &str) -> bool {
    let (sa, sb): (Vec<&str>, Vec<&str>) =
        (a.split('/').filter(|s| !s.is_empty()).collect(), b.split('/').filter(|s| !s.is_empty()).collect());
    let is_param = |s: &str| s.starts_with(':') || s.starts_with('{');
    sa.len() == sb.len() && sa.iter().zip(&sb).all(|(x, y)| is_param(x) || is_param(y) || x == y)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert!(matches("/v1/openclaw/skills", "/v1/openclaw/skills"));
        assert!(matches("/v1/openclaw/skills", "/v1/openclaw/skills/"));
        assert!(matches("/v1/openclaw/skills/:name", "/v1/openclaw/skills/github"));
        assert!(matches("/v1/x/{id}", "/v1/x/7"));
        assert!(!matches("/v1/openclaw/skills/:name", "/v1/openclaw/skills"));
        assert!(!matches("/v1/openclaw/skills/:name", "/v1/openclaw/skills/a/b"));
        assert_eq!(join("/v1/x", "/"), "/v1/x");
        assert_eq!(join("/v1/x", "/y"), "/v1/x/y");
        assert!(overlaps("/v1/openclaw/bots/{id}", "/v1/openclaw/bots/template"));
        assert!(!overlaps("/v1/openclaw/experts", "/v1/openclaw/bots/template"));
    }
}
