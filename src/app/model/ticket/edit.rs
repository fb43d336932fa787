//! A ticket that edits a resting order instead of placing one.

use rust_decimal::Decimal;

use super::{Field, Ticket};
use crate::app::model::account::OpenOrder;
use crate::domain::{EditEstimate, Refusal};

/// The resting order a ticket edits, and the exchange's preview of the edit under review.
#[derive(Debug, Clone, PartialEq)]
pub struct EditTarget {
    /// The order as Open orders showed it when the ticket opened.
    pub order: OpenOrder,
    /// The exchange's answer to the preview of the reviewed edit; `None` while waiting.
    pub preview: Option<Result<EditEstimate, Refusal>>,
}

impl Ticket {
    /// A ticket that edits `order` (a resting limit order sized in base): its side, product
    /// and type are locked, its price and size typed in.
    pub fn edit(order: &OpenOrder, size: Decimal, client_order_id: String) -> Self {
        let mut t = Self::new(order.product.clone(), order.side, order.price, client_order_id);
        t.size = size.to_string();
        t.field = Field::Price;
        t.edit = Some(Box::new(EditTarget { order: order.clone(), preview: None }));
        t
    }
}
