//! Orders from REST and the user channel, and cancel results.

use super::reject::rejection;
use crate::coinbase::wire::{self, ws::UserOrder};
use crate::domain::{
    CancelOutcome, EditEstimate, OrderConfig, OrderPreview, OrderRecord, OrderStatus, OrderType, Size,
};

/// An `order_type` name (`LIMIT`, or `Limit` on the user channel) → a type.
pub fn order_type(name: &str) -> OrderType {
    match name.to_ascii_uppercase().as_str() {
        "MARKET" => OrderType::Market,
        "LIMIT" => OrderType::Limit,
        "STOP_LIMIT" => OrderType::StopLimit,
        "BRACKET" => OrderType::Bracket,
        _ => OrderType::Other(name.to_string()),
    }
}

/// An order from `GET /orders/historical/…` → a record. The configuration, when this client
/// models it, gives the type, prices and base size.
pub fn order(o: &wire::Order) -> OrderRecord {
    let config = o.order_configuration.as_ref();
    OrderRecord {
        order_id: o.order_id.clone(),
        client_order_id: o.client_order_id.clone(),
        product: o.product_id.clone(),
        side: o.side,
        order_type: order_type(config.map_or(o.order_type.as_str(), |c| c.order_type())),
        limit_price: config.and_then(|c| c.limit_price()),
        stop_price: config.and_then(|c| c.stop_price()),
        size: config.and_then(OrderConfig::size),
        filled: o.filled_size.unwrap_or_default(),
        avg_price: o.average_filled_price.filter(|p| !p.is_zero()),
        fees: o.total_fees.unwrap_or_default(),
        status: o.status.clone(),
        created: Some(o.created_time),
        cancel_pending: o.pending_cancel || o.status == OrderStatus::CancelQueued,
    }
}

/// Orders of a listing → records.
pub fn orders(list: &[wire::Order]) -> Vec<OrderRecord> {
    list.iter().map(order).collect()
}

/// An order on the `user` channel → a record. Its size is what is left plus what filled, in
/// base units; a market order's size is left unknown, since its `leaves_quantity` is in the
/// currency it was sized in (quote or base) and the channel does not say which. So is the size
/// of an order that ended other than filled (cancelled, expired, failed): its
/// `leaves_quantity` is 0 then. A limit or stop price of `0` means none.
pub fn user_order(u: &UserOrder) -> OrderRecord {
    let filled = u.cumulative_quantity.unwrap_or_default();
    let order_type = order_type(&u.order_type);
    let ended_unfilled = !u.status.is_working() && u.status != OrderStatus::Filled;
    let sized_in_base = order_type != OrderType::Market && !ended_unfilled;
    OrderRecord {
        order_id: u.order_id.clone(),
        client_order_id: u.client_order_id.clone(),
        product: u.product_id.clone(),
        side: u.order_side,
        limit_price: u.limit_price.filter(|p| !p.is_zero()),
        stop_price: u.stop_price.filter(|p| !p.is_zero()),
        size: u.leaves_quantity.and_then(|l| l.checked_add(filled)).filter(|_| sized_in_base).map(Size::Base),
        order_type,
        filled,
        avg_price: u.avg_price.filter(|p| !p.is_zero()),
        fees: u.total_fees.unwrap_or_default(),
        status: u.status.clone(),
        created: u.creation_time,
        cancel_pending: u.status == OrderStatus::CancelQueued,
    }
}

/// One batch-cancel result → an outcome; judged by `success` only.
pub fn cancel_outcome(r: &wire::CancelResult) -> CancelOutcome {
    let refused = (!r.success).then(|| rejection(&r.failure_reason, ""));
    CancelOutcome { order_id: r.order_id.clone(), refused }
}

/// Batch-cancel results → outcomes.
pub fn cancel_outcomes(list: &[wire::CancelResult]) -> Vec<CancelOutcome> {
    list.iter().map(cancel_outcome).collect()
}

/// An edit preview's amounts (its errors are read by the client).
pub fn edit_estimate(w: &wire::EditPreviewResponse) -> EditEstimate {
    EditEstimate {
        order_total: w.order_total,
        commission_total: w.commission_total,
        quote_size: w.quote_size,
        base_size: w.base_size,
    }
}

/// A `POST /orders/preview` answer → a preview; `UNKNOWN_*` placeholders in `errs` are not
/// errors, each real code becomes a rejection (worded in one place, [`rejection`]).
pub fn preview(p: &wire::PreviewOrderResponse) -> OrderPreview {
    OrderPreview {
        average_price: p.est_average_filled_price,
        fees: p.commission_total,
        total: p.order_total,
        base_size: p.base_size,
        slippage: p.slippage,
        errors: p.real_errors().into_iter().map(|code| rejection(code, "")).collect(),
        warnings: p.warning.iter().filter(|w| !w.starts_with("UNKNOWN")).cloned().collect(),
    }
}
