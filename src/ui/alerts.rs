//! The price alert form (`a`) and the alert list (`A`): fired alerts highlighted, then the
//! recent notifications.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::overlays::hint_line;
use super::theme::{self, Theme};
use super::{fmt, pane_block, popup, title};
use crate::app::Mode;
use crate::app::model::Model;
use crate::app::model::alerts::form::AlertForm;
use crate::app::model::alerts::{Alert, Kind};

/// Time of day shown for fired alerts and notices.
const TIME: &str = "%H:%M:%S";

/// Draws the alert form: the product and its last price, the kind, the value, any refusal.
pub fn draw_form(frame: &mut Frame, model: &Model, form: &AlertForm, area: Rect) {
    let theme = theme::of(model.theme);
    let rect = popup(frame, area, 60, 8);
    let block = pane_block(
        theme,
        title(theme, "Price alert", vec![Span::styled(form.product.as_str(), theme.dim)]),
        true,
    );
    let inc = model.rules.get(&form.product).map(|r| r.price_increment);
    let last = model.markets.get(&form.product).and_then(|m| m.last);
    let example = match form.kind {
        Kind::Above | Kind::Below => "a price, e.g. 100000",
        Kind::Move => "+5 up, -5 down, 5 either way",
    };
    let mut kinds = vec![Span::styled("kind   ", theme.dim)];
    for kind in Kind::ALL {
        let style = if kind == form.kind { theme.selected } else { theme.dim };
        kinds.push(Span::styled(format!(" {} ", kind.word()), style));
    }
    let lines = vec![
        Line::from(vec![Span::styled("last   ", theme.dim), Span::raw(fmt::opt_price(last, inc))]),
        Line::from(kinds),
        Line::from(vec![
            Span::styled("value  ", theme.dim),
            Span::raw(form.text.clone()),
            Span::styled("▏", theme.key),
            Span::styled(format!("  {example}"), theme.dim),
        ]),
        form.error.as_ref().map_or_else(Line::default, |e| Line::styled(format!("✗ {e}"), theme.error)),
        hint_line(model, Mode::AlertForm),
    ];
    let paragraph = Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: true });
    frame.render_widget(paragraph.block(block), rect);
}

/// Draws the alert list: one row per alert (fired ones highlighted, the selected reversed),
/// then the recent notifications, then the keys.
pub fn draw_list(frame: &mut Frame, model: &Model, area: Rect) {
    let theme = theme::of(model.theme);
    let rect = popup(frame, area, 76, 18);
    let fired = model.alerts.list.iter().filter(|a| a.fired.is_some()).count();
    let count = Span::styled(format!("{} set, {fired} fired", model.alerts.list.len()), theme.dim);
    let block = pane_block(theme, title(theme, "Alerts", vec![count]), true);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let [list, hints] = Layout::vertical([Constraint::Min(0), Constraint::Length(1)]).areas(inner);
    let mut lines: Vec<Line> = Vec::new();
    if model.alerts.list.is_empty() {
        lines.push(Line::styled("no alerts: press a on a product to set one", theme.dim));
    }
    for (i, alert) in model.alerts.list.iter().enumerate() {
        let watched = model.watch.contains(&alert.product);
        lines.push(alert_line(theme, alert, watched, i == model.alerts.selected));
    }
    if !model.notices.is_empty() {
        lines.push(Line::styled("Recent", theme.header));
    }
    for notice in &model.notices {
        let at = notice.at.format(TIME).to_string();
        lines.push(Line::from(vec![Span::styled(at, theme.dim), Span::raw(format!(" {}", notice.text))]));
    }
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(Paragraph::new(hint_line(model, Mode::Alerts)), hints);
}

/// One alert; an armed one on a product outside the watchlist gets no prices, and says so.
fn alert_line(theme: &Theme, alert: &Alert, watched: bool, selected: bool) -> Line<'static> {
    let state = match &alert.fired {
        Some(f) => format!("FIRED at {} {}", f.price, f.at.format(TIME)),
        None if watched => "armed".into(),
        None => "not watched: / adds it".into(),
    };
    let text = format!("{:<12}{:<34}{state}", alert.product.as_str(), alert.condition.describe());
    let style = match (alert.fired.is_some(), selected) {
        (true, false) => theme.alert,
        (true, true) => theme.alert.add_modifier(ratatui::style::Modifier::REVERSED),
        (false, true) => theme.selected,
        (false, false) => ratatui::style::Style::new(),
    };
    Line::styled(text, style)
}
