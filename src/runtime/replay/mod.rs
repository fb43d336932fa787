//! `cbterm replay`: the dashboard driven by a recording, with no network. The [`source`]
//! reads the recording off the event loop and delivers its messages at the recorded pace
//! ([`pace`]); the [`executor`] answers no load and sends no order; the model runs on the
//! recording's clock, so what was live then is live now, and a paused replay stands still.

use std::time::Instant;

use chrono::{DateTime, Utc};
use tokio::sync::mpsc;

use super::{Driver, Preferences, QUEUE};
use crate::app::keymap::Keymap;
use crate::app::{Effect, Model, ModelInit, Msg, VenueLabel};
use crate::domain::{ClientOrderIds, ProductId};
pub use executor::{NOT_SENT, ReplayExecutor};
pub use pace::Pace;
pub use recording::open;
pub use source::{Line, Lines, Plan, Source, Span};

pub mod executor;
pub mod pace;
mod recording;
pub mod source;

/// Everything a replay needs from the command line.
pub struct ReplayConfig {
    /// What to play and how.
    pub source: Source,
    /// The key bindings.
    pub keymap: Keymap,
    /// Watchlist; empty means the first products of the recorded catalogue.
    pub products: Vec<ProductId>,
    /// The config file's other settings (nothing is written back).
    pub preferences: Preferences,
    /// Paper trading on the recording's market (`--paper`): an account kept in memory.
    pub paper: Option<super::paper_desk::PaperSetup>,
}

impl Driver for ReplayExecutor {
    fn perform(&mut self, effects: Vec<Effect>) {
        ReplayExecutor::perform(self, effects);
    }
    fn take_terminal_bytes(&mut self) -> Vec<u8> {
        ReplayExecutor::take_terminal_bytes(self)
    }
    fn clock(&self) -> (Instant, DateTime<Utc>) {
        ReplayExecutor::clock(self)
    }
    fn observe(&mut self, msg: &Msg) {
        ReplayExecutor::observe(self, msg);
    }
}

/// Starts a replay without a terminal: the model (on the recording's clock, its start-up
/// effects performed) and the executor; the recording's messages arrive on the returned
/// receiver. [`run`] puts it on screen; tests drive it headless.
pub fn start(config: ReplayConfig) -> (Model, ReplayExecutor, mpsc::Receiver<Msg>) {
    let (tx, rx) = mpsc::channel(QUEUE);
    let (controls, control_rx) = mpsc::unbounded_channel();
    let (_player, clock) = source::spawn(config.source, tx.clone(), control_rx);
    let mut executor = ReplayExecutor::new(tx.clone(), controls, clock);
    if let Some(setup) = config.paper.clone() {
        executor = executor.with_paper(super::paper_desk::PaperDesk::start(setup, false, tx));
    }
    let (now, wall) = executor.clock();
    let mut model = Model::new(ModelInit {
        venue: VenueLabel::Replay,
        keymap: config.keymap,
        watch: config.products,
        has_credentials: true,
        now,
        wall,
        ids: ClientOrderIds::random(),
    });
    let prefs = &config.preferences;
    model.configure(prefs.quote.clone(), prefs.limits, prefs.default_product.as_ref());
    model.alerts.persist = false;
    model.paper = config.paper.is_some();
    let mut effects = model.update(Msg::JournalOpened { orders: Vec::new(), cancels: Vec::new() });
    effects.extend(model.start());
    executor.perform(effects);
    (model, executor, rx)
}

/// Runs the replay on screen until the user quits (the end of the recording leaves its last
/// state on screen).
pub async fn run(config: ReplayConfig) -> color_eyre::Result<()> {
    let (mut model, mut executor, rx) = start(config);
    tracing::info!("replay started");
    super::drive(&mut model, &mut executor, rx).await
}

#[cfg(test)]
mod tests;
