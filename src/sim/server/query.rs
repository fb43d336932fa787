//! Query strings of the list endpoints, parsed and checked as Coinbase's gateway does: array
//! parameters repeat their key, enum values must be one of the documented names, and a bad
//! value is a 400 `INVALID_ARGUMENT` naming the parameter (`parsing list "order_status":
//! "X" is not a valid value`).

use axum::response::Response;
use chrono::{DateTime, Utc};

use super::bad_request;

/// `order_status` values (List Orders).
pub const ORDER_STATUSES: &[&str] = &[
    "PENDING",
    "OPEN",
    "FILLED",
    "CANCELLED",
    "EXPIRED",
    "FAILED",
    "UNKNOWN_ORDER_STATUS",
    "QUEUED",
    "CANCEL_QUEUED",
    "EDIT_QUEUED",
];
/// `product_type` values.
pub const PRODUCT_TYPES: &[&str] = &["UNKNOWN_PRODUCT_TYPE", "SPOT", "FUTURE"];
/// `product_type` values of `GET /transaction_summary`.
pub const SUMMARY_PRODUCT_TYPES: &[&str] = &["SPOT", "FUTURE", "EQUITY", "OPTION_GROUP", "FUTURE_GROUP"];
/// `order_side` values.
pub const ORDER_SIDES: &[&str] = &["BUY", "SELL"];
/// `time_in_forces` values.
pub const TIME_IN_FORCES: &[&str] =
    &["GOOD_UNTIL_DATE_TIME", "GOOD_UNTIL_CANCELLED", "IMMEDIATE_OR_CANCEL", "FILL_OR_KILL"];
/// `order_types` values.
pub const ORDER_TYPES: &[&str] = &[
    "UNKNOWN_ORDER_TYPE",
    "MARKET",
    "LIMIT",
    "STOP",
    "STOP_LIMIT",
    "BRACKET",
    "TWAP",
    "ROLL_OPEN",
    "ROLL_CLOSE",
    "LIQUIDATION",
    "SCALED",
];
/// `order_placement_source` values.
pub const PLACEMENT_SOURCES: &[&str] = &["UNKNOWN_PLACEMENT_SOURCE", "RETAIL_SIMPLE", "RETAIL_ADVANCED"];

/// Query pairs in order, keys repeated for arrays.
pub struct Params(Vec<(String, String)>);

#[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
impl Params {
    /// Parses a raw query string.
    pub fn parse(raw: Option<String>) -> Self {
        let raw = raw.unwrap_or_default();
        Self(url::form_urlencoded::parse(raw.as_bytes()).into_owned().collect())
    }

    /// Every value of `key`.
    pub fn all(&self, key: &str) -> Vec<String> {
        self.0.iter().filter(|(k, _)| k == key).map(|(_, v)| v.clone()).collect()
    }

    /// The first value of `key`.
    pub fn one(&self, key: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// `key` parsed as a number, or `default`; a malformed value is a 400.
    pub fn number(&self, key: &str, default: usize) -> Result<usize, Response> {
        match self.one(key) {
            None | Some("") => Ok(default),
            Some(v) => v.parse().map_err(|_| bad_request(&format!("{key} must be a whole number"))),
        }
    }

    /// Every value of the array parameter `key`, each one of `allowed`.
    pub fn enums(&self, key: &str, allowed: &[&str]) -> Result<Vec<String>, Response> {
        let values = self.all(key);
        match values.iter().find(|v| !allowed.contains(&v.as_str())) {
            Some(bad) => Err(bad_request(&format!("parsing list \"{key}\": \"{bad}\" is not a valid value"))),
            None => Ok(values),
        }
    }

    /// The single enum parameter `key`, one of `allowed`.
    pub fn enum_one(&self, key: &str, allowed: &[&str]) -> Result<Option<String>, Response> {
        match self.one(key) {
            Some(v) if !allowed.contains(&v) => {
                Err(bad_request(&format!("parsing field \"{key}\": \"{v}\" is not a valid value")))
            }
            v => Ok(v.map(str::to_string)),
        }
    }

    /// The RFC 3339 time parameter `key`.
    pub fn time(&self, key: &str) -> Result<Option<DateTime<Utc>>, Response> {
        match self.one(key).map(|v| (v, DateTime::parse_from_rfc3339(v))) {
            None => Ok(None),
            Some((_, Ok(t))) => Ok(Some(t.with_timezone(&Utc))),
            Some((v, Err(_))) => {
                Err(bad_request(&format!("parsing field \"{key}\": \"{v}\" is not a valid RFC 3339 time")))
            }
        }
    }
}

/// A time window: `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, Default)]
pub struct Window {
    /// Earliest time kept.
    pub start: Option<DateTime<Utc>>,
    /// First time no longer kept.
    pub end: Option<DateTime<Utc>>,
}

impl Window {
    /// Reads `start_key` and `end_key`.
    #[allow(clippy::result_large_err, reason = "an axum Response is a handler helper's natural error")]
    pub fn parse(params: &Params, start_key: &str, end_key: &str) -> Result<Self, Response> {
        Ok(Self { start: params.time(start_key)?, end: params.time(end_key)? })
    }

    /// Whether `t` falls inside.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start.is_none_or(|s| t >= s) && self.end.is_none_or(|e| t < e)
    }
}

/// Whether a filter list keeps `value`: an empty list keeps everything.
pub fn keeps(list: &[String], value: &str) -> bool {
    list.is_empty() || list.iter().any(|v| v == value)
}

/// Whether a `product_type` filter keeps the simulator's products, which are all SPOT.
pub fn keeps_spot(product_type: Option<&str>) -> bool {
    !matches!(product_type, Some("FUTURE"))
}
