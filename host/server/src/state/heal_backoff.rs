//! Backoff between failed heals, so a gateway that cannot start is not restarted in a storm:
//! the wait doubles after each failure up to a ceiling, and after `give_up_after` failures in
//! a row Buddy stops trying until the gateway is healthy again or an operator acts.

use std::time::{Duration, Instant};

use crate::config::HealSettings;

/// Failure count and the earliest time of the next attempt.
#[derive(Debug, Default)]
pub struct Backoff {
    failures: u32,
    next: Option<Instant>,
    given_up: bool,
    announced: bool,
}

impl Backoff {
    /// Failed heals in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Whether Buddy has stopped healing after too many failures in a row.
    pub fn given_up(&self) -> bool {
        self.given_up
    }

    /// Whether a heal may run now.
    pub fn ready(&self) -> bool {
        !self.given_up && self.next.is_none_or(|t| Instant::now() >= t)
    }

    /// Counts a failure and schedules the next attempt; returns the wait.
    pub fn failed(&mut self, s: &HealSettings) -> Duration {
        self.failures += 1;
        let wait = Self::wait_after(self.failures, s);
        self.next = Some(Instant::now() + wait);
        if self.failures >= s.give_up_after.max(1) {
            self.given_up = true;
        }
        wait
    }

    /// The wait after `failures` failed heals.
    pub fn wait_after(failures: u32, s: &HealSettings) -> Duration {
        let factor = 2u64.saturating_pow(failures.saturating_sub(1).min(30));
        Duration::from_secs(s.backoff_base_secs.saturating_mul(factor).min(s.backoff_max_secs))
    }

    /// True exactly once, when the failure that made Buddy give up was counted.
    pub fn gave_up_now(&mut self, _s: &HealSettings) -> bool {
        if self.given_up && !self.announced {
            self.announced = true;
            return true;
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_caps_and_gives_up() {
        let s = HealSettings { backoff_base_secs: 10, backoff_max_secs: 35, give_up_after: 3, ..Default::default() };
        let mut b = Backoff::default();
        assert!(b.ready());
        assert_eq!(b.failed(&s), Duration::from_secs(10));
        assert!(!b.ready(), "waits after a failure");
        assert_eq!(b.failed(&s), Duration::from_secs(20));
        assert!(!b.gave_up_now(&s));
        assert_eq!(b.failed(&s), Duration::from_secs(35), "capped");
        assert!(b.gave_up_now(&s));
        assert!(!b.gave_up_now(&s), "announced once");
        assert!(!b.ready());
        assert!(b.given_up() && b.failures() == 3);
    }
}
