//! The help overlay: every binding of every mode, generated from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::THEME;
use super::{pane_block, popup, title};
use crate::app::Mode;
use crate::app::model::Model;

/// Draws the help overlay over `area`.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let rect = popup(frame, area, 110, 40);
    let block = pane_block(title("Help", vec![Span::styled("? or Esc closes", THEME.dim)]), true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let left_modes = [Mode::Normal, Mode::Global];
    let right_modes = [Mode::Ticket, Mode::Review, Mode::Confirm, Mode::Picker];
    frame.render_widget(Paragraph::new(mode_lines(model, &left_modes)), left);
    frame.render_widget(Paragraph::new(mode_lines(model, &right_modes)), right);
}

fn mode_lines(model: &Model, modes: &[Mode]) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for mode in modes {
        let bindings = model.keymap.bindings(*mode);
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::styled(mode_title(*mode), THEME.header));
        for (action, keys) in bindings {
            let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
            lines.push(Line::from(vec![
                Span::styled(format!("  {:<14}", keys.join(" ")), THEME.key),
                Span::raw(action.label()),
            ]));
        }
    }
    lines
}

fn mode_title(mode: Mode) -> &'static str {
    match mode {
        Mode::Global => "Everywhere",
        Mode::Normal => "Panes",
        Mode::Ticket => "Order ticket",
        Mode::Review => "Review card",
        Mode::Confirm => "Questions",
        Mode::Picker => "Product picker",
        Mode::Help => "Help",
    }
}
