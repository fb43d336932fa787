//! The help overlay's scrolling: which modes it lists in which column, how many rows the
//! screen leaves for them, and how far the list can scroll so its last row reaches the bottom
//! and no further (the renderer draws the same rows from the same numbers).

use super::{Model, Overlay};
use crate::app::keymap::Keymap;
use crate::app::{Action, Mode};

/// The smallest screen the dashboard draws into; below it a "terminal too small" screen.
pub const MIN_SCREEN: (u16, u16) = (80, 24);
/// The help overlay's largest size; it covers the whole screen when that is smaller.
pub const HELP_SIZE: (u16, u16) = (110, 48);
/// The modes of the help's left column.
pub const HELP_LEFT: [Mode; 4] = [Mode::Normal, Mode::Help, Mode::Alerts, Mode::Global];
/// The modes of the help's right column (the two columns about as long).
pub const HELP_RIGHT: [Mode; 7] =
    [Mode::Ticket, Mode::Review, Mode::Confirm, Mode::Nudge, Mode::Picker, Mode::AlertForm, Mode::Palette];

/// The rows of `modes` in the help: a title per mode with bindings, then one row per action.
pub fn column_rows(keymap: &Keymap, modes: &[Mode]) -> usize {
    modes.iter().map(|m| keymap.bindings(*m).len()).filter(|n| *n > 0).map(|n| n + 1).sum()
}

/// Rows of the help's list shown on a screen `height` rows high (inside the border).
pub fn visible_rows(height: u16) -> usize {
    usize::from(HELP_SIZE.1.min(height).saturating_sub(2))
}

/// The furthest the help can scroll on a screen `height` rows high, `left` its left column.
pub fn max_scroll(keymap: &Keymap, left: &[Mode], height: u16) -> usize {
    let rows = column_rows(keymap, left).max(column_rows(keymap, &HELP_RIGHT));
    rows.saturating_sub(visible_rows(height))
}

impl Model {
    /// The modes of the help's left column: [`HELP_LEFT`], with the replay keys after the
    /// panes' in a replay (elsewhere they do nothing and are not listed).
    pub fn help_left(&self) -> Vec<Mode> {
        let mut modes = HELP_LEFT.to_vec();
        if self.is_replay() {
            modes.insert(1, Mode::Replay);
        }
        modes
    }

    /// Keys while the help is open: close it, or scroll it by a row or a page.
    pub(super) fn on_help(&mut self, action: Action) {
        let max = max_scroll(&self.keymap, &self.help_left(), self.screen.1);
        let Overlay::Help { scroll } = &mut self.overlay else { return };
        let page = visible_rows(self.screen.1).saturating_sub(1).max(1);
        let next = match action {
            Action::Close | Action::ToggleHelp => {
                self.overlay = Overlay::None;
                return;
            }
            Action::SelectDown => scroll.saturating_add(1),
            Action::SelectUp => scroll.saturating_sub(1),
            Action::PageDown => scroll.saturating_add(page),
            Action::PageUp => scroll.saturating_sub(page),
            _ => return,
        };
        *scroll = next.min(max);
    }

    /// The screen changed size: the help keeps its last row at the bottom at most.
    pub(super) fn on_resize(&mut self, width: u16, height: u16) {
        self.screen = (width, height);
        let max = max_scroll(&self.keymap, &self.help_left(), height);
        if let Overlay::Help { scroll } = &mut self.overlay {
            *scroll = (*scroll).min(max);
        }
    }
}
