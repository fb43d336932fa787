//! Bounded memory (issue 8, item 9): the demo — the dashboard with its embedded simulator, one
//! process — runs for 10 minutes on a PTY; its resident memory at the end is within ±5 MB of
//! its value after the first minute.
//!
//! Ignored by default (it takes 10 minutes of wall time). Run it with
//! `cargo test --release --test soak_memory -- --ignored --nocapture`; the samples are printed.
//! `CBTERM_SOAK_SECS` shortens or lengthens the run (default 600; the warm-up stays 60 s).
//! The sleeps here pace the RSS samples (the measurement), they synchronise nothing.

mod pty;

use std::time::{Duration, Instant};

use portable_pty::CommandBuilder;
use pty::Pty;

const WARM_UP: Duration = Duration::from_secs(60);
const SAMPLE_EVERY: Duration = Duration::from_secs(30);
/// Allowed drift of RSS between the end of the warm-up and the end of the run.
const TOLERANCE_KB: i64 = 5 * 1024;

/// `VmRSS` of `pid` in kB, from /proc.
fn rss_kb(pid: u32) -> i64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the demo is running");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("a VmRSS line");
    line.split_whitespace().nth(1).and_then(|kb| kb.parse().ok()).expect("VmRSS in kB")
}

fn run_for() -> Duration {
    let secs = std::env::var("CBTERM_SOAK_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(600);
    Duration::from_secs(secs).max(WARM_UP + SAMPLE_EVERY)
}

#[test]
#[ignore = "10-minute soak; run with --ignored (see the README's testing section)"]
fn the_demo_keeps_its_memory_flat_for_ten_minutes() {
    let mut pty = Pty::spawn(CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm")));
    pty.wait_for("the live dashboard", |s| s.contains("market Live"));
    let pid = pty.child.process_id().expect("child pid");
    let started = Instant::now();
    let total = run_for();
    let mut after_warm_up = None;
    let mut samples = Vec::new();
    while started.elapsed() < total {
        std::thread::sleep(SAMPLE_EVERY.min(total.saturating_sub(started.elapsed())));
        assert!(pty.child.try_wait().expect("child status").is_none(), "the demo is still running");
        let kb = rss_kb(pid);
        let at = started.elapsed().as_secs();
        eprintln!("soak: {at:>4} s  RSS {:.1} MB", kb as f64 / 1024.0);
        samples.push((at, kb));
        if after_warm_up.is_none() && started.elapsed() >= WARM_UP {
            after_warm_up = Some(kb);
        }
    }
    let screen = pty.screen();
    assert!(screen.contains("market Live"), "the market is still live at the end:\n{screen}");
    pty.send("q");
    assert!(pty.finish().success(), "q ends the demo cleanly");
    let baseline = after_warm_up.expect("a sample after the warm-up");
    let (_, end) = *samples.last().expect("samples");
    let drift = end - baseline;
    eprintln!("soak: after warm-up {baseline} kB, end {end} kB, drift {drift:+} kB");
    assert!(drift.abs() <= TOLERANCE_KB, "RSS moved {drift:+} kB after the warm-up: {samples:?}");
}
