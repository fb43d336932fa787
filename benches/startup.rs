//! Demo start → first frame with prices: the release binary is started with no flags (the
//! demo: embedded simulator, REST catalogue, WebSocket feeds) on a 160×48 pseudo-terminal, and
//! the clock stops when the screen first shows a last price in BTC-USD's watchlist row.
//! `cargo bench --bench startup` (prints the median and the slowest of [`RUNS`] starts).

use std::io::Read;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Starts measured.
const RUNS: usize = 10;
/// Longest wait for one start.
const DEADLINE: Duration = Duration::from_secs(20);

/// Whether the screen shows a price in BTC-USD's watchlist row (`│BTC-USD  67962.60 …`).
fn shows_price(screen: &str) -> bool {
    screen.lines().any(|line| {
        let Some(rest) = line.split("│BTC-USD ").nth(1) else { return false };
        let token = rest.split_whitespace().next().unwrap_or_default();
        token.contains('.') && token.chars().all(|c| c.is_ascii_digit() || c == '.')
    })
}

/// One start: the time from spawning the demo to the first output that shows a price.
fn one_start(state: &std::path::Path) -> Duration {
    let size = PtySize { rows: 48, cols: 160, pixel_width: 0, pixel_height: 0 };
    let pair = native_pty_system().openpty(size).expect("a pty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cbterm"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_STATE_HOME", state);
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).expect("the demo starts");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("a reader");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(48, 160, 0);
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            parser.process(&buf[..n]);
            if shows_price(&parser.screen().contents()) {
                let _ = tx.send(Instant::now());
                break;
            }
        }
    });
    let shown = rx.recv_timeout(DEADLINE).expect("prices on screen within the deadline");
    child.kill().expect("the demo stops");
    let _ = child.wait();
    shown.duration_since(start)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let state = std::env::temp_dir().join("cbterm-bench-startup");
    let mut times: Vec<Duration> = (0..RUNS).map(|_| one_start(&state)).collect();
    times.sort();
    println!(
        "startup/demo_first_prices ({RUNS} starts): median {:?}  max {:?}",
        times[RUNS / 2],
        times[RUNS - 1]
    );
}
