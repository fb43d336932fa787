//! Editing a resting limit order: what is asked ([`EditOrder`]) and the exchange's estimate of
//! the edited order ([`EditEstimate`]).

use rust_decimal::Decimal;

/// An edit of a resting GTC limit order: its new limit price and new total size (base). The
/// order keeps its id; Coinbase needs both values even when only one changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditOrder {
    /// The exchange's order id.
    pub order_id: String,
    /// New limit price.
    pub price: Decimal,
    /// New total size in base currency (filled part included).
    pub size: Decimal,
}

/// The exchange's estimate of an edited order (`/orders/edit_preview`): what is still to be
/// filled, valued at the new price.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EditEstimate {
    /// Total the order would take, fees included (the new hold of a buy).
    pub order_total: Option<Decimal>,
    /// Estimated fee.
    pub commission_total: Option<Decimal>,
    /// Quote amount still to be filled.
    pub quote_size: Option<Decimal>,
    /// Base amount still to be filled.
    pub base_size: Option<Decimal>,
}
