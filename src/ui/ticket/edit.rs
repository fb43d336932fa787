//! The ticket of an edit: which order it changes (side, product and type locked), and on the
//! review card the exchange's preview of the edit.

use ratatui::text::Line;

use super::{detail_line, edit_lines, fmt, marked};
use crate::app::model::Model;
use crate::app::model::ticket::{EditTarget, Ticket};
use crate::app::model::ticket_check::Checked;
use crate::ui::theme;
use crate::ui::words;

/// The order being edited, then the ticket's fields (price and size only) and checks.
pub(super) fn ticket_lines(model: &Model, t: &Ticket, check: &Checked, width: usize) -> Vec<Line<'static>> {
    let theme = theme::of(model.theme);
    let mut lines = Vec::new();
    if let Some(target) = &t.edit {
        let order = words::order(&target.order, &model.rules);
        lines.extend(detail_line(theme, "Editing", &order, width));
        lines.extend(detail_line(theme, "Locked", "side, product and type; the order keeps its id", width));
        lines.push(Line::raw(""));
    }
    lines.extend(edit_lines(model, t, check, width));
    lines
}

/// The exchange's preview of the edit: its new total and fee, why it would refuse it, or
/// that it has not answered yet.
pub(super) fn preview_lines(
    model: &Model,
    t: &Ticket,
    target: &EditTarget,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = theme::of(model.theme);
    let quote = t.product.quote().to_string();
    let inc = model.rules.get(&t.product).map(|r| r.quote_increment);
    let money = |d: Option<rust_decimal::Decimal>| {
        d.map_or("-".into(), |v| format!("{} {quote}", fmt::price(v, inc)))
    };
    let mut lines = detail_line(theme, "Replaces", &words::order(&target.order, &model.rules), width);
    lines.extend(match &target.preview {
        None => vec![Line::styled("… waiting for the exchange's preview of the edit", theme.dim)],
        Some(Ok(estimate)) => {
            let held = if t.side == crate::domain::Side::Buy { " (held for this buy)" } else { "" };
            let mut lines =
                detail_line(theme, "New total", &format!("{}{held}", money(estimate.order_total)), width);
            lines.extend(detail_line(theme, "Commission", &money(estimate.commission_total), width));
            lines.extend(marked("✓", "the exchange's preview accepts this edit", theme.ok, width));
            lines
        }
        Some(Err(refusal)) => {
            let text = format!("the exchange would refuse this edit: {}", words::refusal(refusal));
            marked("✗", &text, theme.error, width)
        }
    });
    lines
}
