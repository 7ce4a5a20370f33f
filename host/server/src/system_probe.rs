//! CPU, memory and disk figures of the host and of single processes.
//!
//! One `sysinfo::System` is kept for Buddy's lifetime because CPU usage is a difference
//! between two refreshes: each reading reports usage since the previous one.

use std::path::Path;
use std::sync::Mutex;

use serde::Serialize;
use sysinfo::{Disks, Pid, ProcessRefreshKind, ProcessesToUpdate, System};

/// E08's answer.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct HostInfo {
    pub cpu: CpuInfo,
    pub memory: MemoryInfo,
    pub disk: DiskInfo,
    /// The reference's names: Go's `GOOS` (`linux`), which Rust's `std::env::consts::OS` matches.
    pub os: String,
    /// Go's `GOARCH` name (`amd64`, `arm64`), as the reference shows.
    pub arch: String,
    /// The long OS name, e.g. `Linux (Debian GNU/Linux 12)`.
    #[serde(rename = "osVersion")]
    pub os_version: String,
    /// The machine name Rust uses (`x86_64`, `aarch64`).
    pub machine: String,
    pub hostname: Option<String>,
    #[serde(rename = "uptimeSeconds")]
    pub uptime_seconds: u64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CpuInfo {
    /// Percent of all cores, 0–100.
    pub usage: f64,
    pub cores: usize,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MemoryInfo {
    /// MB.
    pub total: u64,
    /// MB.
    pub used: u64,
    pub percent: f64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DiskInfo {
    /// Mount point of the disk holding the path asked about.
    pub path: String,
    pub percent: f64,
    /// MB.
    pub total: u64,
    /// MB.
    pub available: u64,
}

/// A process's (and its children's) resource use.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ProcessUsage {
    pub cpu_percent: f64,
    pub memory_mb: f64,
    pub run_time_secs: u64,
    pub start_time: u64,
}

/// Shared sysinfo state.
pub struct SystemProbe {
    sys: Mutex<System>,
}

impl Default for SystemProbe {
    fn default() -> Self {
        let mut sys = System::new();
        // Prime CPU counters so the first reading has a baseline.
        sys.refresh_cpu_usage();
        Self { sys: Mutex::new(sys) }
    }
}

const MB: u64 = 1024 * 1024;

impl SystemProbe {
    /// Host figures; `disk_of` selects which disk to report.
    pub fn host(&self, disk_of: &Path) -> HostInfo {
        let (usage, cores, total, used) = match self.sys.lock() {
            Ok(mut sys) => {
                sys.refresh_cpu_usage();
                sys.refresh_memory();
                (sys.global_cpu_usage(), sys.cpus().len(), sys.total_memory(), sys.used_memory())
            }
            Err(_) => (0.0, 0, 0, 0),
        };
        HostInfo {
            cpu: CpuInfo { usage: round1(f64::from(usage)), cores },
            memory: MemoryInfo {
                total: total / MB,
                used: used / MB,
                percent: if total == 0 { 0.0 } else { round1(used as f64 * 100.0 / total as f64) },
            },
            disk: disk_usage(disk_of),
            os: std::env::consts::OS.to_string(),
            arch: go_arch(std::env::consts::ARCH).to_string(),
            os_version: System::long_os_version().unwrap_or_else(|| std::env::consts::OS.to_string()),
            machine: std::env::consts::ARCH.to_string(),
            hostname: System::host_name(),
            uptime_seconds: System::uptime(),
        }
    }

    /// CPU and memory of `pid` plus its descendants (the gateway runs worker processes).
    pub fn process_tree(&self, pid: u32) -> Option<ProcessUsage> {
        let mut sys = self.sys.lock().ok()?;
        sys.refresh_processes_specifics(
            ProcessesToUpdate::All,
            true,
            ProcessRefreshKind::nothing().with_cpu().with_memory(),
        );
        let root = sys.process(Pid::from_u32(pid))?;
        let (run_time_secs, start_time) = (root.run_time(), root.start_time());
        let mut family = vec![Pid::from_u32(pid)];
        let mut i = 0;
        while i < family.len() {
            let parent = family[i];
            // Threads are listed like processes but share their process's memory: count
            // child processes only.
            family.extend(
                sys.processes()
                    .iter()
                    .filter(|(_, p)| p.parent() == Some(parent) && p.thread_kind().is_none())
                    .map(|(k, _)| *k),
            );
            i += 1;
        }
        let (mut cpu, mut mem) = (0.0f32, 0u64);
        for p in family.iter().filter_map(|k| sys.process(*k)) {
            cpu += p.cpu_usage();
            mem += p.memory();
        }
        let cores = sys.cpus().len().max(1) as f32;
        Some(ProcessUsage {
            cpu_percent: round1(f64::from(cpu / cores)),
            memory_mb: (mem as f64 / MB as f64 * 10.0).round() / 10.0,
            run_time_secs,
            start_time,
        })
    }
}

/// Go's name for an architecture Rust names `arch` (the reference answers `amd64`).
fn go_arch(arch: &str) -> &str {
    match arch {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    }
}

/// Usage of the disk whose mount point is the longest prefix of `path`.
pub fn disk_usage(path: &Path) -> DiskInfo {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let disks = Disks::new_with_refreshed_list();
    let best = disks
        .list()
        .iter()
        .filter(|d| target.starts_with(d.mount_point()))
        .max_by_key(|d| d.mount_point().as_os_str().len());
    match best {
        Some(d) if d.total_space() > 0 => DiskInfo {
            path: d.mount_point().display().to_string(),
            percent: round1((d.total_space() - d.available_space()) as f64 * 100.0 / d.total_space() as f64),
            total: d.total_space() / MB,
            available: d.available_space() / MB,
        },
        _ => DiskInfo { path: target.display().to_string(), percent: 0.0, total: 0, available: 0 },
    }
}

fn round1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::go_arch;

    #[test]
    fn architectures_take_go_names() {
        assert_eq!(go_arch("x86_64"), "amd64");
        assert_eq!(go_arch("aarch64"), "arm64");
        assert_eq!(go_arch("x86"), "386");
        assert_eq!(go_arch("riscv64"), "riscv64");
    }
}
