//! The dashboard's I/O: terminal set-up and restore, the event loop, the effect executor and
//! the feed tasks. One task owns the pure core's [`Model`]; keys, feed events and REST
//! answers arrive as [`Msg`]s, `update` returns [`crate::app::Effect`]s for the executor, and
//! a frame tick draws the model with [`crate::ui::draw`] when it changed.
//!
//! ```text
//! keys ─► keymap::key_to_msg ─► Msg::Action ─┐
//! market / user feed tasks ─► Msg::Feed ──┼─► Model::update ─► Vec<Effect> ─► executor / feeds
//! executor (REST answers) ──► Msg::… ─────┘        │ dirty
//! frame (≤ 60 Hz) ─► only when changed: draw(&model) ▼
//! ```
//!
//! `cbterm replay` runs the same loop with [`replay`]'s source in place of the feeds and an
//! executor that touches no network.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{Event, KeyEvent};
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use crate::app::keymap::{Keymap, KeymapError};
use crate::app::{Model, ModelInit, Msg, VenueLabel};
use crate::coinbase::jwt::Clock;
use crate::coinbase::rest::RestClient;
use crate::credentials::Credentials;
use crate::domain::ProductId;
use crate::journal::Journal;
use alerts_file::AlertsLocation;
pub use config_file::Preferences;
use driver::Driver;
use executor::Executor;
use frames::Frames;

pub mod alerts_file;
mod clock_sync;
pub mod config_file;
mod crash;
mod driver;
mod executor;
pub mod saving;
pub use executor::{execute, execute_recorded};
pub mod feeds;
mod frames;
mod input;
mod journaled;
pub mod record;
pub mod replay;

/// Time between frames; a frame is drawn only when the model changed. At most 60 a second:
/// under a steady feed a change waits up to one frame for the screen, so this bounds the
/// message→frame latency (`cargo bench --bench e2e`).
pub const FRAME: Duration = Duration::from_millis(16);
/// Time between clock ticks: the model's timers run at this rate, and a tick draws a frame
/// only when it changed something on screen ([`crate::ui::clock_face`]).
pub const CLOCK: Duration = Duration::from_millis(250);
/// Messages applied per batch before the loop looks at keys again.
const BATCH: usize = 512;
/// Capacity of the message queue from tasks to the model.
const QUEUE: usize = 4096;

/// Everything the dashboard needs from the command line.
pub struct DashboardConfig {
    /// REST client of the venue.
    pub rest: RestClient,
    /// Market data WebSocket URL.
    pub market_ws: url::Url,
    /// User-channel WebSocket URL.
    pub user_ws: url::Url,
    /// API credentials; without them the dashboard is read-only.
    pub creds: Option<Arc<Credentials>>,
    /// Clock for JWTs.
    pub clock: Clock,
    /// Venue shown in the status bar.
    pub venue_label: VenueLabel,
    /// Watchlist; empty means the first 4 products from REST.
    pub products: Vec<ProductId>,
    /// The key bindings: [`load_keymap`] before the dashboard starts, so a bad file is refused
    /// before the terminal is taken.
    pub keymap: Keymap,
    /// Where the order journal lives.
    pub journal: JournalLocation,
    /// Where the price alerts are kept.
    pub alerts: AlertsLocation,
    /// Dry-run: orders stop at the exchange's preview and are never sent.
    pub dry_run: bool,
    /// `--record FILE`: the session is kept in this recording.
    pub record: Option<record::Recorder>,
    /// The config file's other settings.
    pub preferences: Preferences,
}

/// Where the dashboard keeps its order journal (R-ORD1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalLocation {
    /// In memory: for the demo, whose embedded simulator (and its orders) dies with the process.
    InMemory,
    /// A SQLite file, normally [`Journal::default_path`].
    File(PathBuf),
}

/// Runs the dashboard until the user quits or a termination signal (SIGTERM, SIGHUP, SIGINT)
/// arrives. Owns the terminal: it is restored on return, on error, on such a signal and on
/// panic (`ratatui::init` installs the restoring panic hook).
pub async fn run(mut config: DashboardConfig) -> color_eyre::Result<()> {
    let (tx, rx) = mpsc::channel(QUEUE);
    let key_name = config.creds.as_ref().map(|c| c.name().to_string());
    config.record = config.record.map(|r| r.reporting_to(tx.clone()).redacting(key_name.as_deref()));
    let mut model = Model::new(ModelInit {
        venue: config.venue_label.clone(),
        keymap: config.keymap.clone(),
        watch: config.products.clone(),
        has_credentials: config.creds.is_some(),
        now: Instant::now(),
        wall: Utc::now(),
        ids: crate::domain::ClientOrderIds::random(),
    });
    model.dry_run = config.dry_run;
    model.recording = config.record.is_some();
    let prefs = &config.preferences;
    model.configure(prefs.quote.clone(), prefs.limits, prefs.default_product.as_ref());
    let (journal, opened) = open_journal(&config);
    log_journal_opened(&opened);
    let mut executor = Executor::new(&config, journal, tx);
    let mut start = model.update(opened);
    if let AlertsLocation::File(path) = &config.alerts {
        start.extend(model.update(alerts_file::load(path)));
    }
    start.extend(model.start());
    executor.perform(start);
    executor.start_user_feed();
    tracing::info!(venue = %config.venue_label.text(), "dashboard started");
    let result = drive(&mut model, &mut executor, rx).await;
    executor.shutdown();
    finish_recording(config.record.as_ref());
    result
}

/// Takes the terminal and runs the event loop until the user quits or a signal arrives; the
/// terminal is restored on every way out.
async fn drive(
    model: &mut Model,
    driver: &mut impl Driver,
    rx: mpsc::Receiver<Msg>,
) -> color_eyre::Result<()> {
    let signals = crash::Signals::listen()?;
    let mut terminal = init_terminal()?;
    let guard = RestoreGuard;
    let result = event_loop(&mut terminal, model, rx, driver, signals).await;
    drop(guard);
    tracing::info!(ok = result.is_ok(), "dashboard stopped");
    result
}

/// Writes the rest of the recording and closes it.
fn finish_recording(record: Option<&record::Recorder>) {
    let Some(record) = record else { return };
    match record.finish() {
        Ok(()) => tracing::info!(dropped = record.dropped(), "recording finished"),
        Err(e) => tracing::error!(error = %e, "recording not finished cleanly"),
    }
}

/// Opens the journal of this venue and reads what the last session left unresolved. Unanswered
/// cancels are marked "not resent" at once: the model only reports them, and the open orders
/// reloaded at start show what the exchange has.
fn open_journal(config: &DashboardConfig) -> (Option<Journal>, Msg) {
    let venue = Journal::venue_key(config.rest.base(), config.creds.as_ref().map(|c| c.name()));
    let opened = match &config.journal {
        JournalLocation::InMemory => Journal::in_memory(&venue),
        JournalLocation::File(path) => Journal::open(path, &venue),
    };
    let read = opened.and_then(|journal| {
        let unresolved = journal.unresolved()?;
        for cancel in &unresolved.cancels {
            journal.resolve_cancel(cancel.id, "not resent after a restart", Utc::now())?;
        }
        Ok((journal, unresolved))
    });
    match read {
        Ok((journal, unresolved)) => {
            let cancels = unresolved.cancels.into_iter().map(|c| c.order_ids).collect();
            (Some(journal), Msg::JournalOpened { orders: unresolved.orders, cancels })
        }
        Err(e) => (None, Msg::JournalFailed { reason: e.to_string() }),
    }
}

fn log_journal_opened(opened: &Msg) {
    match opened {
        Msg::JournalOpened { orders, cancels } => {
            tracing::info!(orders = orders.len(), cancels = cancels.len(), "order journal opened");
        }
        Msg::JournalFailed { reason } => tracing::error!(%reason, "order journal unusable; trading disabled"),
        _ => {}
    }
}

/// The full-screen terminal with a fixed viewport: resized on the terminal's resize events, so
/// a frame does not ask the terminal for its size (ratatui's full-screen viewport opens
/// `/dev/tty` for an ioctl on every draw).
fn init_terminal() -> std::io::Result<DefaultTerminal> {
    let (width, height) = crossterm::terminal::size()?;
    let viewport = ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, width, height));
    Ok(ratatui::init_with_options(ratatui::TerminalOptions { viewport }))
}

/// Restores the terminal when dropped, so an early return still leaves it usable.
struct RestoreGuard;

impl Drop for RestoreGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    model: &mut Model,
    mut rx: mpsc::Receiver<Msg>,
    executor: &mut impl Driver,
    mut signals: crash::Signals,
) -> color_eyre::Result<()> {
    let mut events = input::Input::start();
    let mut frames = Frames::new();
    let mut clock = tokio::time::interval(CLOCK);
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut batch = Vec::with_capacity(BATCH);
    let mut shown_face = None;
    let size = terminal.size()?;
    model.update(Msg::Resized { width: size.width, height: size.height });
    while !model.quit {
        tokio::select! {
            biased;
            signal = signals.next() => {
                tracing::info!(signal, "stopping on a signal");
                return Ok(());
            }
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => {
                    drain(model, executor, &mut rx);
                    on_key(model, executor, &key);
                    frames.changed();
                }
                Some(Ok(Event::Resize(width, height))) => {
                    terminal.resize(ratatui::layout::Rect::new(0, 0, width, height))?;
                    model.update(Msg::Resized { width, height });
                    frames.changed();
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(e.into()),
                None => return Ok(()),
            },
            () = frames.next(), if frames.is_due() => {
                drain(model, executor, &mut rx);
                terminal.draw(|f| crate::ui::draw(f, model))?;
                frames.drawn();
                shown_face = Some(crate::ui::clock_face(model));
                #[cfg(debug_assertions)]
                crash::panic_if_asked();
            }
            _ = clock.tick() => {
                let acted = tick(model, executor);
                if acted || shown_face != Some(crate::ui::clock_face(model)) {
                    frames.changed();
                }
            }
            n = rx.recv_many(&mut batch, BATCH), if !frames.is_due() => {
                if n == 0 {
                    return Ok(());
                }
                for msg in batch.drain(..) {
                    executor.perform(model.update(msg));
                }
                frames.changed();
            }
        }
        write_terminal_bytes(terminal, executor)?;
    }
    Ok(())
}

/// Writes what the effects asked for (the bell, desktop notifications) to the terminal, between
/// frames; none of it moves the cursor or changes a cell.
fn write_terminal_bytes(terminal: &mut DefaultTerminal, executor: &mut impl Driver) -> std::io::Result<()> {
    use std::io::Write;
    let bytes = executor.take_terminal_bytes();
    if bytes.is_empty() {
        return Ok(());
    }
    let out = terminal.backend_mut();
    out.write_all(&bytes)?;
    out.flush()
}

/// Applies the messages already queued, without waiting. While a frame is due the loop does
/// not wait on the queue (a feed then queues without waking it, thousands of times a second
/// under a heavy feed); the frame, and a key, take everything queued first.
fn drain(model: &mut Model, executor: &mut impl Driver, rx: &mut mpsc::Receiver<Msg>) {
    for _ in 0..QUEUE {
        match rx.try_recv() {
            Ok(msg) => executor.perform(model.update(msg)),
            Err(_) => return,
        }
    }
}

/// Updates the clock, then applies the key (the arming delay needs a fresh `now`).
fn on_key(model: &mut Model, executor: &mut impl Driver, key: &KeyEvent) {
    let _ = tick(model, executor);
    if let Some(msg) = model.key_msg(key) {
        executor.perform(model.update(msg));
    }
}

/// Moves the model's clocks; time-driven effects (order lookups, book resyncs) are performed.
/// Returns whether there were any: the state they come from may be on screen.
fn tick(model: &mut Model, executor: &mut impl Driver) -> bool {
    let (now, wall) = executor.clock();
    let effects = model.update(Msg::Tick { now, wall });
    let acted = !effects.is_empty();
    executor.perform(effects);
    acted
}

/// The embedded keymap overridden by the user file at `path`, when given. An error in the
/// file names it.
pub fn load_keymap(path: Option<&Path>) -> Result<Keymap, KeymapError> {
    let Some(path) = path else {
        return Keymap::builtin();
    };
    let shown = path.display().to_string();
    let user = std::fs::read_to_string(path)
        .map_err(|e| KeymapError::Read { path: shown.clone(), message: e.to_string() })?;
    Keymap::from_toml(crate::app::keymap::DEFAULT_KEYMAP, Some(&user))
        .map_err(|e| KeymapError::InFile { path: shown, source: Box::new(e) })
}
