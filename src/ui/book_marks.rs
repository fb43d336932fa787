//! Marks of the user's own working orders on the book ladder: a resting limit price (`●`),
//! a stop or stop-loss trigger (`◆`), or both on one level (`◈`).

use ratatui::text::Span;
use rust_decimal::Decimal;

use super::theme::Theme;
use crate::app::model::Model;
use crate::domain::{BookSide, OrderType, ProductId};

/// What the user has at one ladder level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mark {
    /// A resting limit price of one of the user's orders.
    pub order: bool,
    /// A stop (stop-limit) or stop-loss (bracket) trigger price.
    pub trigger: bool,
}

impl Mark {
    /// The one-cell marker, or a space when there is nothing to mark.
    pub fn span(self, theme: &Theme) -> Span<'static> {
        let symbol = match (self.order, self.trigger) {
            (true, true) => "◈",
            (true, false) => "●",
            (false, true) => "◆",
            (false, false) => return Span::raw(" "),
        };
        Span::styled(symbol, theme.warn)
    }
}

/// The user's working orders' prices on `product`: `(price, is_trigger)`. A limit or a
/// bracket's take-profit rests on the book; a stop-limit's limit does not until triggered.
fn own_prices(model: &Model, product: &ProductId) -> Vec<(Decimal, bool)> {
    let mut out = Vec::new();
    for o in model.account.orders.iter().filter(|o| &o.product == product && o.status.is_working()) {
        if matches!(o.kind, OrderType::Limit | OrderType::Bracket)
            && let Some(p) = o.price
        {
            out.push((p, false));
        }
        out.extend(o.stop.map(|p| (p, true)));
    }
    out
}

/// One mark per level of `levels` (one side of the ladder, best first). A price belongs to the
/// first level at or beyond it (asks: at or above, bids: at or below), the level that must
/// trade for the price to be reached; an own resting order sits exactly on its level. Prices
/// above `mid` belong to the asks, the rest to the bids; one past the shown levels is unmarked.
pub fn side_marks(
    model: &Model,
    product: &ProductId,
    side: BookSide,
    levels: &[(Decimal, Decimal)],
    mid: Option<Decimal>,
) -> Vec<Mark> {
    let mut marks = vec![Mark::default(); levels.len()];
    for (price, trigger) in own_prices(model, product) {
        let ask = match mid {
            Some(m) => price > m,
            None => side == BookSide::Ask,
        };
        if ask != (side == BookSide::Ask) {
            continue;
        }
        let at = levels.iter().position(|l| if ask { l.0 >= price } else { l.0 <= price });
        if let Some(mark) = at.and_then(|i| marks.get_mut(i)) {
            mark.order |= !trigger;
            mark.trigger |= trigger;
        }
    }
    marks
}
