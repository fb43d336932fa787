//! One line of a recording (`/work/notes/format.md`): when it was received and what it was.
//!
//! ```text
//! {"at":"2026-12-04T19:00:00.123456Z","ws":"market","msg":{…the frame as received…}}
//! {"at":"…","feed":"market","state":"connected"}
//! {"at":"…","rest":"candles","product":"BTC-USD","granularity":"ONE_MINUTE","body":{…}}
//! {"at":"…","order":"place","body":{…the create-order request as sent…}}
//! {"at":"…","order":"answer","of":"place","client_order_id":"…","result":"accepted","detail":"…"}
//! ```
//!
//! The JSON shape is flat (the kind is whichever of `ws`, `feed`, `rest`, `order` is present),
//! so the line is read through [`Line`], whose fields are all optional, then checked into a
//! [`Recorded`]. Embedded WebSocket frames and REST bodies stay verbatim ([`Json`]).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::app::FeedKind;
use crate::domain::{Granularity, ProductId};

/// Embedded JSON kept as received; compared by its text.
#[derive(Debug, Clone)]
pub struct Json(pub Box<RawValue>);

impl Json {
    /// `text` as embedded JSON, if it is JSON.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        RawValue::from_string(text.to_string()).map(Json)
    }

    /// The JSON of a serializable value.
    pub fn of<T: Serialize>(value: &T) -> Result<Self, serde_json::Error> {
        serde_json::value::to_raw_value(value).map(Json)
    }

    /// The text.
    pub fn get(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for Json {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

/// One recorded line: its receive time and what was received or sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// Receive (or send) time, kept to the microsecond.
    pub at: DateTime<Utc>,
    /// What happened.
    pub entry: Entry,
}

/// What a line holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    /// A WebSocket text frame the feed accepted, verbatim.
    Ws {
        /// Which connection.
        feed: FeedKind,
        /// The frame.
        msg: Json,
    },
    /// A feed's connection state changed.
    State {
        /// Which connection.
        feed: FeedKind,
        /// The new state.
        state: FeedState,
    },
    /// A REST answer the dashboard loaded.
    Rest {
        /// Which request.
        kind: RestKind,
        /// The body (the wire type as received, see [`RestKind`]).
        body: Json,
    },
    /// An order action or its answer.
    Order(OrderLine),
}

/// A feed's connection state, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedState {
    /// Opening connection attempt `attempt` (`"attempt"`, 1 when absent).
    Connecting {
        /// Attempt number.
        attempt: u32,
    },
    /// Every channel acknowledged.
    Connected,
    /// The connection ended (`"reason"`; `"retry_in_ms"`, 0 when absent).
    Disconnected {
        /// Why.
        reason: String,
        /// Wait before the next attempt, in milliseconds.
        retry_in_ms: u64,
    },
    /// Sequence numbers were skipped (`"expected"`, `"got"`).
    Gap {
        /// Expected number.
        expected: u64,
        /// Received number.
        got: u64,
    },
    /// The feed stopped for good (`"reason"`).
    Failed {
        /// Why.
        reason: String,
    },
}

/// Which REST answer a `rest` line holds. Bodies are the wire page types with every page
/// merged: `products` a `ProductsResponse`, `accounts` an `AccountsPage`, `open_orders` and
/// `history` an `OrdersPage`, `fills` a `FillsPage`, `fees` a `TransactionSummary`, `candles`
/// a `CandlesResponse`, `trades` a `MarketTradesResponse`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestKind {
    /// `GET /products`.
    Products,
    /// `GET /accounts`.
    Accounts,
    /// The open orders.
    OpenOrders,
    /// Recent done orders.
    History,
    /// Recent fills.
    Fills,
    /// `GET /transaction_summary`.
    Fees,
    /// Candles of `product` (`"product"`, `"granularity"`).
    Candles {
        /// The product.
        product: ProductId,
        /// The bucket size.
        granularity: Granularity,
    },
    /// Recent trades of `product` (`"product"`).
    Trades {
        /// The product.
        product: ProductId,
    },
}

/// The order actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderAction {
    /// `POST /orders`.
    Place,
    /// `POST /orders/batch_cancel`.
    Cancel,
    /// `POST /orders/edit`.
    Edit,
}

impl OrderAction {
    /// The name on a line: `place`, `cancel`, `edit`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Place => "place",
            Self::Cancel => "cancel",
            Self::Edit => "edit",
        }
    }
}

/// How the exchange answered an order action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Done.
    Accepted,
    /// Refused: nothing changed.
    Rejected,
    /// No answer: it may or may not have been done.
    Unknown,
}

/// An order line.
#[derive(Debug, Clone, PartialEq)]
pub enum OrderLine {
    /// A request as sent (`"order":"place"|"cancel"|"edit"`, `"body"`).
    Request {
        /// Which action.
        action: OrderAction,
        /// The request body.
        body: Json,
    },
    /// Its answer (`"order":"answer"`).
    Answer {
        /// Which action it answers.
        of: OrderAction,
        /// The intent's client order id (empty for a cancel).
        client_order_id: String,
        /// The outcome.
        result: Outcome,
        /// The exchange's words (order id, reason).
        detail: String,
    },
}

/// The receive time as written: RFC 3339 UTC with microseconds.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The feed's name on a line.
pub fn feed_name(feed: FeedKind) -> &'static str {
    match feed {
        FeedKind::Market => "market",
        FeedKind::User => "user",
    }
}

/// The feed named `name`.
pub fn feed_named(name: &str) -> Option<FeedKind> {
    match name {
        "market" => Some(FeedKind::Market),
        "user" => Some(FeedKind::User),
        _ => None,
    }
}

/// A line's JSON object, every field optional: what the file holds before its kind is known.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Line {
    /// Receive time.
    #[serde(default, with = "micros")]
    pub at: Option<DateTime<Utc>>,
    /// `"market"`/`"user"`: a WebSocket frame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ws: Option<String>,
    /// The frame.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub msg: Option<Box<RawValue>>,
    /// `"market"`/`"user"`: a connection state.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feed: Option<String>,
    /// The state's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<String>,
    /// Connection attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempt: Option<u32>,
    /// Why a connection ended.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Wait before the next attempt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_in_ms: Option<u64>,
    /// Gap: expected sequence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<u64>,
    /// Gap: received sequence number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub got: Option<u64>,
    /// A REST answer's kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rest: Option<String>,
    /// Its product.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product: Option<ProductId>,
    /// Its candle granularity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granularity: Option<Granularity>,
    /// An order action (`place`, `cancel`, `edit`, `answer`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<String>,
    /// REST answer or order request body.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Box<RawValue>>,
    /// The action an answer is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<OrderAction>,
    /// The intent an answer is of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_order_id: Option<String>,
    /// An answer's outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Outcome>,
    /// An answer's detail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// `at` as RFC 3339 with exactly six fractional digits.
mod micros {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(at: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => s.serialize_str(&super::timestamp(*at)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        Option::<DateTime<Utc>>::deserialize(d)
    }
}
