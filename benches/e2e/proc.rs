//! CPU time and peak memory of a process, from `/proc`.

use std::time::Instant;

/// User + system clock ticks of `pid` so far (`/proc/PID/stat` fields 14 and 15).
fn ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("the process's stat");
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default().split(' ').collect();
    let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).unwrap_or(0);
    // After the `)`: index 1 is field 3 (state), so field N is index N - 2.
    field(12) + field(13)
}

/// Clock ticks a second (`getconf CLK_TCK`; 100 when it cannot be asked).
fn ticks_per_second() -> f64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

/// CPU use of some processes over a window.
pub struct Cpu {
    pids: Vec<u32>,
    start: Vec<u64>,
    at: Instant,
}

impl Cpu {
    /// Starts the window.
    pub fn start(pids: &[u32]) -> Self {
        Self { pids: pids.to_vec(), start: pids.iter().map(|&p| ticks(p)).collect(), at: Instant::now() }
    }

    /// Each process's CPU over the window, in percent of one core.
    pub fn stop(&self) -> Vec<f64> {
        let seconds = self.at.elapsed().as_secs_f64();
        let hz = ticks_per_second();
        let used = self.pids.iter().zip(&self.start).map(|(&p, &s)| ticks(p).saturating_sub(s) as f64);
        used.map(|t| 100.0 * t / hz / seconds).collect()
    }
}

/// Peak resident set size (`VmHWM`) of `pid`, in MB.
pub fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the process's status");
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1000.0
}
