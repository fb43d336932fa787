//! Orders: create, preview, cancel, list, get, fills (edits are in `edit.rs`).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{NewOrder, OrderConfig, OrderStatus, ProductId, Side};

/// `POST /orders` body.
///
/// `{"client_order_id": "9f2c…", "product_id": "BTC-USD", "side": "BUY",
///   "order_configuration": {"limit_limit_gtc": {"base_size": "0.001", "limit_price": "60000.10",
///   "post_only": true}}}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateOrderRequest {
    /// Idempotency key.
    pub client_order_id: String,
    /// Product.
    pub product_id: ProductId,
    /// Side.
    pub side: Side,
    /// Exactly one configuration.
    pub order_configuration: OrderConfig,
}

impl From<&NewOrder> for CreateOrderRequest {
    fn from(order: &NewOrder) -> Self {
        Self {
            client_order_id: order.client_order_id.clone(),
            product_id: order.product_id.clone(),
            side: order.side,
            order_configuration: order.config.clone(),
        }
    }
}

impl From<&NewOrder> for PreviewOrderRequest {
    fn from(order: &NewOrder) -> Self {
        Self {
            product_id: order.product_id.clone(),
            side: order.side,
            order_configuration: order.config.clone(),
        }
    }
}

/// `POST /orders/preview` body: the create body without `client_order_id`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviewOrderRequest {
    /// Product.
    pub product_id: ProductId,
    /// Side.
    pub side: Side,
    /// Exactly one configuration.
    pub order_configuration: OrderConfig,
}

/// `success_response` of a create: `{"order_id": "a1b2…", "product_id": "LTC-USD",
/// "side": "BUY", "client_order_id": "…"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateSuccess {
    /// Exchange order id.
    pub order_id: String,
    /// Product.
    #[serde(default)]
    pub product_id: Option<ProductId>,
    /// Side.
    #[serde(default)]
    pub side: Option<Side>,
    /// The client order id sent.
    #[serde(default)]
    pub client_order_id: String,
}

/// `error_response` of a rejected create. The useful code may be in any of three fields.
///
/// `{"error": "INSUFFICIENT_FUND", "message": "Insufficient balance in source account",
///   "error_details": "", "preview_failure_reason": "PREVIEW_INSUFFICIENT_FUND",
///   "new_order_failure_reason": "UNKNOWN_FAILURE_REASON"}`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CreateError {
    /// Deprecated code field, often the useful one.
    #[serde(default)]
    pub error: String,
    /// Message.
    #[serde(default)]
    pub message: String,
    /// Details.
    #[serde(default)]
    pub error_details: String,
    /// Deprecated preview reason.
    #[serde(default)]
    pub preview_failure_reason: String,
    /// The current reason field.
    #[serde(default)]
    pub new_order_failure_reason: String,
}

impl CreateError {
    /// The first code that is not `UNKNOWN_*` from `new_order_failure_reason`, `error`,
    /// `preview_failure_reason`; else the message or details; else `UNKNOWN_FAILURE_REASON`.
    pub fn reason(&self) -> String {
        let codes = [&self.new_order_failure_reason, &self.error, &self.preview_failure_reason];
        let texts = [&self.message, &self.error_details];
        codes
            .into_iter()
            .find(|c| !c.is_empty() && !c.starts_with("UNKNOWN"))
            .or_else(|| texts.into_iter().find(|t| !t.is_empty()))
            .cloned()
            .unwrap_or_else(|| "UNKNOWN_FAILURE_REASON".to_string())
    }
}

/// `POST /orders` response. HTTP 200 for both outcomes; judge by `success`.
///
/// `{"success": true, "failure_reason": "UNKNOWN_FAILURE_REASON", "order_id": "a1b2…",
///   "success_response": {...}, "order_configuration": {...}}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreateOrderResponse {
    /// Accepted or not.
    pub success: bool,
    /// Legacy top-level reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_reason: Option<String>,
    /// Legacy top-level order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
    /// Set when accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_response: Option<CreateSuccess>,
    /// Set when rejected.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_response: Option<CreateError>,
    /// Echo of the configuration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_configuration: Option<serde_json::Value>,
}

/// `POST /orders/preview` response (abridged).
///
/// `{"order_total": "60.37", "commission_total": "0.36", "errs": [], "warning": [],
///   "quote_size": "60.01", "base_size": "0.001", "best_bid": "60010.00",
///   "best_ask": "60010.01", "preview_id": "b40b…", "est_average_filled_price": "60010.01",
///   "slippage": "0.0001"}`
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PreviewOrderResponse {
    /// Total including fees.
    #[serde(default, with = "crate::decimal::opt")]
    pub order_total: Option<Decimal>,
    /// Estimated fee.
    #[serde(default, with = "crate::decimal::opt")]
    pub commission_total: Option<Decimal>,
    /// Reasons the order would fail.
    #[serde(default)]
    pub errs: Vec<String>,
    /// Warnings.
    #[serde(default)]
    pub warning: Vec<String>,
    /// Quote amount.
    #[serde(default, with = "crate::decimal::opt")]
    pub quote_size: Option<Decimal>,
    /// Base amount.
    #[serde(default, with = "crate::decimal::opt")]
    pub base_size: Option<Decimal>,
    /// Best bid.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_bid: Option<Decimal>,
    /// Best ask.
    #[serde(default, with = "crate::decimal::opt")]
    pub best_ask: Option<Decimal>,
    /// Preview id.
    #[serde(default)]
    pub preview_id: String,
    /// Estimated average fill price.
    #[serde(default, with = "crate::decimal::opt")]
    pub est_average_filled_price: Option<Decimal>,
    /// Estimated slippage of the part that takes liquidity, a fraction of the touch price.
    #[serde(default, with = "crate::decimal::opt", skip_serializing_if = "Option::is_none")]
    pub slippage: Option<Decimal>,
}

impl PreviewOrderResponse {
    /// The failure reasons that are real (not `UNKNOWN_*`).
    pub fn real_errors(&self) -> Vec<&str> {
        self.errs.iter().map(String::as_str).filter(|e| !e.starts_with("UNKNOWN")).collect()
    }
}

/// `POST /orders/batch_cancel` body: `{"order_ids": ["id1", "id2"]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancelOrdersRequest {
    /// Orders to cancel.
    pub order_ids: Vec<String>,
}

/// `POST /orders/batch_cancel` response.
///
/// `{"results": [{"success": true, "failure_reason": "UNKNOWN_CANCEL_FAILURE_REASON",
///   "order_id": "id1"}]}` — judge by `success`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CancelOrdersResponse {
    /// One result per id.
    #[serde(default)]
    pub results: Vec<CancelResult>,
}

/// One cancel result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CancelResult {
    /// Cancel initiated.
    pub success: bool,
    /// Reason (`UNKNOWN_CANCEL_FAILURE_REASON` even on success).
    #[serde(default)]
    pub failure_reason: String,
    /// The order.
    pub order_id: String,
}

/// An order as `GET /orders/historical/{id}` and `/batch` return it (abridged).
///
/// `{"order_id": "0000-…", "product_id": "BTC-USD", "order_configuration": {...},
///   "side": "BUY", "client_order_id": "1111-…", "status": "OPEN",
///   "time_in_force": "GOOD_UNTIL_CANCELLED", "created_time": "2021-05-31T09:59:59Z",
///   "completion_percentage": "50", "filled_size": "0.0005", "average_filled_price": "10000",
///   "number_of_fills": "2", "filled_value": "5", "total_fees": "0.03", "order_type": "LIMIT",
///   "outstanding_hold_amount": "5.03", "trigger_status": "INVALID_ORDER_TYPE"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    /// Exchange id.
    pub order_id: String,
    /// Product.
    pub product_id: ProductId,
    /// Configuration; `None` for types this client does not model.
    #[serde(default, deserialize_with = "lenient_config")]
    pub order_configuration: Option<OrderConfig>,
    /// Side.
    pub side: Side,
    /// Client id.
    #[serde(default)]
    pub client_order_id: String,
    /// Status.
    pub status: OrderStatus,
    /// Time in force.
    #[serde(default)]
    pub time_in_force: String,
    /// Creation time.
    pub created_time: DateTime<Utc>,
    /// Last fill.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_fill_time: Option<DateTime<Utc>>,
    /// Percent filled.
    #[serde(default, with = "crate::decimal::opt")]
    pub completion_percentage: Option<Decimal>,
    /// Filled base size.
    #[serde(default, with = "crate::decimal::opt")]
    pub filled_size: Option<Decimal>,
    /// Average fill price.
    #[serde(default, with = "crate::decimal::opt")]
    pub average_filled_price: Option<Decimal>,
    /// Fill count (int64 as a string).
    #[serde(default)]
    pub number_of_fills: String,
    /// Filled quote value.
    #[serde(default, with = "crate::decimal::opt")]
    pub filled_value: Option<Decimal>,
    /// Fees.
    #[serde(default, with = "crate::decimal::opt")]
    pub total_fees: Option<Decimal>,
    /// Value after fees.
    #[serde(default, with = "crate::decimal::opt")]
    pub total_value_after_fees: Option<Decimal>,
    /// `MARKET`, `LIMIT`, `STOP_LIMIT`, `BRACKET`, …
    #[serde(default)]
    pub order_type: String,
    /// Held amount.
    #[serde(default, with = "crate::decimal::opt")]
    pub outstanding_hold_amount: Option<Decimal>,
    /// Stop state.
    #[serde(default)]
    pub trigger_status: String,
    /// Cancel requested.
    #[serde(default)]
    pub pending_cancel: bool,
    /// Sized in quote.
    #[serde(default)]
    pub size_in_quote: bool,
    /// Reject reason.
    #[serde(default)]
    pub reject_reason: String,
}

fn lenient_config<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<OrderConfig>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(d)?;
    Ok(value.and_then(|v| serde_json::from_value(v).ok()))
}

/// `GET /orders/historical/{id}`: `{"order": {...}}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GetOrderResponse {
    /// The order.
    pub order: Order,
}

/// `GET /orders/historical/batch`: `{"orders": [...], "has_next": false, "cursor": ""}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OrdersPage {
    /// Orders.
    #[serde(default)]
    pub orders: Vec<Order>,
    /// More pages follow.
    #[serde(default)]
    pub has_next: bool,
    /// Cursor for the next page.
    #[serde(default)]
    pub cursor: String,
}

/// One fill from `GET /orders/historical/fills`.
///
/// `{"entry_id": "2222-…", "trade_id": "1111-…", "order_id": "0000-…",
///   "trade_time": "2021-05-31T09:59:59.000Z", "trade_type": "FILL", "price": "10000.00",
///   "size": "0.001", "commission": "1.25", "product_id": "BTC-USD",
///   "liquidity_indicator": "MAKER", "side": "BUY"}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fill {
    /// Entry id.
    #[serde(default)]
    pub entry_id: String,
    /// Trade id.
    pub trade_id: String,
    /// Order id.
    pub order_id: String,
    /// Time.
    pub trade_time: DateTime<Utc>,
    /// `FILL`.
    #[serde(default)]
    pub trade_type: String,
    /// Price.
    #[serde(with = "crate::decimal::str")]
    pub price: Decimal,
    /// Size.
    #[serde(with = "crate::decimal::str")]
    pub size: Decimal,
    /// Fee.
    #[serde(with = "crate::decimal::str")]
    pub commission: Decimal,
    /// Product.
    pub product_id: ProductId,
    /// `MAKER` / `TAKER`.
    #[serde(default)]
    pub liquidity_indicator: String,
    /// Side of the user's order.
    pub side: Side,
}

/// `GET /orders/historical/fills`: `{"fills": [...], "cursor": "789100"}`; no `has_next`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FillsPage {
    /// Fills.
    #[serde(default)]
    pub fills: Vec<Fill>,
    /// Cursor; empty on the last page.
    #[serde(default)]
    pub cursor: String,
}
