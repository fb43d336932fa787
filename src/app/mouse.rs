//! What a mouse event points at, in the core's terms: a pane, a row of a list pane or a book
//! level. The runtime asks the ui's hit test (the drawing's own layout) for a [`Target`] and
//! sends it as [`super::Msg::Clicked`] or [`super::Msg::Scrolled`]; the model decides what it
//! does.

use super::model::Pane;
use super::model::book_cursor::BookCursor;

/// The thing under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A pane, away from any row: its border, header, an empty line, or a pane without rows.
    Pane(Pane),
    /// Row `index` of a list pane's whole list (not of the rows on screen).
    Row {
        /// The pane: the watchlist, or Open orders (its open or history tab, as shown).
        pane: Pane,
        /// The row's index in the list.
        index: usize,
    },
    /// A level of the book ladder, as drawn: its side and (aggregated) price.
    Level(BookCursor),
}

impl Target {
    /// The pane the target is in.
    pub fn pane(self) -> Pane {
        match self {
            Target::Pane(pane) | Target::Row { pane, .. } => pane,
            Target::Level(_) => Pane::Book,
        }
    }
}
