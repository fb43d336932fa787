//! The order ticket popup (fields with inline validation) and its review card.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::THEME;
use super::{fmt, pane_block, popup, title};
use crate::app::model::Model;
use crate::app::model::ticket::{EXPIRIES, Field, OrderKind, SizeUnit, Stage, Ticket};
use crate::app::model::ticket_check::Checked;
use crate::app::{Action, Mode};
use crate::domain::{OrderConfig, Side};

/// Draws the ticket or its review card.
pub fn draw(frame: &mut Frame, model: &Model, t: &Ticket, area: Rect) {
    let check = model.ticket_check().unwrap_or_default();
    let rect = popup(frame, area, 66, 20);
    let (name, lines) = match &t.stage {
        Stage::Editing => ("Order ticket", edit_lines(model, t, &check, rect.width.saturating_sub(2))),
        Stage::Review { config, .. } => ("Review order", review_lines(model, t, config, &check)),
        Stage::Sending => {
            ("Sending order", vec![Line::styled("Sending… waiting for the exchange", THEME.warn)])
        }
    };
    let block = pane_block(title(name, vec![Span::styled(t.product.to_string(), THEME.key)]), true)
        .border_style(THEME.side(t.side));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
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
        Field::Unit => match t.unit {
            SizeUnit::Base => t.product.base().to_string(),
            SizeUnit::Quote => t.product.quote().to_string(),
        },
        Field::Size => t.size.clone(),
        Field::Price => t.price.clone(),
        Field::Stop => t.stop.clone(),
    }
}

fn field_label(t: &Ticket, field: Field) -> &'static str {
    match field {
        Field::Side => "Side",
        Field::Kind => "Type",
        Field::Tif => "Time in force",
        Field::Expiry => "Expires in",
        Field::PostOnly => "Post-only",
        Field::Unit => "Size in",
        Field::Size => "Size",
        Field::Price if t.kind == OrderKind::Bracket => "Take-profit",
        Field::Price => "Limit price",
        Field::Stop if t.kind == OrderKind::Bracket => "Stop-loss",
        Field::Stop => "Stop price",
        Field::Direction => "Triggers on",
    }
}

fn field_lines(t: &Ticket, field: Field, check: &Checked) -> Vec<Line<'static>> {
    let focused = t.field == field;
    let marker = if focused { Span::styled("▸ ", THEME.key) } else { Span::raw("  ") };
    let mut value = field_value(t, field);
    if field.is_text() && focused {
        value.push('▏');
    } else if !field.is_text() {
        value = format!("‹ {value} ›");
    }
    let style = match field {
        Field::Side => THEME.side(t.side),
        _ if focused => Style::new().add_modifier(ratatui::style::Modifier::BOLD),
        _ => Style::new(),
    };
    let spans = vec![
        marker,
        Span::styled(format!("{:<14}", field_label(t, field)), THEME.dim),
        Span::styled(value, style),
    ];
    let error = match field {
        Field::Size => &check.size_error,
        Field::Price => &check.price_error,
        Field::Stop => &check.stop_error,
        _ => &None,
    };
    let mut lines = vec![Line::from(spans)];
    if let Some(e) = error {
        lines.push(Line::styled(format!("{:16}✗ {e}", ""), THEME.error));
    }
    lines
}

fn edit_lines(model: &Model, t: &Ticket, check: &Checked, width: u16) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = t.fields().into_iter().flat_map(|f| field_lines(t, f, check)).collect();
    lines.push(Line::raw(""));
    lines.extend(amount_lines(model, t, check));
    match (&t.rejection, &check.problem) {
        (Some(r), _) => {
            // A refusal's reason wraps rather than being cut at the edge.
            let text = format!("✗ {}", super::words::ticket_problem(r));
            let wrapped = super::status_bar::wrap(&text, usize::from(width.max(1)), 4);
            lines.extend(wrapped.into_iter().map(|l| Line::styled(l, THEME.error)));
        }
        (None, Some(p)) => lines.push(Line::styled(format!("✗ {p}"), THEME.error)),
        (None, None) => lines.push(Line::styled("✓ ready to review", THEME.ok)),
    }
    if let Some(w) = &check.warning {
        lines.push(Line::styled(format!("! {w}"), THEME.warn));
    }
    lines
}

fn amount_lines(model: &Model, t: &Ticket, check: &Checked) -> Vec<Line<'static>> {
    let quote = t.product.quote().to_string();
    let inc = model.rules.get(&t.product).map(|r| r.quote_increment);
    let money = |d: Option<rust_decimal::Decimal>| {
        d.map_or("-".into(), |v| format!("{} {quote}", fmt::price(v, inc)))
    };
    let mut lines = Vec::new();
    if t.unit == SizeUnit::Quote
        && let Some(base) = check.base_size
    {
        lines.push(detail_line("Base size", format!("{} {}", fmt::size(base), t.product.base())));
    }
    let approx = if t.kind == OrderKind::Market { "≈ " } else { "" };
    lines.push(detail_line("Notional", format!("{approx}{}", money(check.notional))));
    let rate = model.account.fees.map(|f| f.for_order(t.post_only));
    let rate_text = match rate.map(|r| r.checked_mul(rust_decimal::Decimal::ONE_HUNDRED)) {
        None => " (fee rate unknown)".into(),
        Some(Some(pct)) => format!(" ({}%)", pct.normalize()),
        Some(None) => " (-%)".into(),
    };
    lines.push(detail_line("Est. fee", format!("{}{rate_text}", money(check.fee))));
    lines
}

fn detail_line(label: &str, value: String) -> Line<'static> {
    Line::from(vec![Span::styled(format!("  {label:<14}"), THEME.dim), Span::raw(value)])
}

/// The order in one sentence: "BUY 0.01 BTC-USD at a limit of 50000.00 USD" (a stop-limit's
/// trigger is its own line on the review card).
pub fn describe(side: Side, product: &str, config: &OrderConfig, quote: &str) -> String {
    let size = match (config.base_size(), config.quote_size()) {
        (Some(b), _) => format!("{} {} of", fmt::size(b), product.split('-').next().unwrap_or_default()),
        (None, Some(q)) => format!("{q} {quote} worth of"),
        (None, None) => "?".into(),
    };
    let price = match config {
        OrderConfig::MarketIoc(_) => "at the market".to_string(),
        OrderConfig::BracketGtc(b) | OrderConfig::BracketGtd(b) => {
            format!("taking profit at {} {quote}, stop-loss at {}", b.limit_price, b.stop_trigger_price)
        }
        other => format!("at a limit of {} {quote}", other.limit_price().unwrap_or_default()),
    };
    format!("{} {size} {product} {price}", side.as_wire())
}

/// The order in words, and a stop-limit's trigger: "triggers when the last trade rises to …".
fn headline(t: &Ticket, config: &OrderConfig) -> Vec<Line<'static>> {
    let quote = t.product.quote();
    let bold = THEME.side(t.side).add_modifier(ratatui::style::Modifier::BOLD);
    let mut lines = vec![Line::styled(describe(t.side, t.product.as_str(), config, quote), bold)];
    if let (Some(direction), Some(p)) = (config.stop_direction(), config.stop_price()) {
        let trigger = format!("triggers when the last trade {} to {p} {quote}", direction.verb());
        lines.push(Line::styled(trigger, bold));
    }
    lines
}

fn review_lines(model: &Model, t: &Ticket, config: &OrderConfig, check: &Checked) -> Vec<Line<'static>> {
    let quote = t.product.quote();
    let tif = match config.end_time() {
        Some(end) => format!("{} ({})", t.tif.words(), end.format("%Y-%m-%d %H:%M UTC")),
        None => t.tif.words().to_string(),
    };
    let size = match (config.base_size(), config.quote_size()) {
        (Some(b), _) => format!("{} {}", fmt::size(b), t.product.base()),
        (_, q) => format!("{} {quote}", q.unwrap_or_default()),
    };
    let mut lines = headline(t, config);
    lines.extend([
        Line::raw(""),
        detail_line("Side", t.side.as_wire().to_string()).patch_style(THEME.side(t.side)),
        detail_line("Product", t.product.to_string()),
        detail_line("Order type", config.kind().name().to_string()),
        detail_line("Size", size),
    ]);
    if let Some(p) = config.limit_price() {
        lines.push(detail_line(field_label(t, Field::Price), format!("{p} {quote}")));
    }
    if let Some(p) = config.stop_price() {
        lines.push(detail_line(field_label(t, Field::Stop), format!("{p} {quote}")));
    }
    lines.push(detail_line("Time in force", tif));
    lines.push(detail_line("Post-only", if config.post_only() { "yes" } else { "no" }.to_string()));
    lines.extend(amount_lines(model, t, check));
    if let Some(w) = &check.warning {
        lines.push(Line::styled(format!("! {w}"), THEME.warn));
    }
    lines.push(Line::raw(""));
    lines.push(if t.arming(model.now) { Line::styled("arming…", THEME.dim) } else { confirm_line(model) });
    lines
}

/// "Press y to send this order, n to go back", with the keys from the keymap.
fn confirm_line(model: &Model) -> Line<'static> {
    let keys = |action: Action| {
        model
            .keymap
            .bindings(Mode::Review)
            .into_iter()
            .find(|(a, _)| *a == action)
            .and_then(|(_, k)| k.first().map(ToString::to_string))
    };
    let send = keys(Action::Confirm).unwrap_or_else(|| "?".into());
    let back = keys(Action::Close).unwrap_or_else(|| "?".into());
    Line::from(vec![
        Span::raw("Press "),
        Span::styled(send, THEME.key),
        Span::raw(" to send this order, "),
        Span::styled(back, THEME.key),
        Span::raw(" to go back"),
    ])
}
