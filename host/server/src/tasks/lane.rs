//! The lanes tasks queue in: one per kind of work that must not overlap itself. A closed set,
//! so each lane's queue depth is a metric from start-up on (`buddy_task_queue_depth`).

/// A lane: its tasks run one at a time, in the order they were queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lane {
    /// Gateway start, stop and restart, and heals.
    Gateway,
    /// Plugin updates.
    Plugins,
    /// Channel plugin installs.
    Channels,
}

impl Lane {
    /// Every lane.
    pub const ALL: [Self; 3] = [Self::Gateway, Self::Plugins, Self::Channels];

    /// The lane's name (the `lane` label).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Gateway => "gateway",
            Self::Plugins => "plugins",
            Self::Channels => "channels",
        }
    }

    /// Moves the lane's queue depth by `delta` tasks.
    pub(super) fn count(self, delta: f64) {
        metrics::gauge!("buddy_task_queue_depth", "lane" => self.as_str()).increment(delta);
    }
}
