//! The help overlay: every binding of every mode, generated from the keymap, in two columns
//! that scroll together when the screen is too short for them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::THEME;
use super::{pane_block, popup, title};
use crate::app::model::help::{HELP_RIGHT, HELP_SIZE};
use crate::app::model::{Model, Overlay};
use crate::app::{Action, Mode};

/// Draws the help overlay over `area` (the whole screen), scrolled as the model says.
pub fn draw(frame: &mut Frame, model: &Model, area: Rect) {
    let rect = popup(frame, area, HELP_SIZE.0, HELP_SIZE.1);
    let (left, right) = (mode_lines(model, &model.help_left()), mode_lines(model, &HELP_RIGHT));
    let rows = left.len().max(right.len());
    let visible = usize::from(rect.height.saturating_sub(2));
    let asked = if let Overlay::Help { scroll } = model.overlay { scroll } else { 0 };
    let scroll = asked.min(rows.saturating_sub(visible));
    let mut block = pane_block(title("Help", vec![Span::styled("? or Esc closes", THEME.dim)]), true);
    if rows > visible {
        block = block.title_bottom(scroll_line(model, scroll, visible, rows));
    }
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [left_area, right_area] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(inner);
    let offset = (u16::try_from(scroll).unwrap_or(u16::MAX), 0);
    frame.render_widget(Paragraph::new(left).scroll(offset), left_area);
    frame.render_widget(Paragraph::new(right).scroll(offset), right_area);
}

/// ` rows 1–22 of 31 · j/k/PageUp/PageDown scroll `: where the view is, and the keys that move it.
fn scroll_line(model: &Model, scroll: usize, visible: usize, rows: usize) -> Line<'static> {
    let actions = [Action::SelectDown, Action::SelectUp, Action::PageUp, Action::PageDown];
    let keys: Vec<String> =
        actions.into_iter().filter_map(|a| model.keymap.first_key(Mode::Help, a)).collect();
    let shown = format!(" rows {}–{} of {rows} ", scroll + 1, (scroll + visible).min(rows));
    Line::from(vec![
        Span::styled(shown, THEME.dim),
        Span::styled(format!("· {} scroll ", keys.join("/")), THEME.key),
    ])
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
        Mode::AlertForm => "Price alert form",
        Mode::Alerts => "Alert list",
        Mode::Palette => "Command palette",
        Mode::Nudge => "Nudge question (+/-)",
        Mode::Replay => "Replay",
    }
}
