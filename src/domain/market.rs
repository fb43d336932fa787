//! Market data as the dashboard knows it: book events, trades, tickers, candles, products.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use serde::{Deserialize, Serialize};

use super::{ProductId, ProductRules, Side};

/// Side of a book level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BookSide {
    /// Buy orders.
    Bid,
    /// Sell orders.
    Ask,
}

/// Whether an event replaces what is known (a snapshot) or changes it (an update).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    /// The full current state (or recent history) as of subscribing.
    Snapshot,
    /// A live change.
    Update,
}

/// One level of a book event: the new **absolute** size at a price; zero removes the level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookLevel {
    /// Side.
    pub side: BookSide,
    /// Price.
    pub price: Decimal,
    /// New total size at the price.
    pub size: Decimal,
}

/// A level2 event of one product: a snapshot replaces the book, an update sets levels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookEvent {
    /// Product.
    pub product: ProductId,
    /// Snapshot or update.
    pub kind: EventKind,
    /// The levels.
    pub levels: Vec<BookLevel>,
}

/// One market trade.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trade {
    /// Venue trade id.
    pub id: String,
    /// Product.
    pub product: ProductId,
    /// Venue time.
    pub time: DateTime<Utc>,
    /// The aggressor (taker) side.
    pub taker: Side,
    /// Price.
    pub price: Decimal,
    /// Size in base units.
    pub size: Decimal,
}

/// A ticker of one product; every amount may be missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticker {
    /// Product.
    pub product: ProductId,
    /// Last price.
    pub price: Option<Decimal>,
    /// 24 h volume in base units.
    pub volume_24h: Option<Decimal>,
    /// 24 h change in percent.
    pub change_pct_24h: Option<Decimal>,
    /// Best bid.
    pub best_bid: Option<Decimal>,
    /// Best ask.
    pub best_ask: Option<Decimal>,
}

/// Candle bucket sizes, as Coinbase names them on the wire (`ONE_MINUTE` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Granularity {
    /// 1 minute.
    OneMinute,
    /// 5 minutes.
    FiveMinute,
    /// 15 minutes.
    FifteenMinute,
    /// 30 minutes.
    ThirtyMinute,
    /// 1 hour.
    OneHour,
    /// 2 hours.
    TwoHour,
    /// 4 hours.
    FourHour,
    /// 6 hours.
    SixHour,
    /// 1 day.
    OneDay,
}

impl Granularity {
    /// Every granularity, shortest first.
    pub const ALL: [Granularity; 9] = [
        Self::OneMinute,
        Self::FiveMinute,
        Self::FifteenMinute,
        Self::ThirtyMinute,
        Self::OneHour,
        Self::TwoHour,
        Self::FourHour,
        Self::SixHour,
        Self::OneDay,
    ];

    /// Bucket length in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Self::OneMinute => 60,
            Self::FiveMinute => 300,
            Self::FifteenMinute => 900,
            Self::ThirtyMinute => 1800,
            Self::OneHour => 3600,
            Self::TwoHour => 7200,
            Self::FourHour => 14_400,
            Self::SixHour => 21_600,
            Self::OneDay => 86_400,
        }
    }

    /// The wire name, `ONE_MINUTE`.
    pub fn as_wire(self) -> &'static str {
        match self {
            Self::OneMinute => "ONE_MINUTE",
            Self::FiveMinute => "FIVE_MINUTE",
            Self::FifteenMinute => "FIFTEEN_MINUTE",
            Self::ThirtyMinute => "THIRTY_MINUTE",
            Self::OneHour => "ONE_HOUR",
            Self::TwoHour => "TWO_HOUR",
            Self::FourHour => "FOUR_HOUR",
            Self::SixHour => "SIX_HOUR",
            Self::OneDay => "ONE_DAY",
        }
    }

    /// The short name: `1m`, `5m`, `15m`, `1h`, `6h`, `1d`.
    pub fn label(self) -> &'static str {
        match self {
            Self::OneMinute => "1m",
            Self::FiveMinute => "5m",
            Self::FifteenMinute => "15m",
            Self::ThirtyMinute => "30m",
            Self::OneHour => "1h",
            Self::TwoHour => "2h",
            Self::FourHour => "4h",
            Self::SixHour => "6h",
            Self::OneDay => "1d",
        }
    }

    /// Parses the wire name.
    pub fn from_wire(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_wire() == text)
    }
}

/// One OHLCV bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candle {
    /// Bucket start, UNIX seconds.
    pub start: i64,
    /// Open.
    pub open: Decimal,
    /// High.
    pub high: Decimal,
    /// Low.
    pub low: Decimal,
    /// Close.
    pub close: Decimal,
    /// Volume in base units.
    pub volume: Decimal,
}

/// Whether a product is listed: only an online product has a market feed to subscribe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Listed and online (trading may still be limited by its rules).
    Online,
    /// Temporarily offline.
    Offline,
    /// Delisted.
    Delisted,
    /// Disabled by the exchange.
    Disabled,
}

impl Listing {
    /// Whether market data can be subscribed.
    pub fn is_online(self) -> bool {
        self == Self::Online
    }

    /// The word shown for it.
    pub fn word(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Offline => "offline",
            Self::Delisted => "delisted",
            Self::Disabled => "disabled",
        }
    }
}

/// A product of the catalogue: its trading rules and its last 24 h.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    /// Trading rules (the id is `rules.id`).
    pub rules: ProductRules,
    /// Last price.
    pub price: Option<Decimal>,
    /// 24 h change in percent.
    pub change_pct_24h: Option<Decimal>,
    /// 24 h volume in base units.
    pub volume_24h: Option<Decimal>,
    /// Whether it is listed and online.
    pub listing: Listing,
}

impl Product {
    /// The product id.
    pub fn id(&self) -> &ProductId {
        &self.rules.id
    }
}
