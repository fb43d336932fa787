//! [`Msg`]: every fact the model learns, in the past tense.

use std::time::Instant;

use chrono::{DateTime, Utc};

use super::Action;
use super::model::ReplayProgress;
use super::model::alerts::Alert;
use crate::domain::{
    Balance, CancelOutcome, Candle, EditEstimate, EditOrder, FeeTier, FeedEvent, Fill, Granularity, NewOrder,
    OrderPreview, OrderRecord, Product, ProductId, Refusal, Trade, UnresolvedOrder,
};

/// Which WebSocket connection an event came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedKind {
    /// Public market data: heartbeats, ticker, level2, market trades, candles.
    Market,
    /// The authenticated `user` channel.
    User,
}

/// Which REST request failed, for [`Msg::RequestFailed`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `GET /products`.
    Products,
    /// `GET /accounts`.
    Accounts,
    /// Open orders.
    OpenOrders,
    /// Recent fills.
    Fills,
    /// Recent done orders.
    OrderHistory,
    /// `GET /transaction_summary`.
    Fees,
    /// Candles of a product.
    Candles(ProductId),
    /// Recent trades of a product.
    Trades(ProductId),
    /// A batch cancel of these order ids.
    Cancel(Vec<String>),
    /// The lookup of an intent whose outcome is unknown, by client order id.
    FindOrder(String),
    /// Orders of every status after a user-channel gap.
    OrdersSince,
}

impl Request {
    /// What is loaded, in words ("products", "BTC-USD candles").
    pub fn noun(&self) -> String {
        match self {
            Request::Products => "products".into(),
            Request::Accounts => "balances".into(),
            Request::OpenOrders => "open orders".into(),
            Request::Fills => "fills".into(),
            Request::OrderHistory => "order history".into(),
            Request::Fees => "fee rates".into(),
            Request::Candles(p) => format!("{p} candles"),
            Request::Trades(p) => format!("{p} trades"),
            Request::Cancel(ids) => format!("{} cancel(s)", ids.len()),
            Request::FindOrder(id) => format!("order {}", id.get(..8).unwrap_or(id)),
            Request::OrdersSince => "orders changed during the user-channel gap".into(),
        }
    }

    /// What was being loaded, in words.
    pub fn describe(&self) -> String {
        match self {
            Request::Products => "loading products".into(),
            Request::Accounts => "loading balances".into(),
            Request::OpenOrders => "loading open orders".into(),
            Request::Fills => "loading fills".into(),
            Request::OrderHistory => "loading order history".into(),
            Request::Fees => "loading fee rates".into(),
            Request::Candles(p) => format!("loading {p} candles"),
            Request::Trades(p) => format!("loading {p} trades"),
            Request::Cancel(ids) => format!("cancelling {} order(s)", ids.len()),
            Request::FindOrder(id) => format!("looking up order {}", id.get(..8).unwrap_or(id)),
            Request::OrdersSince => "listing orders changed during the user-channel gap".into(),
        }
    }
}

/// Why an edit did not go through.
#[derive(Debug, Clone, PartialEq)]
pub enum EditFailure {
    /// Refused: the order is as it was.
    Refused(Refusal),
    /// No answer (timeout, connection lost, 5xx): the order may or may not be edited.
    Unknown(String),
}

/// Everything that can happen to the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// The user asked for something (a bound key).
    Action(Action),
    /// An unbound printable key typed into the focused text field.
    Typed(char),
    /// The terminal is this size now (sent at start and on every resize).
    Resized {
        /// Columns.
        width: u16,
        /// Rows.
        height: u16,
    },
    /// Time passed: the monotonic clock (ages, staleness, arming) and the wall clock (order ages,
    /// expiry). The model never reads a clock itself.
    Tick {
        /// Monotonic now.
        now: Instant,
        /// Wall-clock now.
        wall: DateTime<Utc>,
    },
    /// A WebSocket feed reported something.
    Feed {
        /// Which connection.
        feed: FeedKind,
        /// What happened.
        event: FeedEvent,
        /// When it was received (monotonic).
        at: Instant,
    },
    /// The product catalogue arrived.
    ProductsLoaded(Vec<Product>),
    /// Balances arrived, one per account.
    AccountsLoaded(Vec<Balance>),
    /// The open orders arrived; taken as a listing made now (see [`Msg::OpenOrdersListed`]).
    OpenOrdersLoaded(Vec<OrderRecord>),
    /// The open orders arrived from a request sent at `requested_at`: rows for orders the
    /// user channel reported on at or after that moment are older than what is known.
    OpenOrdersListed {
        /// When the request was sent (monotonic, the clock of [`Msg::Feed`]'s `at`).
        requested_at: Instant,
        /// The orders.
        orders: Vec<OrderRecord>,
    },
    /// Orders of every status listed after a user-channel gap (R-ORD7 step 2), from a request
    /// sent at `requested_at`; each is applied like a user-channel report.
    OrdersListedSince {
        /// When the request was sent (monotonic).
        requested_at: Instant,
        /// The orders.
        orders: Vec<OrderRecord>,
    },
    /// The most recent done orders arrived (filled, cancelled, expired, failed).
    OrderHistoryLoaded(Vec<OrderRecord>),
    /// Recent fills arrived, newest first.
    FillsLoaded(Vec<Fill>),
    /// Fee rates arrived (`None`: the venue gave none).
    FeesLoaded(Option<FeeTier>),
    /// The start-up key check answered: the key's type and rights.
    KeyChecked {
        /// The key's type in words (`ECDSA P-256 (ES256)`).
        key_type: String,
        /// What it may do.
        rights: crate::domain::KeyRights,
    },
    /// The start-up key check failed: what is wrong and the fix, in plain words.
    KeyCheckFailed {
        /// The problem, naming what the exchange said.
        problem: String,
        /// What to do about it.
        fix: String,
    },
    /// Candles arrived (in any order).
    CandlesLoaded {
        /// The product.
        product: ProductId,
        /// Their granularity.
        granularity: Granularity,
        /// The candles.
        candles: Vec<Candle>,
    },
    /// Recent market trades arrived (newest first).
    TradesLoaded {
        /// The product.
        product: ProductId,
        /// The trades.
        trades: Vec<Trade>,
    },
    /// The exchange accepted an order.
    OrderAccepted {
        /// Our id of the intent.
        client_order_id: String,
        /// The exchange's order id.
        order_id: String,
    },
    /// The exchange definitively refused an order (nothing was placed).
    OrderRejected {
        /// Our id of the intent.
        client_order_id: String,
        /// Why.
        refusal: Refusal,
    },
    /// The exchange answered a preview of `order`, or the preview could not be had (the
    /// error in plain words).
    OrderPreviewed {
        /// The order previewed, exactly as the review card would send it.
        order: NewOrder,
        /// The answer.
        preview: Result<OrderPreview, String>,
    },
    /// The outcome of an order request is unknown (timeout, connection lost, 5xx).
    OrderUnknown {
        /// Our id of the intent.
        client_order_id: String,
        /// What went wrong.
        reason: String,
    },
    /// The lookup of an unknown-outcome intent finished (R-ORD4).
    OrderLookedUp {
        /// The intent's id.
        client_order_id: String,
        /// The order with that client order id, if the exchange has one.
        order: Option<Box<OrderRecord>>,
    },
    /// The exchange answered an edit preview: its estimate, or why the edit would be refused.
    EditPreviewed {
        /// The edit previewed.
        edit: EditOrder,
        /// The estimate, or the refusal.
        result: Result<EditEstimate, Refusal>,
    },
    /// The exchange answered an edit: done (the order keeps its id), or refused.
    EditAnswered {
        /// The edit sent.
        edit: EditOrder,
        /// `Ok` when the exchange accepted it.
        result: Result<(), EditFailure>,
    },
    /// The exchange answered a batch cancel, one outcome per id.
    CancelsAnswered(Vec<CancelOutcome>),
    /// The exchange's clock was measured (R-AUTH3): server time minus local time.
    ClockMeasured {
        /// The offset in milliseconds.
        offset_ms: i64,
    },
    /// A REST request failed.
    RequestFailed {
        /// Which one.
        request: Request,
        /// Why, in plain words.
        reason: String,
    },
    /// The order journal opened (R-ORD1) with what the last session left unresolved: those
    /// orders are looked up by client order id before trading is enabled; the cancels are
    /// not resent, their orders show as the exchange lists them.
    JournalOpened {
        /// Create intents without an outcome, oldest first.
        orders: Vec<UnresolvedOrder>,
        /// Cancels without an answer (the exchange order ids of each).
        cancels: Vec<Vec<String>>,
    },
    /// The order journal cannot be opened: trading stays disabled.
    JournalFailed {
        /// Why, in plain words.
        reason: String,
    },
    /// The alerts file was read (empty when there is none yet).
    AlertsLoaded(Vec<Alert>),
    /// The alerts file exists but cannot be used; it is left as it is.
    AlertsUnreadable {
        /// The file.
        path: String,
        /// Why, in plain words.
        reason: String,
    },
    /// Writing the alerts file failed.
    AlertsNotSaved {
        /// Why, in plain words.
        reason: String,
    },
    /// Writing the watchlist to the config file failed.
    WatchlistNotSaved {
        /// Why, in plain words (the file and the error).
        reason: String,
    },
    /// The session recording (`--record`) is dropping lines or stopped writing.
    RecordingTrouble {
        /// What is wrong, in plain words (names the file).
        problem: String,
    },
    /// An order was not sent because the journal could not record it; trading is disabled.
    OrderNotJournaled {
        /// The intent's id.
        client_order_id: String,
        /// Why, in plain words.
        reason: String,
    },
    /// The replay source reports where the replay stands (`cbterm replay` only).
    ReplayProgress(ReplayProgress),
}
