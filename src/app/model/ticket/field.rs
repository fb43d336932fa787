//! The ticket's fields and their names, which depend on the order type: a bracket's limit
//! price is its take-profit and its stop price its stop-loss.

use super::OrderKind;

/// A ticket field (screen order is [`super::Ticket::fields`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Buy or sell.
    Side,
    /// Order type.
    Kind,
    /// Limit price.
    Price,
    /// Stop price (stop-limit) or stop-loss trigger (bracket).
    Stop,
    /// Stop direction of a stop-limit.
    Direction,
    /// Size.
    Size,
    /// Size unit.
    Unit,
    /// Time in force.
    Tif,
    /// GTD expiry.
    Expiry,
    /// Post-only flag.
    PostOnly,
}

impl Field {
    /// Whether the field takes typed text.
    pub fn is_text(self) -> bool {
        matches!(self, Field::Size | Field::Price | Field::Stop)
    }

    /// The field's label on a ticket of `kind`: `Take-profit`, `Limit price`, ….
    pub fn label(self, kind: OrderKind) -> &'static str {
        let bracket = kind == OrderKind::Bracket;
        match self {
            Field::Side => "Side",
            Field::Kind => "Type",
            Field::Tif => "Time in force",
            Field::Expiry => "Expires in",
            Field::PostOnly => "Post-only",
            Field::Unit => "Size in",
            Field::Size => "Size",
            Field::Price if bracket => "Take-profit",
            Field::Price => "Limit price",
            Field::Stop if bracket => "Stop-loss",
            Field::Stop => "Stop price",
            Field::Direction => "Triggers on",
        }
    }

    /// The field in a sentence on a ticket of `kind`: `take-profit price`, `limit price`, ….
    pub fn noun(self, kind: OrderKind) -> &'static str {
        let bracket = kind == OrderKind::Bracket;
        match self {
            Field::Price if bracket => "take-profit price",
            Field::Price => "limit price",
            Field::Stop if bracket => "stop-loss price",
            Field::Stop => "stop price",
            Field::Size => "size",
            Field::Side => "side",
            Field::Kind => "order type",
            Field::Direction => "stop direction",
            Field::Unit => "size unit",
            Field::Tif => "time in force",
            Field::Expiry => "expiry",
            Field::PostOnly => "post-only flag",
        }
    }
}
