//! Small popups: the product picker and the cancel-all confirmation.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, Paragraph};

use super::theme;
use super::{pane_block, popup, title};
use crate::app::Mode;
use crate::app::model::Model;
use crate::app::model::picker::Picker;
use crate::domain::ProductId;

/// Draws the product picker.
pub fn draw_picker(frame: &mut Frame, model: &Model, picker: &Picker, area: Rect) {
    let theme = theme::of(model.theme);
    let rect = popup(frame, area, 40, 16);
    let matches = picker.matches(&model.catalog);
    let count = Span::styled(format!("{} of {}", matches.len(), model.catalog.len()), theme.dim);
    let block = pane_block(theme, title(theme, "Pick a product", vec![count]), true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let query = Line::from(vec![
        Span::styled("/ ", theme.key),
        Span::raw(picker.query.clone()),
        Span::styled("▏", theme.key),
    ]);
    frame.render_widget(Paragraph::new(query), input);
    let items = matches.iter().enumerate().map(|(i, p)| {
        let watched = if model.watch.contains(p) { " •" } else { "" };
        let item = ListItem::new(format!("{p}{watched}"));
        if i == picker.selected { item.style(theme.selected) } else { item }
    });
    frame.render_widget(List::new(items), list);
}

/// Draws "Cancel all N open orders?" with the answer keys from the keymap.
pub fn draw_confirm(frame: &mut Frame, model: &Model, count: usize, product: Option<&ProductId>, area: Rect) {
    let theme = theme::of(model.theme);
    let rect = popup(frame, area, 44, 5);
    let block = pane_block(theme, title(theme, "Confirm", vec![]), true);
    let noun = if count == 1 { "order" } else { "orders" };
    let what = product.map_or(String::new(), |p| format!("{p} "));
    let lines = vec![
        Line::styled(format!("Cancel all {count} open {what}{noun}?"), theme.warn),
        hint_line(model, Mode::Confirm),
    ];
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// The key hints of `mode` as one line.
pub fn hint_line(model: &Model, mode: Mode) -> Line<'static> {
    let theme = theme::of(model.theme);
    let mut spans = Vec::new();
    for (key, label) in model.keymap.hints(mode) {
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(format!(" {label}   ")));
    }
    Line::from(spans)
}
