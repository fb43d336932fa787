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

use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{Event, KeyEvent};
use ratatui::DefaultTerminal;
use tokio::sync::mpsc;

use crate::app::{Model, ModelInit, Msg};
use alerts_file::AlertsLocation;
pub use config::{DashboardConfig, JournalLocation, load_keymap};
pub use config_file::Preferences;
use driver::{Driver, apply};
use executor::Executor;
use frames::Frames;
use journal_open::{log_journal_opened, open_journal};
use terminal::{RestoreGuard, init_terminal, write_terminal_bytes};

pub mod alerts_file;
mod clock_sync;
mod config;
pub mod config_file;
mod crash;
mod driver;
mod executor;
pub mod saving;
pub use rest_effects::{execute, execute_recorded};
pub mod feeds;
mod frames;
mod input;
mod journal_open;
mod journaled;
mod mouse;
pub mod paper_desk;
pub mod record;
pub mod replay;
mod rest_effects;
mod terminal;

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

/// Runs the dashboard until the user quits or a termination signal (SIGTERM, SIGHUP, SIGINT)
/// arrives. Owns the terminal and captures the mouse: both are restored on return, on error,
/// on such a signal and on panic (`ratatui::init` installs the restoring panic hook,
/// [`mouse::capture`] one releasing the mouse).
pub async fn run(mut config: DashboardConfig) -> color_eyre::Result<()> {
    let (tx, rx) = mpsc::channel(QUEUE);
    let key_name = config.creds.as_ref().map(|c| c.name().to_string());
    config.record = config.record.map(|r| r.reporting_to(tx.clone()).redacting(key_name.as_deref()));
    let mut model = Model::new(ModelInit {
        venue: config.venue_label.clone(),
        keymap: config.keymap.clone(),
        watch: config.products.clone(),
        has_credentials: config.creds.is_some() || config.paper.is_some(),
        now: Instant::now(),
        wall: Utc::now(),
        ids: crate::domain::ClientOrderIds::random(),
    });
    model.dry_run = config.dry_run;
    model.recording = config.record.is_some();
    model.paper = config.paper.is_some();
    let prefs = &config.preferences;
    model.configure(prefs.quote.clone(), prefs.limits, prefs.default_product.as_ref());
    model.theme = prefs.theme;
    let (journal, opened) = open_journal(&config);
    log_journal_opened(&opened);
    let mut executor = Executor::new(&config, journal, tx);
    let mut start = model.update(opened);
    if let AlertsLocation::File(path) = &config.alerts {
        start.extend(model.update(alerts_file::load(path)));
    }
    start.extend(model.start());
    executor.perform(start);
    if config.paper.is_none() {
        executor.start_user_feed();
    }
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
    mouse::capture()?;
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
                // No drain first: the hit test reads the model as close to the last frame
                // (what the user aimed at) as it can be.
                Some(Ok(Event::Mouse(event))) => {
                    if let Some(msg) = mouse::to_msg(model, &event) {
                        executor.perform(model.update(msg));
                        frames.changed();
                    }
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
                    apply(model, executor, msg);
                }
                frames.changed();
            }
        }
        write_terminal_bytes(terminal, executor)?;
    }
    Ok(())
}

/// Applies the messages already queued, without waiting. While a frame is due the loop does
/// not wait on the queue (a feed then queues without waking it, thousands of times a second
/// under a heavy feed); the frame, and a key, take everything queued first.
fn drain(model: &mut Model, executor: &mut impl Driver, rx: &mut mpsc::Receiver<Msg>) {
    for _ in 0..QUEUE {
        match rx.try_recv() {
            Ok(msg) => apply(model, executor, msg),
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
