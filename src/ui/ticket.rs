//! The order ticket popup (fields with live validation) and, in [`review`], its review card.
//! Both grow with the terminal and wrap their text: nothing is cut at the edge.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::{self, Theme};
use super::{fmt, pane_block, popup, title};
use crate::app::model::ticket::{Conversion, EXPIRIES, Field, OrderKind, SizeUnit, Stage, Ticket};
use crate::app::model::ticket_check::Checked;
use crate::app::model::{Model, short_id};

mod edit;
mod estimates;
pub mod review;

pub use review::describe;

/// Width of a label column: two for the focus marker, fourteen for the label.
const LABEL: usize = 16;

/// Draws the ticket or its review card.
pub fn draw(frame: &mut Frame, model: &Model, t: &Ticket, area: Rect) {
    let theme = theme::of(model.theme);
    let check = model.ticket_check().unwrap_or_default();
    let width = card_width(area);
    let inner = usize::from(width.saturating_sub(2)).max(1);
    let editing = t.edit.is_some();
    let (name, lines) = match &t.stage {
        Stage::Editing if editing => ("EDIT order", edit::ticket_lines(model, t, &check, inner)),
        Stage::Editing => ("Order ticket", edit_lines(model, t, &check, inner)),
        Stage::Review { config, .. } if editing => {
            ("Review EDIT", review::lines(model, t, config, &check, inner))
        }
        Stage::Review { config, .. } => ("Review order", review::lines(model, t, config, &check, inner)),
        Stage::Sending => {
            let name = if editing { "Sending EDIT" } else { "Sending order" };
            (name, hanging(vec![], "Sending… waiting for the exchange", theme.warn, inner))
        }
    };
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let rect = popup(frame, area, width, height);
    let mut detail = vec![Span::styled(t.product.to_string(), theme.key)];
    if let Some(target) = &t.edit {
        detail.push(Span::styled(format!(" id {}", short_id(&target.order.order_id)), theme.key));
    }
    let block = pane_block(theme, title(theme, name, detail), true).border_style(theme.side(t.side));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// Three quarters of the terminal, at least 76 columns (all of an 80-column terminal but a
/// margin) and at most 100 (a line still read at a glance).
fn card_width(area: Rect) -> u16 {
    (area.width.saturating_mul(3) / 4).clamp(76, 100).min(area.width)
}

/// `text` in `style` after `prefix`, wrapped to `width` columns; the lines after the first are
/// indented by the prefix's width.
fn hanging(prefix: Vec<Span<'static>>, text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    let indent: usize = prefix.iter().map(Span::width).sum();
    let mut rows = super::status_bar::wrap(text, width.saturating_sub(indent).max(1), usize::MAX);
    if rows.is_empty() {
        rows.push(String::new());
    }
    let mut prefix = Some(prefix);
    rows.into_iter()
        .map(|row| {
            let mut spans = prefix.take().unwrap_or_else(|| vec![Span::raw(" ".repeat(indent))]);
            spans.push(Span::styled(row, style));
            Line::from(spans)
        })
        .collect()
}

/// A mark (`✗`, `!`, `✓`) and a sentence, wrapped.
fn marked(mark: &str, text: &str, style: Style, width: usize) -> Vec<Line<'static>> {
    hanging(vec![Span::styled(format!("{mark} "), style)], text, style, width)
}

/// "last trade rises to 52000.00": how the ticket's stop-limit triggers.
fn trigger_words(t: &Ticket) -> String {
    let stop = if t.stop.is_empty() { "the stop" } else { t.stop.as_str() };
    format!("last trade {} to {stop}", t.effective_stop_direction().verb())
}

fn field_value(t: &Ticket, field: Field) -> String {
    match field {
        Field::Side => t.side.as_wire().to_string(),
        Field::Kind => t.kind.name().to_string(),
        Field::Direction => trigger_words(t),
        Field::Tif => t.tif.words().to_string(),
        Field::Expiry => EXPIRIES[t.expiry.min(EXPIRIES.len() - 1)].1.to_string(),
        Field::PostOnly => if t.post_only { "yes" } else { "no" }.to_string(),
        Field::Unit => t.currency(t.unit).to_string(),
        Field::Size => t.size.clone(),
        Field::Price => t.price.clone(),
        Field::Stop => t.stop.clone(),
    }
}

fn field_lines(theme: &Theme, t: &Ticket, field: Field, check: &Checked, width: usize) -> Vec<Line<'static>> {
    let focused = t.field == field;
    let marker = if focused { Span::styled("▸ ", theme.key) } else { Span::raw("  ") };
    let mut value = field_value(t, field);
    if field.is_text() && focused {
        value.push('▏');
    } else if !field.is_text() {
        value = format!("‹ {value} ›");
    }
    let style = match field {
        Field::Side => theme.side(t.side),
        _ if focused => Style::new().add_modifier(Modifier::BOLD),
        _ => Style::new(),
    };
    let label = Span::styled(format!("{:<14}", field.label(t.kind)), theme.dim);
    let mut lines = hanging(vec![marker, label], &value, style, width);
    let error = match field {
        Field::Size => &check.size_error,
        Field::Price => &check.price_error,
        Field::Stop => &check.stop_error,
        _ => &None,
    };
    if let Some(e) = error {
        let prefix = vec![Span::raw(" ".repeat(LABEL)), Span::styled("✗ ", theme.error)];
        lines.extend(hanging(prefix, e, theme.error, width));
    }
    lines
}

/// The fields, the amounts, then what stands between the ticket and its review, as the fields
/// are now: the exchange's or the dashboard's refusal of the last attempt (until an edit), the
/// first problem of the current fields, and a warning.
fn edit_lines(model: &Model, t: &Ticket, check: &Checked, width: usize) -> Vec<Line<'static>> {
    let theme = theme::of(model.theme);
    let mut lines: Vec<Line> =
        t.fields().into_iter().flat_map(|f| field_lines(theme, t, f, check, width)).collect();
    lines.push(Line::raw(""));
    lines.extend(amount_lines(model, t, check, width));
    if let Some(r) = &t.rejection {
        lines.extend(marked("✗", &super::words::ticket_problem(r), theme.error, width));
    }
    match &check.problem {
        Some(p) => lines.extend(marked("✗", p, theme.error, width)),
        None if t.rejection.is_none() => lines.push(Line::styled("✓ ready to review", theme.ok)),
        None => {}
    }
    if let Some(w) = &check.warning {
        lines.extend(marked("!", w, theme.warn, width));
    }
    lines
}

/// Base size (when sized in quote), notional and estimated fee.
fn amount_lines(model: &Model, t: &Ticket, check: &Checked, width: usize) -> Vec<Line<'static>> {
    let theme = theme::of(model.theme);
    let quote = t.product.quote().to_string();
    let inc = model.rules.get(&t.product).map(|r| r.quote_increment);
    let money = |d: Option<rust_decimal::Decimal>| {
        d.map_or("-".into(), |v| format!("{} {quote}", fmt::price(v, inc)))
    };
    let mut lines = Vec::new();
    if let Some(c) = &t.converted {
        lines.extend(detail_line(theme, "Converted", &conversion_words(t, c, model), width));
    }
    if t.unit == SizeUnit::Quote
        && let Some(base) = check.base_size
    {
        lines.extend(detail_line(
            theme,
            "Base size",
            &format!("{} {}", fmt::size(base), t.product.base()),
            width,
        ));
    }
    let approx = if t.kind == OrderKind::Market { "≈ " } else { "" };
    lines.extend(detail_line(theme, "Notional", &format!("{approx}{}", money(check.notional)), width));
    let rate = model.account.fees().map(|f| f.for_order(t.post_only));
    let rate_text = match rate.map(|r| r.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)) {
        None => " (fee rate unknown)".into(),
        Some(Some(pct)) => format!(" ({}%)", pct.normalize()),
        Some(None) => " (-%)".into(),
    };
    lines.extend(detail_line(theme, "Est. fee", &format!("{}{rate_text}", money(check.fee)), width));
    lines
}

/// `0.01 BTC at 50000.00 USD = 500.00 USD`, and the increment it was rounded down to.
fn conversion_words(t: &Ticket, c: &Conversion, model: &Model) -> String {
    let rules = model.rules.get(&t.product);
    let tick = rules.map(|r| r.price_increment);
    let (from, to) = (t.currency(c.from), t.currency(c.to()));
    let price = format!("{} {}", fmt::price(c.price, tick), t.product.quote());
    let mut words = format!("{} {from} at {price} = {} {to}", c.size, c.converted);
    let increment =
        rules.map(|r| if c.to() == SizeUnit::Base { r.base_increment } else { r.quote_increment });
    if let (true, Some(inc)) = (c.rounded, increment) {
        let grid = if c.to() == SizeUnit::Base { "lot" } else { "increment" };
        words.push_str(&format!(" (rounded down to the {grid} {} {to})", inc.normalize()));
    }
    words
}

/// A dim label and its value, wrapped under the value column.
fn detail_line(theme: &Theme, label: &str, value: &str, width: usize) -> Vec<Line<'static>> {
    hanging(vec![Span::styled(format!("  {label:<14}"), theme.dim)], value, Style::new(), width)
}
