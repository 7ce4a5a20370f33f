//! Who may use the Control UI listener. The gateway's Control UI runs on an origin of its own
//! (see `control_ui/`), where Buddy's login cookie means nothing: the dashboard asks E04 for a
//! link carrying a single-use handover code, and the listener trades the code for a session of
//! its own. A session lasts as long as the Buddy session that asked for it (a logout or a
//! revocation ends both), and at most `http.session_ttl_secs`; all of it lives in memory, so a
//! restart of Buddy ends every Control UI session.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::secret_ids::{digest, random_hex};

/// Where a handover link lands on the Control UI listener.
pub const HANDOVER_PATH: &str = "/__buddy/control-ui";

/// How long a handover link may wait to be opened.
pub const CODE_TTL: Duration = Duration::from_secs(120);
/// Outstanding codes and live sessions kept at most (the oldest go first).
const MAX_CODES: usize = 64;
const MAX_SESSIONS: usize = 256;

/// What a code or a session was issued on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parent {
    /// A dashboard login session, by its handle: the grant dies with it.
    Session(String),
    /// The API token itself (a bearer client asked).
    Token,
}

#[derive(Debug, Clone)]
struct Grant {
    expires: Instant,
    parent: Parent,
}

/// The Control UI listener's address once bound, outstanding codes and live sessions (both by
/// the SHA-256 of their secret, so the map holds nothing a reader could replay).
#[derive(Default)]
pub struct ControlUi {
    addr: OnceLock<SocketAddr>,
    codes: Mutex<HashMap<[u8; 32], Grant>>,
    sessions: Mutex<HashMap<[u8; 32], Grant>>,
}

impl ControlUi {
    /// Records the bound address (once).
    pub fn set_addr(&self, addr: SocketAddr) {
        let _ = self.addr.set(addr);
    }

    /// The listener's address, if it runs.
    pub fn addr(&self) -> Option<SocketAddr> {
        self.addr.get().copied()
    }

    /// A handover link for `parent`: the listener's base URL as the dashboard's browser reaches
    /// it (`public_url`, else the host the dashboard was reached on with the listener's port),
    /// a fresh code and `fragment`; `None` when the listener does not run.
    pub fn link(
        &self,
        parent: Parent,
        public_url: Option<&str>,
        request_host: Option<&str>,
        fragment: &str,
    ) -> Option<String> {
        let addr = self.addr()?;
        let base = match public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None => {
                let host = request_host.and_then(host_name).unwrap_or_else(|| {
                    if addr.ip().is_unspecified() { "127.0.0.1".into() } else { addr.ip().to_string() }
                });
                format!("http://{host}:{}", addr.port())
            }
        };
        let code = self.mint(parent);
        Some(format!("{base}{HANDOVER_PATH}?code={code}{fragment}"))
    }

    /// A single-use code for `parent`, valid for [`CODE_TTL`].
    pub fn mint(&self, parent: Parent) -> String {
        let code = random_hex(32);
        insert(&self.codes, digest(&code), Grant { expires: Instant::now() + CODE_TTL, parent }, MAX_CODES);
        code
    }

    /// Trades a live code (once) for a session secret living `ttl` at most.
    pub fn redeem(&self, code: &str, ttl: Duration, live: impl Fn(&Parent) -> bool) -> Option<String> {
        let grant = self.codes.lock().unwrap_or_else(|p| p.into_inner()).remove(&digest(code))?;
        if grant.expires <= Instant::now() || !live(&grant.parent) {
            return None;
        }
        let secret = random_hex(32);
        insert(&self.sessions, digest(&secret), Grant { expires: Instant::now() + ttl, ..grant }, MAX_SESSIONS);
        Some(secret)
    }

    /// Whether `secret` opens a live session whose parent is still live; a dead one is dropped.
    pub fn check(&self, secret: &str, live: impl Fn(&Parent) -> bool) -> bool {
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let key = digest(secret);
        let ok = sessions.get(&key).is_some_and(|g| g.expires > Instant::now() && live(&g.parent));
        if !ok {
            sessions.remove(&key);
        }
        ok
    }
}

/// `Host`'s name without its port (`[v6]` kept in brackets); `None` for anything odd.
fn host_name(host: &str) -> Option<String> {
    let name = if host.starts_with('[') {
        host.split_inclusive(']').next()?
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"-.[]:".contains(&b)))
        .then(|| name.to_string())
}

fn insert(map: &Mutex<HashMap<[u8; 32], Grant>>, key: [u8; 32], grant: Grant, cap: usize) {
    let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
    let now = Instant::now();
    map.retain(|_, g| g.expires > now);
    while map.len() >= cap {
        let Some(oldest) = map.iter().min_by_key(|(_, g)| g.expires).map(|(k, _)| *k) else { break };
        map.remove(&oldest);
    }
    map.insert(key, grant);
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn a_code_opens_one_session_once() {
        let ui = ControlUi::default();
        let code = ui.mint(Parent::Token);
        let secret = ui.redeem(&code, HOUR, |_| true).expect("session");
        assert!(ui.check(&secret, |_| true));
        assert!(ui.redeem(&code, HOUR, |_| true).is_none(), "a code works once");
        assert!(!ui.check("forged", |_| true) && ui.redeem("forged", HOUR, |_| true).is_none());
    }

    #[test]
    fn a_session_dies_with_its_parent() {
        let ui = ControlUi::default();
        let parent = Parent::Session("1a2b".into());
        let secret = ui.redeem(&ui.mint(parent.clone()), HOUR, |_| true).expect("session");
        assert!(ui.check(&secret, |p| *p == parent));
        assert!(!ui.check(&secret, |_| false), "the login session was revoked");
        assert!(!ui.check(&secret, |_| true), "and the Control UI session is gone for good");
        let code = ui.mint(parent);
        assert!(ui.redeem(&code, HOUR, |_| false).is_none(), "a code of a dead session opens nothing");
    }

    #[test]
    fn a_link_names_the_dashboards_host_and_the_listeners_port() {
        let ui = ControlUi::default();
        assert_eq!(ui.link(Parent::Token, None, Some("buddy.lan:3000"), ""), None, "no listener, no link");
        ui.set_addr("0.0.0.0:4100".parse().expect("addr"));
        let link = ui.link(Parent::Token, None, Some("buddy.lan:3000"), "#token=t").expect("link");
        let code = link.strip_prefix("http://buddy.lan:4100/__buddy/control-ui?code=").expect(&link);
        assert!(code.ends_with("#token=t"), "{link}");
        let code = code.trim_end_matches("#token=t");
        assert!(ui.redeem(code, HOUR, |_| true).is_some(), "the link's code opens a session");
        let link = ui.link(Parent::Token, Some("https://ui.example/"), Some("buddy.lan:3000"), "").expect("link");
        assert!(link.starts_with("https://ui.example/__buddy/control-ui?code="), "{link}");
        let link = ui.link(Parent::Token, None, Some("evil/x:1"), "").expect("link");
        assert!(link.starts_with("http://127.0.0.1:4100/"), "an odd Host is not echoed: {link}");
    }

    #[test]
    fn hosts_lose_their_port_and_nothing_else() {
        assert_eq!(host_name("buddy.lan:3000").as_deref(), Some("buddy.lan"));
        assert_eq!(host_name("127.0.0.1").as_deref(), Some("127.0.0.1"));
        assert_eq!(host_name("[::1]:3000").as_deref(), Some("[::1]"));
        assert_eq!(host_name("evil/x:1"), None);
        assert_eq!(host_name(":3000"), None);
    }

    #[test]
    fn codes_are_bounded() {
        let ui = ControlUi::default();
        let codes: Vec<String> = (0..3 * MAX_CODES).map(|_| ui.mint(Parent::Token)).collect();
        assert_eq!(ui.codes.lock().expect("lock").len(), MAX_CODES);
        assert!(ui.redeem(codes.last().expect("code"), HOUR, |_| true).is_some(), "the newest code is kept");
    }
}
