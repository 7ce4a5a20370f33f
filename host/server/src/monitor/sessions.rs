//! `buddy_openclaw_sessions`: sessions per agent, counted from the agents' own stores
//! (read-only, one query each, as E06 counts them) at most once a minute, so a scrape never
//! costs OpenClaw anything. An agent deleted since start-up stays exported, at 0.

use std::time::{Duration, Instant};

use crate::app_state::AppState;

/// The shortest time between two counts.
const EVERY: Duration = Duration::from_secs(60);

/// Counts again when the last count is a minute old (or there was none).
pub async fn refresh(app: &AppState) {
    let due = app.monitor.with(|st| st.sessions_counted.is_none_or(|at| at.elapsed() >= EVERY));
    if !due {
        return;
    }
    let counted = buddy_openclaw::session_stats::sessions_per_agent(&app.openclaw).await;
    app.monitor.with(|st| {
        st.sessions_counted = Some(Instant::now());
        let counts = match counted {
            Ok(counts) => counts,
            Err(e) => {
                tracing::warn!(error = %e, "cannot count sessions per agent");
                return;
            }
        };
        for gone in st.agents.iter().filter(|a| !counts.iter().any(|(id, _)| id == *a)) {
            metrics::gauge!("buddy_openclaw_sessions", "agent" => gone.clone()).set(0.0);
        }
        for (agent, sessions) in counts {
            metrics::gauge!("buddy_openclaw_sessions", "agent" => agent.clone()).set(sessions as f64);
            st.agents.insert(agent);
        }
    });
}
