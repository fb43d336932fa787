//! The review card's two estimates: the exchange's own preview, asked when the card opens,
//! and a walk of the live book.

use crate::domain::OrderPreview;

/// Where the exchange's preview of the reviewed order is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PreviewState {
    /// Not asked (the card is not open).
    #[default]
    NotAsked,
    /// Asked; the answer has not arrived.
    Pending,
    /// The exchange's answer.
    Ready(Box<OrderPreview>),
    /// The preview could not be had (network, HTTP error); it never blocks the order.
    Unavailable(String),
}
