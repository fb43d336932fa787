//! Order configurations: Coinbase's one-of `order_configuration` and its field structs.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Direction a stop-limit order triggers in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
pub enum StopDirection {
    /// Triggers when the last trade rises to the stop price.
    #[serde(rename = "STOP_DIRECTION_STOP_UP")]
    Up,
    /// Triggers when the last trade falls to the stop price.
    #[serde(rename = "STOP_DIRECTION_STOP_DOWN")]
    Down,
}

/// Coinbase's `order_configuration`: exactly one of these keys with its fields.
///
/// This type is both the domain value and its wire form, because Coinbase's one-of object is
/// already the shape of the domain: `{"limit_limit_gtc": {"base_size": "0.001",
/// "limit_price": "60000.10", "post_only": true}}`. Decimals are strings on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrderConfig {
    /// Market order, immediate-or-cancel.
    #[serde(rename = "market_market_ioc")]
    MarketIoc(MarketIoc),
    /// Smart-order-routed limit, immediate-or-cancel.
    #[serde(rename = "sor_limit_ioc")]
    SorLimitIoc(LimitIoc),
    /// Limit, good till cancelled.
    #[serde(rename = "limit_limit_gtc")]
    LimitGtc(LimitGtc),
    /// Limit, good till a date.
    #[serde(rename = "limit_limit_gtd")]
    LimitGtd(LimitGtd),
    /// Limit, fill or kill.
    #[serde(rename = "limit_limit_fok")]
    LimitFok(LimitIoc),
    /// Stop-limit, good till cancelled.
    #[serde(rename = "stop_limit_stop_limit_gtc")]
    StopLimitGtc(StopLimit),
    /// Stop-limit, good till a date (`end_time` set).
    #[serde(rename = "stop_limit_stop_limit_gtd")]
    StopLimitGtd(StopLimit),
    /// Bracket (take-profit limit plus stop trigger), good till cancelled.
    #[serde(rename = "trigger_bracket_gtc")]
    BracketGtc(Bracket),
    /// Bracket, good till a date (`end_time` set).
    #[serde(rename = "trigger_bracket_gtd")]
    BracketGtd(Bracket),
}

/// Fields of `market_market_ioc`: exactly one of `quote_size` and `base_size`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MarketIoc {
    /// Quote amount to spend (buys only).
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::decimal::opt")]
    pub quote_size: Option<Decimal>,
    /// Base amount to trade.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::decimal::opt")]
    pub base_size: Option<Decimal>,
}

/// Fields of `sor_limit_ioc` and `limit_limit_fok`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitIoc {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Worst acceptable price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
}

/// Fields of `limit_limit_gtc`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitGtc {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Limit price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Reject instead of taking liquidity.
    #[serde(default)]
    pub post_only: bool,
}

/// Fields of `limit_limit_gtd`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitGtd {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Limit price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Expiry (RFC 3339).
    pub end_time: DateTime<Utc>,
    /// Reject instead of taking liquidity.
    #[serde(default)]
    pub post_only: bool,
}

/// Fields of `stop_limit_stop_limit_gtc` / `_gtd`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopLimit {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Limit price once triggered.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Last-trade price that triggers the order.
    #[serde(with = "crate::decimal::str")]
    pub stop_price: Decimal,
    /// Which way the last trade must move to trigger.
    pub stop_direction: StopDirection,
    /// Expiry, only for the GTD variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<Utc>>,
}

/// Fields of `trigger_bracket_gtc` / `_gtd`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bracket {
    /// Base amount.
    #[serde(with = "crate::decimal::str")]
    pub base_size: Decimal,
    /// Take-profit limit price.
    #[serde(with = "crate::decimal::str")]
    pub limit_price: Decimal,
    /// Stop-loss trigger price.
    #[serde(with = "crate::decimal::str")]
    pub stop_trigger_price: Decimal,
    /// Expiry, only for the GTD variant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_time: Option<DateTime<Utc>>,
}

/// Time in force, with Coinbase's names on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, clap::ValueEnum)]
pub enum TimeInForce {
    /// Good till cancelled (`GOOD_UNTIL_CANCELLED`).
    #[serde(rename = "GOOD_UNTIL_CANCELLED")]
    Gtc,
    /// Good till --end-time (`GOOD_UNTIL_DATE_TIME`).
    #[serde(rename = "GOOD_UNTIL_DATE_TIME")]
    Gtd,
    /// Immediate or cancel (`IMMEDIATE_OR_CANCEL`).
    #[serde(rename = "IMMEDIATE_OR_CANCEL")]
    Ioc,
    /// Fill or kill (`FILL_OR_KILL`).
    #[serde(rename = "FILL_OR_KILL")]
    Fok,
}

impl OrderConfig {
    /// Coinbase's `order_type` for this configuration.
    pub fn order_type(&self) -> &'static str {
        match self {
            Self::MarketIoc(_) => "MARKET",
            Self::SorLimitIoc(_) | Self::LimitGtc(_) | Self::LimitGtd(_) | Self::LimitFok(_) => "LIMIT",
            Self::StopLimitGtc(_) | Self::StopLimitGtd(_) => "STOP_LIMIT",
            Self::BracketGtc(_) | Self::BracketGtd(_) => "BRACKET",
        }
    }

    /// The time in force this configuration implies.
    pub fn time_in_force(&self) -> TimeInForce {
        match self {
            Self::MarketIoc(_) | Self::SorLimitIoc(_) => TimeInForce::Ioc,
            Self::LimitFok(_) => TimeInForce::Fok,
            Self::LimitGtd(_) | Self::StopLimitGtd(_) | Self::BracketGtd(_) => TimeInForce::Gtd,
            Self::LimitGtc(_) | Self::StopLimitGtc(_) | Self::BracketGtc(_) => TimeInForce::Gtc,
        }
    }

    /// The base size, when the order is sized in base units.
    pub fn base_size(&self) -> Option<Decimal> {
        match self {
            Self::MarketIoc(m) => m.base_size,
            Self::SorLimitIoc(l) | Self::LimitFok(l) => Some(l.base_size),
            Self::LimitGtc(l) => Some(l.base_size),
            Self::LimitGtd(l) => Some(l.base_size),
            Self::StopLimitGtc(s) | Self::StopLimitGtd(s) => Some(s.base_size),
            Self::BracketGtc(b) | Self::BracketGtd(b) => Some(b.base_size),
        }
    }

    /// The quote size of a market order sized in quote units.
    pub fn quote_size(&self) -> Option<Decimal> {
        match self {
            Self::MarketIoc(m) => m.quote_size,
            _ => None,
        }
    }

    /// The size with its unit: base, or quote for a market order sized in quote units.
    pub fn size(&self) -> Option<super::Size> {
        self.base_size().map(super::Size::Base).or(self.quote_size().map(super::Size::Quote))
    }

    /// The limit price, for every type except market.
    pub fn limit_price(&self) -> Option<Decimal> {
        match self {
            Self::MarketIoc(_) => None,
            Self::SorLimitIoc(l) | Self::LimitFok(l) => Some(l.limit_price),
            Self::LimitGtc(l) => Some(l.limit_price),
            Self::LimitGtd(l) => Some(l.limit_price),
            Self::StopLimitGtc(s) | Self::StopLimitGtd(s) => Some(s.limit_price),
            Self::BracketGtc(b) | Self::BracketGtd(b) => Some(b.limit_price),
        }
    }

    /// The stop price (stop-limit) or stop trigger price (bracket).
    pub fn stop_price(&self) -> Option<Decimal> {
        match self {
            Self::StopLimitGtc(s) | Self::StopLimitGtd(s) => Some(s.stop_price),
            Self::BracketGtc(b) | Self::BracketGtd(b) => Some(b.stop_trigger_price),
            _ => None,
        }
    }

    /// Whether the order must only add liquidity.
    pub fn post_only(&self) -> bool {
        match self {
            Self::LimitGtc(l) => l.post_only,
            Self::LimitGtd(l) => l.post_only,
            _ => false,
        }
    }

    /// The expiry of a GTD order.
    pub fn end_time(&self) -> Option<DateTime<Utc>> {
        match self {
            Self::LimitGtd(l) => Some(l.end_time),
            Self::StopLimitGtd(s) => s.end_time,
            Self::BracketGtd(b) => b.end_time,
            _ => None,
        }
    }
    /// The same order with `base_size` in place of its base size; `None` for a market order
    /// (its size may be in quote units).
    pub fn with_base_size(&self, base_size: Decimal) -> Option<Self> {
        Some(match self {
            Self::MarketIoc(_) => return None,
            Self::SorLimitIoc(l) => Self::SorLimitIoc(LimitIoc { base_size, ..l.clone() }),
            Self::LimitFok(l) => Self::LimitFok(LimitIoc { base_size, ..l.clone() }),
            Self::LimitGtc(l) => Self::LimitGtc(LimitGtc { base_size, ..l.clone() }),
            Self::LimitGtd(l) => Self::LimitGtd(LimitGtd { base_size, ..l.clone() }),
            Self::StopLimitGtc(s) => Self::StopLimitGtc(StopLimit { base_size, ..s.clone() }),
            Self::StopLimitGtd(s) => Self::StopLimitGtd(StopLimit { base_size, ..s.clone() }),
            Self::BracketGtc(b) => Self::BracketGtc(Bracket { base_size, ..b.clone() }),
            Self::BracketGtd(b) => Self::BracketGtd(Bracket { base_size, ..b.clone() }),
        })
    }
}
