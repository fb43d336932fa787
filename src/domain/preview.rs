//! What the exchange says an order would do before it is sent (`POST /orders/preview`).

use rust_decimal::Decimal;

use super::Rejection;

/// The exchange's estimate of an order: amounts, and the reasons it would be refused.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderPreview {
    /// Estimated average fill price.
    pub average_price: Option<Decimal>,
    /// Estimated fees (quote currency).
    pub fees: Option<Decimal>,
    /// Total with fees (quote currency): paid for a buy, received for a sell.
    pub total: Option<Decimal>,
    /// Estimated base size.
    pub base_size: Option<Decimal>,
    /// Estimated slippage of the part that takes liquidity, a fraction of the touch price.
    pub slippage: Option<Decimal>,
    /// Why the exchange would refuse the order; empty when it reports no problem.
    pub errors: Vec<Rejection>,
    /// The exchange's warnings, as sent.
    pub warnings: Vec<String>,
}

impl OrderPreview {
    /// Whether the exchange would refuse the order.
    pub fn refused(&self) -> bool {
        !self.errors.is_empty()
    }
}
