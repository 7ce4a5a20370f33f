//! `openclaw_info`: the OpenClaw version on this host, asked of `openclaw --version` (0.2 s)
//! at the monitor's first tick and again after the gateway (re)starts, which is when an
//! upgraded install takes effect. The version replaced is kept, at 0.

use std::time::Duration;

use crate::app_state::AppState;

/// Asks for the version when the gateway started since it was last asked (or it never was),
/// or came back on its own.
pub async fn refresh(app: &AppState, ready: bool) {
    let starts = app.gateway.starts();
    let due = app.monitor.with(|st| {
        let came_back = ready && !st.was_ready;
        st.was_ready = ready;
        st.version_asked_at_start != Some(starts) || came_back
    });
    if !due {
        return;
    }
    let out = app.openclaw.cli.run_ok(&["--version"], Some(Duration::from_secs(10))).await;
    app.monitor.with(|st| st.version_asked_at_start = Some(starts));
    let version = match out {
        // "OpenClaw 2026.9.6 (eb377ac)"
        Ok(out) => out.stdout.split_whitespace().find_map(label).map(str::to_string),
        Err(e) => {
            tracing::warn!(error = %e, "cannot ask OpenClaw its version");
            return;
        }
    };
    let Some(version) = version else { return };
    app.monitor.with(|st| {
        if let Some(old) = st.openclaw_version.replace(version.clone())
            && old != version
        {
            metrics::gauge!("openclaw_info", "version" => old).set(0.0);
        }
        metrics::gauge!("openclaw_info", "version" => version).set(1.0);
    });
}

/// A version as a label value: a short version string, or nothing.
fn label(word: &str) -> Option<&str> {
    let plain = word.len() <= 40 && word.bytes().all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b));
    (plain && word.bytes().next().is_some_and(|b| b.is_ascii_digit())).then_some(word)
}

#[cfg(test)]
mod tests {
    use super::label;

    #[test]
    fn only_a_plain_version_becomes_a_label() {
        assert_eq!(label("2026.9.6"), Some("2026.9.6"));
        assert_eq!(label("2026.10.1-beta.2"), Some("2026.10.1-beta.2"));
        assert_eq!(label("(eb377ac)"), None);
        assert_eq!(label("version"), None);
        assert_eq!(label(&"9".repeat(41)), None);
    }
}
