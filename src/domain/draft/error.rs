//! [`DraftError`]: why an [`OrderDraft`](super::OrderDraft) is not an order Coinbase has.

use thiserror::Error;

use super::OrderKind;
use crate::domain::TimeInForce;

/// The part of a draft an error is about, so a form can mark it and a CLI name its flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftField {
    /// The size (base or quote).
    Size,
    /// The limit price.
    LimitPrice,
    /// The stop price.
    StopPrice,
    /// The stop direction.
    StopDirection,
    /// The time in force.
    Tif,
    /// The GTD end time.
    EndTime,
    /// The post-only flag.
    PostOnly,
    /// The client order id.
    ClientOrderId,
}

/// A combination Coinbase does not have, or a missing part. Each says so in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DraftError {
    /// No size was given.
    #[error("a {kind} order needs a size")]
    MissingSize {
        /// The order kind.
        kind: OrderKind,
    },
    /// A quote size on a kind other than market.
    #[error("a {kind} order is sized in the base currency; only market orders take a quote size")]
    QuoteSizeNotMarket {
        /// The order kind.
        kind: OrderKind,
    },
    /// No limit price on a kind that needs one.
    #[error("a {kind} order needs a limit price")]
    MissingLimitPrice {
        /// The order kind.
        kind: OrderKind,
    },
    /// No stop price on a kind that needs one.
    #[error("a {kind} order needs a stop price")]
    MissingStopPrice {
        /// The order kind.
        kind: OrderKind,
    },
    /// A price on a market order.
    #[error("a market order takes no limit or stop price; use a limit order to set a price")]
    MarketWithPrice,
    /// A stop price on a limit order.
    #[error("a limit order takes no stop price; use a stop-limit order")]
    StopPriceNotStop,
    /// A stop direction on a kind without one.
    #[error("a {kind} order has no stop direction; only stop-limit orders take one")]
    StopDirectionNotStopLimit {
        /// The order kind.
        kind: OrderKind,
    },
    /// A time in force the kind does not allow.
    #[error("a {kind} order cannot be {tif}; it allows {allowed}")]
    TifNotAllowed {
        /// The order kind.
        kind: OrderKind,
        /// The requested time in force.
        tif: TimeInForce,
        /// What the kind allows, e.g. `gtc or gtd`.
        allowed: String,
    },
    /// Good-till-date without an end time.
    #[error("a good-till-date order needs an end time")]
    GtdWithoutEndTime,
    /// An end time on an order that is not good-till-date.
    #[error("an end time is only for good-till-date (gtd) orders, not {tif}")]
    EndTimeWithoutGtd {
        /// The requested time in force.
        tif: TimeInForce,
    },
    /// Post-only on a kind other than limit.
    #[error("post-only is only for limit orders, not {kind}")]
    PostOnlyNotLimit {
        /// The order kind.
        kind: OrderKind,
    },
    /// Post-only with immediate-or-cancel or fill-or-kill.
    #[error("post-only works only with gtc or gtd limit orders, not {tif}")]
    PostOnlyWithTif {
        /// The requested time in force.
        tif: TimeInForce,
    },
    /// An empty client order id.
    #[error("the client order id is empty")]
    EmptyClientOrderId,
}

impl DraftError {
    /// The part of the draft that is wrong.
    pub fn field(&self) -> DraftField {
        match self {
            Self::MissingSize { .. } | Self::QuoteSizeNotMarket { .. } => DraftField::Size,
            Self::MissingLimitPrice { .. } | Self::MarketWithPrice => DraftField::LimitPrice,
            Self::MissingStopPrice { .. } | Self::StopPriceNotStop => DraftField::StopPrice,
            Self::StopDirectionNotStopLimit { .. } => DraftField::StopDirection,
            Self::TifNotAllowed { .. } => DraftField::Tif,
            Self::GtdWithoutEndTime | Self::EndTimeWithoutGtd { .. } => DraftField::EndTime,
            Self::PostOnlyNotLimit { .. } | Self::PostOnlyWithTif { .. } => DraftField::PostOnly,
            Self::EmptyClientOrderId => DraftField::ClientOrderId,
        }
    }
}

/// `gtc or gtd`: the allowed values of `kind` in words.
pub(super) fn allowed_tifs(kind: OrderKind) -> String {
    let names: Vec<&str> = kind.tifs().iter().map(|t| t.name()).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => format!("only {last}"),
        None => String::new(),
    }
}
