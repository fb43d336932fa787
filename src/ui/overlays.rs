//! Small popups: the product picker and the cancel-all confirmation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};

use super::theme::THEME;
use super::{pane_block, popup, title};
use crate::app::Mode;
use crate::app::model::Model;
use crate::app::model::picker::Picker;
use crate::domain::ProductId;

/// Draws the product picker.
pub fn draw_picker(frame: &mut Frame, model: &Model, picker: &Picker, area: Rect) {
    let rect = popup(frame, area, 40, 16);
    let matches = picker.matches(&model.catalog);
    let count = Span::styled(format!("{} of {}", matches.len(), model.catalog.len()), THEME.dim);
    let block = pane_block(title("Pick a product", vec![count]), true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let query = Line::from(vec![
        Span::styled("/ ", THEME.key),
        Span::raw(picker.query.clone()),
        Span::styled("▏", THEME.key),
    ]);
    frame.render_widget(Paragraph::new(query), input);
    let items = matches.iter().enumerate().map(|(i, p)| {
        let watched = if model.watch.contains(p) { " •" } else { "" };
        let item = ListItem::new(format!("{p}{watched}"));
        if i == picker.selected { item.style(THEME.selected) } else { item }
    });
    frame.render_widget(List::new(items), list);
}

/// Draws "Cancel all N open orders?" with the answer keys from the keymap.
pub fn draw_confirm(frame: &mut Frame, model: &Model, count: usize, product: Option<&ProductId>, area: Rect) {
    let rect = popup(frame, area, 44, 5);
    let block = pane_block(title("Confirm", vec![]), true);
    let noun = if count == 1 { "order" } else { "orders" };
    let what = product.map_or(String::new(), |p| format!("{p} "));
    let lines = vec![
        Line::styled(format!("Cancel all {count} open {what}{noun}?"), THEME.warn),
        hint_line(model, Mode::Confirm),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The key hints of `mode` as one line.
pub fn hint_line(model: &Model, mode: Mode) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, label) in model.keymap.hints(mode) {
        spans.push(Span::styled(key, THEME.key));
        spans.push(Span::raw(format!(" {label}   ")));
    }
    Line::from(spans)
}
