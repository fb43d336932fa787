//! The [`Model`]: everything the dashboard knows, changed only by [`Model::update`].
//!
//! `update` is synchronous and does no I/O: it reads no clock (time arrives in
//! [`Msg::Tick`] and feed messages) and returns the [`Effect`]s it wants performed.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{DateTime, Utc};

use super::keymap::Keymap;
use super::{Effect, Mode, Msg, VenueLabel};
use crate::domain::guards::RiskLimits;
use crate::domain::{ClientOrderIds, Granularity, Listing, NewOrder, ProductId, ProductRules};

pub mod account;
pub mod alerts;
pub mod book_cursor;
pub mod book_state;
pub mod candles;
mod clock;
pub mod conn;
mod defaults;
pub mod help;
pub mod intents;
pub mod journal;
mod key_check;
pub mod listing;
pub mod market;
mod nudge;
mod on_action;
mod on_alerts;
mod on_edit;
mod on_feed;
mod on_mouse;
mod on_palette;
mod on_panic;
pub mod on_preview;
mod on_rest;
mod on_ticket;
mod on_user;
mod on_watch;
mod overlay;
pub mod palette;
mod pane;
pub mod picker;
pub mod problem;
mod queries;
pub mod replay;
pub mod retry;
pub mod status;
pub mod ticket;
pub mod ticket_check;

use account::AccountState;
use alerts::Alerts;
use book_cursor::BookCursor;
use conn::Conn;
pub use defaults::{CHART_GRANULARITIES, DEFAULT_WATCH, RESYNC_EVERY, TICK_STEPS, TRADE_REFERENCE_AGE};
use intents::Intent;
pub use journal::TradingBlock;
use market::Market;
pub use on_action::short_id;
pub use on_alerts::Notice;
pub use on_edit::edit_of;
pub use on_user::RECONCILE_EVERY;
pub use overlay::Overlay;
pub use pane::{ModelInit, Pane};
pub use problem::Problem;
pub use queries::{BookStatus, VALUATION_QUOTE};
pub use replay::{ReplayControl, ReplayProgress};
use retry::Retry;
pub use status::{Severity, StatusMessage};
use ticket::Ticket;

/// An order sent and not answered yet.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingOrder {
    /// Exactly what was sent.
    pub request: NewOrder,
    /// When the intent was first sent (wall clock); a resubmit keeps the first time.
    pub sent: DateTime<Utc>,
    /// The ticket it came from, to review a resubmit with the same fields.
    pub ticket: Box<Ticket>,
}

/// The dashboard's state.
#[derive(Debug, Clone)]
pub struct Model {
    /// Venue label.
    pub venue: VenueLabel,
    /// Key bindings.
    pub keymap: Keymap,
    /// Monotonic now (from the last tick).
    pub now: Instant,
    /// Wall-clock now (from the last tick).
    pub wall: DateTime<Utc>,
    /// Whether API credentials are present.
    pub has_credentials: bool,
    /// Every product id, sorted.
    pub catalog: Vec<ProductId>,
    /// Watched products the catalogue does not have: named, never subscribed.
    pub unknown_products: Vec<ProductId>,
    /// Whether the market feed was started (after the watchlist was checked against the
    /// catalogue, or without that check when the catalogue could not be loaded).
    pub market_started: bool,
    /// Products of the catalogue that are not online (delisted, offline, disabled): watched
    /// ones stay in the watchlist, marked, and out of the market subscription.
    pub off_market: BTreeMap<ProductId, Listing>,
    /// When the catalogue was last requested (it is reloaded every
    /// [`listing::PRODUCTS_EVERY`]).
    pub products_asked_at: Option<Instant>,
    /// Trading rules by product.
    pub rules: BTreeMap<ProductId, ProductRules>,
    /// The watchlist.
    pub watch: Vec<ProductId>,
    /// Index of the focused product in the watchlist.
    pub selected: usize,
    /// Market data by product.
    pub markets: BTreeMap<ProductId, Market>,
    /// Focused pane.
    pub focus: Pane,
    /// The terminal's size (width, height), [`help::MIN_SCREEN`] until told.
    pub screen: (u16, u16),
    /// Current overlay.
    pub overlay: Overlay,
    /// The selected book level (a side and a price, not a row), if any.
    pub book_cursor: Option<BookCursor>,
    /// Index into [`TICK_STEPS`].
    pub tick_step: usize,
    /// Chart granularity.
    pub granularity: Granularity,
    /// Orders, balances, fills.
    pub account: AccountState,
    /// Market feed health.
    pub market_conn: Conn,
    /// User feed health.
    pub user_conn: Conn,
    /// Orders sent and not yet answered, by client order id.
    pub pending_orders: BTreeMap<String, PendingOrder>,
    /// The API key's type and rights, once the start-up key check answered.
    pub key_rights: Option<(String, crate::domain::KeyRights)>,
    /// Orders whose placement outcome is unknown (R-ORD4), by client order id.
    pub intents: BTreeMap<String, Intent>,
    /// Why the order journal cannot be used; trading is disabled while this is set.
    pub journal_error: Option<String>,
    /// When the market feed was last restarted because a resync brought no snapshot.
    pub market_restart_at: Option<Instant>,
    /// The last measured offset of the exchange's clock (server minus local, ms), if any.
    pub clock_offset_ms: Option<i64>,
    /// Failed loads waiting for their next attempt.
    pub retries: Vec<Retry>,
    /// The status-bar message (info, warning or error), if any.
    pub message: Option<StatusMessage>,
    /// Price alerts.
    pub alerts: Alerts,
    /// Recent notifications (alerts fired, orders filled or ended by the exchange), newest
    /// first, at most [`on_alerts::MAX_NOTICES`].
    pub notices: std::collections::VecDeque<Notice>,
    /// Products with a notification the user has not looked at (highlighted in the
    /// watchlist until the alert list is opened).
    pub flagged: std::collections::BTreeSet<ProductId>,
    /// The palette lines run in this session, oldest first (at most
    /// [`palette::HISTORY_MAX`]).
    pub palette_history: Vec<String>,
    /// Dry-run: every order stops at the exchange's preview and is never sent.
    pub dry_run: bool,
    /// The session is being recorded (`--record`): the status bar says REC.
    pub recording: bool,
    /// Paper trading: orders are filled locally against the live book, never sent.
    pub paper: bool,
    /// Set when the user quits.
    pub quit: bool,
    /// The source of client order ids; `update` takes ids only from here.
    pub ids: ClientOrderIds,
    /// The currency balances and P&L are valued in (the config file's `quote_currency`).
    pub quote: String,
    /// The pre-trade guards' thresholds (the config file's `[risk]`).
    pub limits: RiskLimits,
    /// Where the replay stands, once its source reported (only in `cbterm replay`).
    pub replay: Option<ReplayProgress>,
    /// The colour theme the screen is drawn in (the config file's `theme`, or `--theme`).
    pub theme: super::ThemeName,
}

impl Model {
    /// A model with nothing loaded yet.
    pub fn new(init: ModelInit) -> Self {
        let markets = init.watch.iter().map(|p| (p.clone(), Market::default())).collect();
        Self {
            venue: init.venue,
            keymap: init.keymap,
            now: init.now,
            wall: init.wall,
            has_credentials: init.has_credentials,
            catalog: Vec::new(),
            unknown_products: Vec::new(),
            market_started: false,
            off_market: BTreeMap::new(),
            products_asked_at: None,
            rules: BTreeMap::new(),
            watch: init.watch,
            selected: 0,
            markets,
            focus: Pane::Watchlist,
            screen: help::MIN_SCREEN,
            overlay: Overlay::None,
            book_cursor: None,
            tick_step: 0,
            granularity: Granularity::OneMinute,
            account: AccountState::default(),
            market_conn: Conn::off(),
            user_conn: Conn::off(),
            pending_orders: BTreeMap::new(),
            key_rights: None,
            intents: BTreeMap::new(),
            journal_error: None,
            market_restart_at: None,
            clock_offset_ms: None,
            retries: Vec::new(),
            message: None,
            alerts: Alerts { persist: true, ..Alerts::default() },
            notices: std::collections::VecDeque::new(),
            flagged: std::collections::BTreeSet::new(),
            palette_history: Vec::new(),
            dry_run: false,
            recording: false,
            paper: false,
            quit: false,
            ids: init.ids,
            quote: VALUATION_QUOTE.to_string(),
            limits: RiskLimits::default(),
            replay: None,
            theme: super::ThemeName::default(),
        }
    }

    /// The effects to run at start-up.
    pub fn start(&mut self) -> Vec<Effect> {
        self.products_asked_at = Some(self.now);
        let mut effects = vec![Effect::LoadProducts];
        if self.has_credentials {
            effects.extend([Effect::CheckKey, Effect::LoadFees, Effect::LoadOrderHistory]);
            effects.extend(self.reconcile());
        }
        if !self.watch.is_empty() {
            effects.extend(self.focus_loads());
        }
        effects
    }

    /// Applies one message; returns the effects it calls for.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        match msg {
            Msg::Tick { now, wall } => {
                self.now = now;
                self.wall = wall;
                self.expire_message();
                let mut effects = self.poll_intents();
                effects.extend(self.check_books());
                effects.extend(self.reconcile_due());
                effects.extend(self.retries_due());
                effects.extend(self.products_due());
                effects
            }
            Msg::Action(action) => self.on_action(action),
            Msg::Typed(c) => self.on_typed(c),
            Msg::Clicked(target) => self.on_click(target),
            Msg::Scrolled { target, lines } => self.on_scroll(target, lines),
            Msg::Resized { width, height } => {
                self.on_resize(width, height);
                Vec::new()
            }
            Msg::Feed { feed, event, at } => self.on_feed(feed, event, at),
            other => self.on_rest(other),
        }
    }

    /// The input mode, which selects the key bindings.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Overlay::None => Mode::Normal,
            Overlay::Help { .. } => Mode::Help,
            Overlay::Picker(_) => Mode::Picker,
            Overlay::ConfirmCancel { .. }
            | Overlay::ConfirmCancelAll { .. }
            | Overlay::ConfirmFlatten { .. } => Mode::Confirm,
            Overlay::Ticket(t) if t.stage == ticket::Stage::Editing => Mode::Ticket,
            Overlay::Ticket(_) => Mode::Review,
            Overlay::AlertForm(_) => Mode::AlertForm,
            Overlay::Alerts => Mode::Alerts,
            Overlay::Palette(_) => Mode::Palette,
            Overlay::Nudge { .. } => Mode::Nudge,
        }
    }
}
