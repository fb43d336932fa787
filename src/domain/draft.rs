//! [`OrderDraft`]: an order as a trader states it (kind, side, size, prices, time in force),
//! and [`OrderDraft::build`], the one place that turns it into Coinbase's [`OrderConfig`].
//!
//! The CLI's flags and the dashboard ticket's fields both map onto a draft, so the same order
//! entered either way becomes the same request body.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::{
    Bracket, ClientOrderIds, LimitGtc, LimitGtd, LimitIoc, MarketIoc, OrderConfig, ProductId, Side,
    StopDirection, StopLimit, TimeInForce,
};

mod error;
mod kind;

pub use error::{DraftError, DraftField};
pub use kind::OrderKind;

/// An order size: in the base currency (BTC of BTC-USD) or the quote currency (USD).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Size {
    /// Base currency amount.
    Base(Decimal),
    /// Quote currency amount (market orders only).
    Quote(Decimal),
}

/// An order as entered, before it is checked against Coinbase's order shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDraft {
    /// Order kind.
    pub kind: OrderKind,
    /// Buy or sell.
    pub side: Side,
    /// Size; `None` when not entered.
    pub size: Option<Size>,
    /// Limit price (take-profit price of a bracket).
    pub limit_price: Option<Decimal>,
    /// Stop price (stop trigger price of a bracket).
    pub stop_price: Option<Decimal>,
    /// Stop direction of a stop-limit; `None` is the natural one ([`StopDirection::natural`]).
    pub stop_direction: Option<StopDirection>,
    /// Time in force; must be one of [`OrderKind::tifs`].
    pub tif: TimeInForce,
    /// Expiry of a good-till-date order.
    pub end_time: Option<DateTime<Utc>>,
    /// Rest only: reject instead of taking liquidity.
    pub post_only: bool,
    /// Idempotency key; a fresh one from [`ClientOrderIds`] when `None`.
    pub client_order_id: Option<String>,
}

/// An order ready to send: its id, product, side and configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    /// Idempotency key (one per intent).
    pub client_order_id: String,
    /// Product.
    pub product_id: ProductId,
    /// Side.
    pub side: Side,
    /// Exactly one configuration.
    pub config: OrderConfig,
}

impl OrderDraft {
    /// A draft of `kind` on `side` with the kind's default time in force and nothing else set.
    pub fn new(kind: OrderKind, side: Side) -> Self {
        Self {
            kind,
            side,
            size: None,
            limit_price: None,
            stop_price: None,
            stop_direction: None,
            tif: kind.default_tif(),
            end_time: None,
            post_only: false,
            client_order_id: None,
        }
    }

    /// The stop direction that will be sent: the chosen one, else the natural one for the side.
    pub fn effective_stop_direction(&self) -> StopDirection {
        self.stop_direction.unwrap_or_else(|| StopDirection::natural(self.side))
    }

    /// The one order builder: Coinbase's configuration for this draft, or why there is none.
    pub fn build(&self) -> Result<OrderConfig, DraftError> {
        self.check_conditions()?;
        self.check_prices()?;
        let size = self.size.ok_or(DraftError::MissingSize { kind: self.kind })?;
        if self.kind == OrderKind::Market {
            return Ok(OrderConfig::MarketIoc(match size {
                Size::Base(b) => MarketIoc { quote_size: None, base_size: Some(b) },
                Size::Quote(q) => MarketIoc { quote_size: Some(q), base_size: None },
            }));
        }
        let Size::Base(base_size) = size else {
            return Err(DraftError::QuoteSizeNotMarket { kind: self.kind });
        };
        let limit_price = self.limit_price.ok_or(DraftError::MissingLimitPrice { kind: self.kind })?;
        match self.kind {
            OrderKind::Limit => Ok(self.limit(base_size, limit_price)),
            _ => self.triggered(base_size, limit_price),
        }
    }

    /// The order to send: the built configuration with the draft's id, or a fresh one.
    pub fn new_order(&self, product_id: ProductId, ids: &mut ClientOrderIds) -> Result<NewOrder, DraftError> {
        let config = self.build()?;
        let client_order_id = match &self.client_order_id {
            Some(id) if id.trim().is_empty() => return Err(DraftError::EmptyClientOrderId),
            Some(id) => id.clone(),
            None => ids.next_id(),
        };
        Ok(NewOrder { client_order_id, product_id, side: self.side, config })
    }

    /// Time in force, end time and post-only against the kind.
    fn check_conditions(&self) -> Result<(), DraftError> {
        let (kind, tif) = (self.kind, self.tif);
        if !kind.tifs().contains(&tif) {
            return Err(DraftError::TifNotAllowed { kind, tif, allowed: error::allowed_tifs(kind) });
        }
        match (tif, self.end_time) {
            (TimeInForce::Gtd, None) => return Err(DraftError::GtdWithoutEndTime),
            (TimeInForce::Gtd, Some(_)) | (_, None) => {}
            (_, Some(_)) => return Err(DraftError::EndTimeWithoutGtd { tif }),
        }
        if self.post_only && kind != OrderKind::Limit {
            return Err(DraftError::PostOnlyNotLimit { kind });
        }
        if self.post_only && !kind.allows_post_only(tif) {
            return Err(DraftError::PostOnlyWithTif { tif });
        }
        Ok(())
    }

    /// Which prices and stop direction the kind takes.
    fn check_prices(&self) -> Result<(), DraftError> {
        let kind = self.kind;
        if kind == OrderKind::Market && (self.limit_price.is_some() || self.stop_price.is_some()) {
            return Err(DraftError::MarketWithPrice);
        }
        if kind == OrderKind::Limit && self.stop_price.is_some() {
            return Err(DraftError::StopPriceNotStop);
        }
        if kind != OrderKind::StopLimit && self.stop_direction.is_some() {
            return Err(DraftError::StopDirectionNotStopLimit { kind });
        }
        Ok(())
    }

    fn limit(&self, base_size: Decimal, limit_price: Decimal) -> OrderConfig {
        let post_only = self.post_only;
        match (self.tif, self.end_time) {
            (TimeInForce::Gtd, Some(end_time)) => {
                OrderConfig::LimitGtd(LimitGtd { base_size, limit_price, end_time, post_only })
            }
            (TimeInForce::Ioc, _) => OrderConfig::SorLimitIoc(LimitIoc { base_size, limit_price }),
            (TimeInForce::Fok, _) => OrderConfig::LimitFok(LimitIoc { base_size, limit_price }),
            _ => OrderConfig::LimitGtc(LimitGtc { base_size, limit_price, post_only }),
        }
    }

    /// Stop-limit and bracket: a stop price and a GTC or GTD variant.
    fn triggered(&self, base_size: Decimal, limit_price: Decimal) -> Result<OrderConfig, DraftError> {
        let stop = self.stop_price.ok_or(DraftError::MissingStopPrice { kind: self.kind })?;
        let (gtd, end_time) = (self.tif == TimeInForce::Gtd, self.end_time);
        Ok(if self.kind == OrderKind::Bracket {
            let b = Bracket { base_size, limit_price, stop_trigger_price: stop, end_time };
            if gtd { OrderConfig::BracketGtd(b) } else { OrderConfig::BracketGtc(b) }
        } else {
            let stop_direction = self.effective_stop_direction();
            let s = StopLimit { base_size, limit_price, stop_price: stop, stop_direction, end_time };
            if gtd { OrderConfig::StopLimitGtd(s) } else { OrderConfig::StopLimitGtc(s) }
        })
    }
}

impl OrderConfig {
    /// The kind of order this configuration is.
    pub fn kind(&self) -> OrderKind {
        match self {
            Self::MarketIoc(_) => OrderKind::Market,
            Self::SorLimitIoc(_) | Self::LimitGtc(_) | Self::LimitGtd(_) | Self::LimitFok(_) => {
                OrderKind::Limit
            }
            Self::StopLimitGtc(_) | Self::StopLimitGtd(_) => OrderKind::StopLimit,
            Self::BracketGtc(_) | Self::BracketGtd(_) => OrderKind::Bracket,
        }
    }

    /// The stop direction of a stop-limit order.
    pub fn stop_direction(&self) -> Option<StopDirection> {
        match self {
            Self::StopLimitGtc(s) | Self::StopLimitGtd(s) => Some(s.stop_direction),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests;
