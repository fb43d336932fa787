//! Mouse clicks and wheel turns, already resolved to a [`Target`] by the ui's hit test: a click
//! focuses the pane under it and selects its row or book level (as `j`/`k` would); the wheel
//! focuses the pane under it and moves its selection. While anything covers the panes (help,
//! ticket, palette, picker, a question in the status line) the mouse does nothing: the overlay
//! keeps the keyboard's attention, and a stray click never answers a question.

use super::book_cursor::BookCursor;
use super::{Model, Overlay, Pane};
use crate::app::{Effect, Target};

impl Model {
    pub(super) fn on_click(&mut self, target: Target) -> Vec<Effect> {
        if self.overlay != Overlay::None {
            return Vec::new();
        }
        self.focus = target.pane();
        match target {
            Target::Pane(_) => Vec::new(),
            Target::Row { pane, index } => self.select_row(pane, index),
            Target::Level(cursor) => {
                self.select_level(cursor);
                Vec::new()
            }
        }
    }

    pub(super) fn on_scroll(&mut self, target: Target, lines: i32) -> Vec<Effect> {
        if self.overlay != Overlay::None || lines == 0 {
            return Vec::new();
        }
        self.focus = target.pane();
        if self.focus == Pane::Book {
            for _ in 0..lines.unsigned_abs().min(super::book_cursor::CURSOR_DEPTH as u32) {
                self.move_book_cursor(lines < 0);
            }
            return Vec::new();
        }
        self.move_selection(lines as isize)
    }

    /// Selects row `index` of `pane`'s list; a row past the end selects nothing.
    fn select_row(&mut self, pane: Pane, index: usize) -> Vec<Effect> {
        match pane {
            Pane::Watchlist if index < self.watch.len() => return self.set_focused(index),
            Pane::Orders if self.account.showing_history() => {
                let history = &mut self.account.history;
                history.selected = if index < history.rows.len() { index } else { history.selected };
            }
            Pane::Orders if index < self.account.orders.len() => self.account.selected = index,
            _ => {}
        }
        Vec::new()
    }

    /// Puts the book cursor on the level clicked, when the book still has it (the frame the
    /// click was aimed at may be a moment old); otherwise the cursor stays where it was.
    fn select_level(&mut self, cursor: BookCursor) {
        let before = self.book_cursor;
        self.book_cursor = Some(cursor);
        if self.book_selection() != Some((cursor.side, cursor.price)) {
            self.book_cursor = before;
        }
    }
}
