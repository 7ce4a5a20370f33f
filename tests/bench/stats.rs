//! Latency summaries and throughput loops for the benchmark.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

/// p50 / p99 / mean of a run of sequential calls.
pub struct Summary {
    pub p50: Duration,
    pub p99: Duration,
    pub mean: Duration,
    pub n: usize,
}

impl Summary {
    /// Calls `f` `n` times, one after another, timing each.
    pub async fn measure<F, Fut>(n: usize, mut f: F) -> Self
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = ()>,
    {
        let mut samples = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            f().await;
            samples.push(t.elapsed());
        }
        Self::of(samples)
    }

    /// The summary of latencies measured elsewhere (at least one).
    pub fn of(mut samples: Vec<Duration>) -> Self {
        samples.sort();
        let n = samples.len();
        let pick = |q: f64| samples[((n - 1) as f64 * q).round() as usize];
        let mean = samples.iter().sum::<Duration>() / n as u32;
        Self { p50: pick(0.5), p99: pick(0.99), mean, n }
    }
}

fn show(d: Duration) -> String {
    if d >= Duration::from_millis(10) {
        format!("{:.1} ms", d.as_secs_f64() * 1e3)
    } else {
        format!("{:.0} µs", d.as_secs_f64() * 1e6)
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "p50 {} · p99 {} · mean {} (n={})", show(self.p50), show(self.p99), show(self.mean), self.n)
    }
}

/// Requests per second with 8 concurrent loops for `window`.
pub async fn rate<F, Fut>(window: Duration, f: F) -> f64
where
    F: Fn() -> Fut,
    Fut: Future<Output = ()>,
{
    let deadline = Instant::now() + window;
    let started = Instant::now();
    let client = || async {
        let mut n = 0u64;
        while Instant::now() < deadline {
            f().await;
            n += 1;
        }
        n
    };
    let counts = tokio::join!(client(), client(), client(), client(), client(), client(), client(), client());
    let total = counts.0 + counts.1 + counts.2 + counts.3 + counts.4 + counts.5 + counts.6 + counts.7;
    total as f64 / started.elapsed().as_secs_f64()
}
