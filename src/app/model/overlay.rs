//! [`Overlay`]: what covers the panes and so which keys apply.

use super::account::OpenOrder;
use super::alerts::form::AlertForm;
use super::palette::Palette;
use super::picker::Picker;
use super::ticket::Ticket;

/// What covers the panes, if anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// Nothing: the panes have the keyboard.
    None,
    /// The help overlay, scrolled down by `scroll` rows.
    Help {
        /// Rows scrolled past (at most [`super::help::max_scroll`]).
        scroll: usize,
    },
    /// The product picker.
    Picker(Picker),
    /// The order ticket (editing, review or sending).
    Ticket(Box<Ticket>),
    /// "Cancel this order?", asked in the status line when `c` is pressed away from Open orders.
    ConfirmCancel {
        /// The row as it was when asked; the cancel goes to this order, wherever it now sits.
        order: Box<OpenOrder>,
    },
    /// The price alert form (`a`).
    AlertForm(AlertForm),
    /// The list of alerts and recent order notifications (`A`).
    Alerts,
    /// "Move this order by `ticks` price increments?", asked in the status line after `+`/`-`;
    /// more presses before the answer add up to one edit.
    Nudge {
        /// The row as it was when asked; the edit goes to this order id.
        order: Box<OpenOrder>,
        /// Price increments to move (negative: down).
        ticks: i64,
    },
    /// "Cancel all N open orders?"
    ConfirmCancelAll {
        /// The orders to cancel.
        order_ids: Vec<String>,
        /// The product they were chosen by (`cancel all BTC-USD` in the palette), if any.
        product: Option<crate::domain::ProductId>,
    },
    /// The command palette (`:`).
    Palette(Palette),
    /// "Send MARKET SELL … (all available …)?", asked in the status line by the flatten key:
    /// a market-sell ticket already checked by the ticket's guards, on its review stage.
    ConfirmFlatten {
        /// The ticket `y` sends, exactly as asked.
        ticket: Box<Ticket>,
    },
}
