//! End-to-end load run: `cbterm sim --manual --wide` floods market data at a chosen rate over
//! ten products (`POST /admin/flood`), the release dashboard runs against it on a 160×48
//! pseudo-terminal, and this prints, per rate: the rate the simulator actually sent,
//! message→frame and key→frame latency percentiles, and the dashboard's CPU; then its peak RSS.
//! Time to first frame (start → every watchlist row shows a price) is printed first.
//!
//! `cargo bench --bench e2e` runs 5,000 and 50,000 msgs/s; `cargo bench --bench e2e -- 20000`
//! runs the rates given. `E2E_SECONDS` sets the measured window (default 20 s).
//!
//! Message→frame: every flood ticker carries a numbered marker price; the simulator reports when
//! it made each one. The screen reader timestamps each change of a watchlist row's price as its
//! bytes arrive; a marker's latency is the arrival of the first frame showing it or a later
//! marker of the same product, minus the time it was made (same machine, same clock). Markers
//! overwritten before a frame count with the frame that shows their successor, so coalescing
//! waits are included. Key→frame: `j` and `k` alternately, from the write to the arrival of the
//! frame whose selected watchlist row moved.

mod proc;
mod screen;
mod sim;
mod stats;

use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use screen::{Dashboard, Seen};
use sim::Sim;

/// The watchlist of the run.
const PRODUCTS: [&str; 10] = [
    "BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD", "ADA-USD", "XRP-USD", "LTC-USD", "AVAX-USD", "LINK-USD",
    "DOT-USD",
];
/// Flood before the measured window starts.
const WARMUP: Duration = Duration::from_secs(3);
/// After the flood stops: frames still arriving are read, so late markers are counted.
const SETTLE: Duration = Duration::from_secs(2);
/// Time between key presses in the window.
const KEY_EVERY: Duration = Duration::from_millis(500);
/// Longest wait for one key's frame, and for the first frame.
const DEADLINE: Duration = Duration::from_secs(20);
/// The quiet window measured before any flood.
const QUIET: Duration = Duration::from_secs(10);

/// Watchlist prices seen, in order: (product, price, when its bytes arrived, UNIX µs).
type Prices = Vec<(usize, String, i64)>;

fn micros(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as i64)
}

/// The screen so far: prices seen and the product of the selected row.
struct Watch {
    prices: Prices,
    selected: usize,
}

impl Watch {
    fn take(&mut self, seen: Seen) -> Option<(usize, Instant)> {
        match seen {
            Seen::Price { product, price, wall, .. } => {
                self.prices.push((product, price, micros(wall)));
                None
            }
            Seen::Selected { product, at } => {
                self.selected = product;
                Some((product, at))
            }
        }
    }

    /// Reads the screen until `until`; stops early, returning when, once `want` is selected.
    fn read_until(&mut self, dash: &Dashboard, until: Instant, want: Option<usize>) -> Option<Instant> {
        loop {
            let left = until.saturating_duration_since(Instant::now());
            match dash.seen.recv_timeout(left) {
                Ok(seen) => {
                    if let Some((product, at)) = self.take(seen)
                        && Some(product) == want
                    {
                        return Some(at);
                    }
                }
                Err(RecvTimeoutError::Timeout) => return None,
                Err(RecvTimeoutError::Disconnected) => panic!("the dashboard stopped"),
            }
        }
    }
}

/// Start → the first frame with a price, and → every row priced.
fn first_frames(dash: &Dashboard, watch: &mut Watch, started: Instant) -> (Duration, Duration) {
    let mut priced = vec![None; PRODUCTS.len()];
    while priced.iter().any(Option::is_none) {
        match dash.seen.recv_timeout(DEADLINE).expect("prices on screen within the deadline") {
            Seen::Price { product, at, .. } => priced[product] = priced[product].or(Some(at)),
            other => drop(watch.take(other)),
        }
    }
    let first = priced.iter().flatten().min().copied().unwrap_or(started);
    let all = priced.iter().flatten().max().copied().unwrap_or(started);
    (first - started, all - started)
}

/// The key→frame latencies of alternate `j`/`k` presses until `end`.
fn press_keys(dash: &mut Dashboard, watch: &mut Watch, end: Instant) -> (Vec<Duration>, usize) {
    let (mut keys, mut missed) = (Vec::new(), 0);
    while Instant::now() + KEY_EVERY < end {
        let (key, want) = if watch.selected == 0 { ("j", 1) } else { ("k", watch.selected - 1) };
        let sent = Instant::now();
        dash.press(key);
        match watch.read_until(dash, sent + DEADLINE, Some(want)) {
            Some(at) => keys.push(at - sent),
            None => missed += 1,
        }
        watch.read_until(dash, sent + KEY_EVERY, None);
    }
    (keys, missed)
}

/// One flood at `rate`: warm-up, the measured window with keys, stop, settle; prints the figures.
fn run(sim: &Sim, dash: &mut Dashboard, watch: &mut Watch, rate: u32, window: Duration) {
    sim.flood(rate);
    watch.read_until(dash, Instant::now() + WARMUP, None);
    let cpu = proc::Cpu::start(&[dash.pid(), sim.pid(), std::process::id()]);
    let (from, start) = (micros(SystemTime::now()), Instant::now());
    let (keys, missed) = press_keys(dash, watch, start + window);
    let busy = cpu.stop();
    let to = micros(SystemTime::now());
    sim.flood(0);
    watch.read_until(dash, Instant::now() + SETTLE, None);
    let report = sim.report();
    let lat = stats::marker_latencies(&report.markers, &PRODUCTS, &watch.prices, (from, to));
    println!("e2e/{rate} msgs/s across {} products, {:?} window:", PRODUCTS.len(), window);
    println!("  {}", stats::sent_line(&report, WARMUP, window));
    println!("  message→frame: {}", stats::line(&lat.latencies, lat.unseen, "markers"));
    println!("  key→frame (j/k): {}", stats::line(&keys, missed, "keys"));
    println!(
        "  CPU: dashboard {:.1} % of a core; simulator {:.1} %, this harness {:.1} %",
        busy[0], busy[1], busy[2]
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--list") {
        return;
    }
    let mut rates: Vec<u32> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if rates.is_empty() {
        rates = vec![5_000, 50_000];
    }
    let seconds = std::env::var("E2E_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(20);
    let dir = std::env::temp_dir().join("cbterm-bench-e2e");
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let key = dir.join("key.json");
    let sim = Sim::start(&key);
    let flags = [
        ("--api-url", sim.api_url.clone()),
        ("--ws-url", sim.ws_url.clone()),
        ("--key-file", key.display().to_string()),
        ("--products", PRODUCTS.join(",")),
    ];
    let dash_args: Vec<String> = flags.into_iter().flat_map(|(f, v)| [f.to_string(), v]).collect();
    let names: Vec<String> = PRODUCTS.iter().map(ToString::to_string).collect();
    let started = Instant::now();
    let mut dash = Dashboard::start(&dash_args, &names, &dir.join("state"));
    let mut watch = Watch { prices: Prices::new(), selected: 0 };
    let (first, all) = first_frames(&dash, &mut watch, started);
    println!("e2e/first_frame: first price {first:?}, all {} rows priced {all:?}", PRODUCTS.len());
    let cpu = proc::Cpu::start(&[dash.pid(), sim.pid()]);
    watch.read_until(&dash, Instant::now() + QUIET, None);
    println!("e2e/quiet ({QUIET:?}, heartbeats only): dashboard {:.2} % of a core", cpu.stop()[0]);
    for rate in rates {
        run(&sim, &mut dash, &mut watch, rate, Duration::from_secs(seconds));
        watch.prices.clear();
    }
    println!("e2e/peak_rss (VmHWM) of the dashboard: {:.1} MB", proc::peak_rss_mb(dash.pid()));
}
