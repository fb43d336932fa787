//! Opening the dashboard: the config file's settings under the command line's, then the
//! runtime.

use std::path::PathBuf;

use super::venue::product_ids;
use super::{CliError, Venue, VenueKind};
use crate::app::VenueLabel;
use crate::config::Config;
use crate::runtime::alerts_file::AlertsLocation;
use crate::runtime::record::{Limits, Recorder};
use crate::runtime::{self, DashboardConfig, JournalLocation, Preferences};

/// The dashboard's settings: the loaded config file, where it lives, and the flags over it.
#[derive(Debug)]
pub struct DashboardSettings<'a> {
    /// The config file's settings (defaults when there is no file).
    pub config: Config,
    /// The config file, where an edited watchlist is saved.
    pub path: PathBuf,
    /// `--products`.
    pub products: &'a [String],
    /// `--keymap`.
    pub keymap: Option<PathBuf>,
    /// `--dry-run`: orders stop at the exchange's preview.
    pub dry_run: bool,
    /// `--record FILE`.
    pub record: Option<PathBuf>,
}

impl DashboardSettings<'_> {
    /// The config file's settings under the flags, and the keymap they name (refused before
    /// the terminal is taken when the file is missing or bad).
    pub fn resolve(&self) -> Result<(Config, crate::app::Keymap), CliError> {
        let config = self.config.clone().with_flags(product_ids(self.products)?, self.keymap.clone());
        if let Some(path) = &config.keymap
            && !path.is_file()
        {
            return Err(CliError::Usage(format!("keymap file {} does not exist", path.display())));
        }
        let keymap =
            runtime::load_keymap(config.keymap.as_deref()).map_err(|e| CliError::Usage(e.to_string()))?;
        Ok((config, keymap))
    }
}

/// Opens the dashboard on the venue; logs go to a file while it owns the terminal.
pub async fn dashboard(
    venue: &Venue,
    settings: DashboardSettings<'_>,
    log_level: &str,
) -> Result<(), CliError> {
    let (market_ws, user_ws) = venue.ws_urls()?;
    let (config, keymap) = settings.resolve()?;
    let record = settings.record.as_deref().map(start_recording).transpose()?;
    let _guard = super::logging::init(log_level)?;
    tracing::info!(venue = ?venue.kind, dry_run = settings.dry_run, "dashboard starting");
    let venue_label = match &venue.kind {
        VenueKind::Demo => VenueLabel::Demo,
        VenueKind::Live => VenueLabel::Live,
        VenueKind::Custom(url) => VenueLabel::Custom(url.clone()),
    };
    let config = DashboardConfig {
        rest: venue.rest.clone(),
        market_ws,
        user_ws,
        creds: venue.creds.clone(),
        clock: venue.clock.clone(),
        venue_label,
        products: config.watchlist,
        keymap,
        journal: match venue.kind {
            VenueKind::Demo => JournalLocation::InMemory,
            _ => JournalLocation::File(crate::journal::Journal::default_path()),
        },
        alerts: match venue.kind {
            VenueKind::Demo => AlertsLocation::InMemory,
            _ => AlertsLocation::File(runtime::alerts_file::default_path()),
        },
        preferences: Preferences {
            quote: config.quote_currency,
            limits: config.risk,
            default_product: config.default_product,
            watchlist_file: Some(settings.path),
        },
        dry_run: settings.dry_run,
        record,
    };
    runtime::run(config).await.map_err(|e| CliError::Failed(format!("the dashboard stopped: {e}")))
}

/// Creates the recording file: a path that cannot be written is a usage error, before the
/// terminal is taken.
fn start_recording(path: &std::path::Path) -> Result<Recorder, CliError> {
    Recorder::create(path, Limits::DEFAULT)
        .map_err(|e| CliError::Usage(format!("--record: cannot write {}: {e}", path.display())))
}
