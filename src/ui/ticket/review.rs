//! The review card: the order in words, every field that applies to it, the amounts, and the
//! keys that send it or go back.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use super::{amount_lines, detail_line, fmt, hanging, marked};
use crate::app::model::Model;
use crate::app::model::ticket::{Field, Ticket};
use crate::app::model::ticket_check::Checked;
use crate::app::{Action, Mode};
use crate::domain::{OrderConfig, Side};
use crate::ui::theme::THEME;

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
            format!(
                "taking profit at {} {quote}, stop-loss at {} {quote}",
                b.limit_price, b.stop_trigger_price
            )
        }
        other => format!("at a limit of {} {quote}", other.limit_price().unwrap_or_default()),
    };
    format!("{} {size} {product} {price}", side.as_wire())
}

/// The order in words, and a stop-limit's trigger: "triggers when the last trade rises to …".
fn headline(t: &Ticket, config: &OrderConfig, width: usize) -> Vec<Line<'static>> {
    let quote = t.product.quote();
    let bold = THEME.side(t.side).add_modifier(Modifier::BOLD);
    let mut lines = hanging(vec![], &describe(t.side, t.product.as_str(), config, quote), bold, width);
    if let (Some(direction), Some(p)) = (config.stop_direction(), config.stop_price()) {
        let trigger = format!("triggers when the last trade {} to {p} {quote}", direction.verb());
        lines.extend(hanging(vec![], &trigger, bold, width));
    }
    lines
}

/// The card's lines at `width` columns.
pub(super) fn lines(
    model: &Model,
    t: &Ticket,
    config: &OrderConfig,
    check: &Checked,
    width: usize,
) -> Vec<Line<'static>> {
    let mut lines = headline(t, config, width);
    lines.push(Line::raw(""));
    lines.extend(
        detail_line("Side", t.side.as_wire(), width).into_iter().map(|l| l.patch_style(THEME.side(t.side))),
    );
    for (label, value) in details(t, config) {
        lines.extend(detail_line(label, &value, width));
    }
    lines.extend(amount_lines(model, t, check, width));
    if let Some(w) = &check.warning {
        lines.extend(marked("!", w, THEME.warn, width));
    }
    match &t.edit {
        Some(target) => lines.extend(super::edit::preview_lines(model, t, target, width)),
        None => lines.extend(super::estimates::lines(model, t, config, width)),
    }
    lines.push(Line::raw(""));
    lines.push(if model.review_arming() {
        Line::styled("arming…", THEME.dim)
    } else {
        confirm_line(model, t)
    });
    lines
}

/// Product, type, size, prices, time in force and, for a new resting limit order, post-only
/// (an edit keeps the order's own flag, which Open orders does not know): each field the order
/// has, and no other.
fn details(t: &Ticket, config: &OrderConfig) -> Vec<(&'static str, String)> {
    let quote = t.product.quote();
    let tif = config.time_in_force();
    let tif_words = match config.end_time() {
        Some(end) => format!("{} ({})", tif.words(), end.format("%Y-%m-%d %H:%M UTC")),
        None => tif.words().to_string(),
    };
    let size = match (config.base_size(), config.quote_size()) {
        (Some(b), _) => format!("{} {}", fmt::size(b), t.product.base()),
        (_, q) => format!("{} {quote}", q.unwrap_or_default()),
    };
    let mut out = vec![
        ("Product", t.product.to_string()),
        ("Order type", config.kind().name().to_string()),
        ("Size", size),
    ];
    let kind = config.kind();
    if let Some(p) = config.limit_price() {
        out.push((Field::Price.label(kind), format!("{p} {quote}")));
    }
    if let Some(p) = config.stop_price() {
        out.push((Field::Stop.label(kind), format!("{p} {quote}")));
    }
    out.push(("Time in force", tif_words));
    if kind.allows_post_only(tif) && t.edit.is_none() {
        out.push(("Post-only", if config.post_only() { "yes" } else { "no" }.to_string()));
    }
    out
}

/// "Press y to send this order, n to go back", with the keys from the keymap ("this edit"
/// for an edit, and only the way back while its preview is missing or refused).
fn confirm_line(model: &Model, t: &Ticket) -> Line<'static> {
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
    let noun = if t.edit.is_some() { "edit" } else { "order" };
    if t.edit.as_ref().is_some_and(|e| !matches!(e.preview, Some(Ok(_)))) {
        return Line::from(vec![
            Span::raw("Press "),
            Span::styled(back, THEME.key),
            Span::raw(" to go back"),
        ]);
    }
    let what = if model.dry_run {
        " to close (DRY-RUN: nothing is sent), ".to_string()
    } else {
        format!(" to send this {noun}, ")
    };
    Line::from(vec![
        Span::raw("Press "),
        Span::styled(send, THEME.key),
        Span::raw(what),
        Span::styled(back, THEME.key),
        Span::raw(" to go back"),
    ])
}
