//! Edits of a resting limit order: `POST /orders/edit` and `POST /orders/edit_preview`.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::EditOrder;

/// `POST /orders/edit` body; both `price` and `size` are required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditOrderRequest {
    /// Order to edit.
    pub order_id: String,
    /// New limit price.
    #[serde(with = "crate::decimal::str")]
    pub price: Decimal,
    /// New size.
    #[serde(with = "crate::decimal::str")]
    pub size: Decimal,
}

/// `POST /orders/edit` response: `{"success": false, "errors": [{"edit_failure_reason":
/// "ONLY_LIMIT_ORDER_EDITS_SUPPORTED", "preview_failure_reason": "PREVIEW_INVALID_PRICE"}]}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EditOrderResponse {
    /// Accepted or not.
    pub success: bool,
    /// Reasons when rejected.
    #[serde(default)]
    pub errors: Vec<EditError>,
}

/// One edit failure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EditError {
    /// Edit reason.
    #[serde(default)]
    pub edit_failure_reason: String,
    /// Preview reason.
    #[serde(default)]
    pub preview_failure_reason: String,
}

impl From<&EditOrder> for EditOrderRequest {
    fn from(edit: &EditOrder) -> Self {
        Self { order_id: edit.order_id.clone(), price: edit.price, size: edit.size }
    }
}

/// `POST /orders/edit_preview` response: the estimate of the edited order, or only `errors`
/// when the edit would be refused.
///
/// `{"errors": [], "slippage": "0", "order_total": "60.25", "commission_total": "0.24",
///   "quote_size": "60.01", "base_size": "0.001", "best_bid": "60000", "best_ask": "60010",
///   "average_filled_price": "60010"}`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EditPreviewResponse {
    /// Reasons the edit would be refused.
    #[serde(default)]
    pub errors: Vec<EditError>,
    /// Total including fees.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub order_total: Option<Decimal>,
    /// Estimated fee.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub commission_total: Option<Decimal>,
    /// Quote amount still to be filled.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub quote_size: Option<Decimal>,
    /// Base amount still to be filled.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub base_size: Option<Decimal>,
    /// Estimated slippage.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub slippage: Option<Decimal>,
    /// Best bid.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub best_bid: Option<Decimal>,
    /// Best ask.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub best_ask: Option<Decimal>,
    /// Estimated average fill price.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub average_filled_price: Option<Decimal>,
}

impl EditError {
    /// The first code that says something (`UNKNOWN_*` and empty codes say nothing).
    pub fn reason(errors: &[EditError]) -> Option<&str> {
        errors
            .iter()
            .flat_map(|e| [&e.edit_failure_reason, &e.preview_failure_reason])
            .map(String::as_str)
            .find(|r| !r.is_empty() && !r.starts_with("UNKNOWN"))
    }
}
