//! Flood mode, for load runs: market data at a chosen rate across the listed products.
//!
//! `POST /admin/flood` starts a generator task that makes `rate` messages a second (18 in 20
//! level2 updates of `updates` level changes, 1 in 20 tickers, 1 in 20 trades; see [`make`]) and
//! publishes them to every WebSocket connection subscribed to their channel and product. While
//! it runs, the synthetic market stands still, so the flood owns every level change. The
//! connections count what they actually send; [`FloodReport`] gives that count per second next
//! to the number made, and every ticker's marker price with the time it was made, so a client
//! can time how long a message takes to reach its screen.

mod make;

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;
use tokio::task::JoinHandle;

pub use make::{FloodEvent, FloodMsg, MARKER_SPAN, Maker};

use crate::domain::ProductId;

/// Highest rate accepted, messages a second.
pub const MAX_RATE: u32 = 200_000;
/// Most level changes per level2 message.
pub const MAX_UPDATES: usize = 100;
/// Flood messages a lagging connection may fall behind by before it is closed.
const CAPACITY: usize = 65_536;
/// How often the generator wakes to make the messages that are due.
const PACE: Duration = Duration::from_millis(1);

/// The body of `POST /admin/flood`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FloodSpec {
    /// Messages a second; 0 stops the flood.
    pub rate: u32,
    /// Level changes per level2 message.
    #[serde(default = "default_updates")]
    pub updates: usize,
    /// Products flooded; empty means every listed product.
    #[serde(default)]
    pub products: Vec<ProductId>,
}

fn default_updates() -> usize {
    8
}

/// A ticker sent with a numbered price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// Product.
    pub product_id: ProductId,
    /// The ticker's price, as sent.
    pub price: String,
    /// When it was made, UNIX microseconds.
    pub made_us: i64,
}

/// Messages made and sent in one second of a flood.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Second {
    /// Made by the generator.
    pub made: u64,
    /// Written to connections (a message counts once per connection it is sent on).
    pub sent: u64,
}

/// What the current (or last) flood did: `GET /admin/flood`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FloodReport {
    /// What was asked for.
    pub spec: Option<FloodSpec>,
    /// Whether the generator is running.
    pub running: bool,
    /// Messages made.
    pub made: u64,
    /// Messages written to connections.
    pub sent: u64,
    /// Connections closed because they fell [`CAPACITY`] messages behind.
    pub dropped_connections: u64,
    /// Each whole second since the start.
    pub seconds: Vec<Second>,
    /// Every ticker's marker, in the order made.
    pub markers: Vec<Marker>,
}

/// The flood's switch, counters and broadcast.
pub struct Flood {
    tx: broadcast::Sender<std::sync::Arc<FloodMsg>>,
    task: Mutex<Option<JoinHandle<()>>>,
    report: Mutex<FloodReport>,
    sent: AtomicU64,
    /// Markers numbered so far, across floods, so marker prices do not repeat between runs.
    markers: AtomicU64,
}

impl Default for Flood {
    fn default() -> Self {
        Self {
            tx: broadcast::channel(CAPACITY).0,
            task: Mutex::new(None),
            report: Mutex::new(FloodReport::default()),
            sent: AtomicU64::new(0),
            markers: AtomicU64::new(0),
        }
    }
}

impl Flood {
    /// A receiver of flood messages, for a new connection.
    pub fn subscribe(&self) -> broadcast::Receiver<std::sync::Arc<FloodMsg>> {
        self.tx.subscribe()
    }

    /// Whether a flood is running (the synthetic market stands still meanwhile).
    pub fn running(&self) -> bool {
        self.task.lock().is_ok_and(|t| t.as_ref().is_some_and(|t| !t.is_finished()))
    }

    /// Counts one message written to a connection.
    pub fn count_sent(&self) {
        self.sent.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a connection closed for lagging.
    pub fn count_dropped(&self) {
        self.with_report(|r| r.dropped_connections += 1);
    }

    /// The report so far.
    pub fn report(&self) -> FloodReport {
        let mut report = self.with_report(|r| r.clone());
        report.sent = self.sent.load(Ordering::Relaxed);
        report.running = self.running();
        report
    }

    /// Stops a running flood; the report is kept.
    pub fn stop(&self) {
        if let Ok(mut task) = self.task.lock()
            && let Some(task) = task.take()
        {
            task.abort();
        }
    }

    /// Starts a flood of `spec` made by `maker`, replacing a running one; the report starts
    /// afresh.
    pub fn start(self: &std::sync::Arc<Self>, spec: FloodSpec, maker: Maker) {
        self.stop();
        self.sent.store(0, Ordering::Relaxed);
        let rate = spec.rate;
        self.with_report(|r| *r = FloodReport { spec: Some(spec), ..FloodReport::default() });
        let task = tokio::spawn(generate(self.clone(), maker, rate));
        if let Ok(mut slot) = self.task.lock() {
            *slot = Some(task);
        }
    }

    fn with_report<R>(&self, f: impl FnOnce(&mut FloodReport) -> R) -> R {
        let mut report = self.report.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut report)
    }
}

/// Makes the messages due every [`PACE`], `rate` a second from the start, and closes a
/// [`Second`] of the report each time a whole second passes: its `made` counts the messages
/// due within it (made late if the task was late), its `sent` what connections wrote by then.
async fn generate(flood: std::sync::Arc<Flood>, mut maker: Maker, rate: u32) {
    let start = Instant::now();
    let mut pace = tokio::time::interval(PACE);
    pace.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let (mut made, mut closed) = (0u64, Second::default());
    loop {
        pace.tick().await;
        let elapsed = start.elapsed();
        let due = (elapsed.as_secs_f64() * f64::from(rate)) as u64;
        let whole = elapsed.as_secs();
        let boundary = (whole * u64::from(rate)).min(due);
        made = make(&flood, &mut maker, made, boundary);
        flood.with_report(|r| {
            if whole as usize > r.seconds.len() {
                let sent = flood.sent.load(Ordering::Relaxed);
                r.seconds.push(Second { made: made - closed.made, sent: sent - closed.sent });
                closed = Second { made, sent };
            }
        });
        made = make(&flood, &mut maker, made, due);
    }
}

/// Makes and publishes messages until `due` are made; returns how many are.
fn make(flood: &Flood, maker: &mut Maker, mut made: u64, due: u64) -> u64 {
    let mut number = flood.markers.load(Ordering::Relaxed);
    let mut markers = Vec::new();
    while made < due {
        let (msg, marker) = maker.next(chrono::Utc::now(), &mut number);
        markers.extend(marker);
        let _ = flood.tx.send(std::sync::Arc::new(msg));
        made += 1;
    }
    flood.markers.store(number, Ordering::Relaxed);
    flood.with_report(|r| {
        r.made = made;
        r.markers.append(&mut markers);
    });
    made
}
