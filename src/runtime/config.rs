//! What the dashboard is started with: [`DashboardConfig`] from the command line, where the
//! order journal lives, and the key bindings loaded before the terminal is taken.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::app::VenueLabel;
use crate::app::keymap::{Keymap, KeymapError};
use crate::coinbase::jwt::Clock;
use crate::coinbase::rest::RestClient;
use crate::credentials::Credentials;
use crate::domain::ProductId;

use super::alerts_file::AlertsLocation;
use super::config_file::Preferences;
use super::{paper_desk, record};

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
    /// Paper trading (`--paper`): orders and account loads go to the paper venue, the user
    /// feed is not started.
    pub paper: Option<paper_desk::PaperSetup>,
    /// The config file's other settings.
    pub preferences: Preferences,
}

/// Where the dashboard keeps its order journal (R-ORD1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalLocation {
    /// In memory: for the demo, whose embedded simulator (and its orders) dies with the process.
    InMemory,
    /// A SQLite file, normally [`Journal::default_path`](crate::journal::Journal::default_path).
    File(PathBuf),
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
