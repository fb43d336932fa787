//! [`Pane`]: the panes that take focus, and [`ModelInit`]: how the model starts.

use std::time::Instant;

use chrono::{DateTime, Utc};

use crate::app::VenueLabel;
use crate::app::keymap::Keymap;
use crate::domain::{ClientOrderIds, ProductId};

/// The panes that take focus, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// Watchlist.
    Watchlist,
    /// Order book.
    Book,
    /// Trades tape.
    Trades,
    /// Chart.
    Chart,
    /// Open orders.
    Orders,
    /// Balances.
    Balances,
    /// Recent fills (drawn beside the balances).
    Fills,
}

impl Pane {
    /// Every pane in Tab order.
    pub const ALL: [Pane; 7] =
        [Pane::Watchlist, Pane::Book, Pane::Trades, Pane::Chart, Pane::Orders, Pane::Balances, Pane::Fills];
}

/// How the model starts.
#[derive(Debug, Clone)]
pub struct ModelInit {
    /// Venue shown in the status bar.
    pub venue: VenueLabel,
    /// Key bindings (for help and hints).
    pub keymap: Keymap,
    /// Watchlist; empty means the first [`DEFAULT_WATCH`](super::DEFAULT_WATCH) products.
    pub watch: Vec<ProductId>,
    /// Whether API credentials are present (user feed, balances, trading).
    pub has_credentials: bool,
    /// Monotonic now.
    pub now: Instant,
    /// Wall-clock now.
    pub wall: DateTime<Utc>,
    /// Where client order ids come from ([`ClientOrderIds::random`] in production).
    pub ids: ClientOrderIds,
}
