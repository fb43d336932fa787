//! The review card's estimates: the exchange's preview (or that it is pending or unavailable)
//! and the walk of the live book, with whether the order will rest or take.

use ratatui::text::Line;
use rust_decimal::Decimal;

use super::{detail_line, fmt, marked};
use crate::app::model::Model;
use crate::app::model::on_preview::{BookEstimate, Fate};
use crate::app::model::ticket::{PreviewState, Ticket};
use crate::domain::{OrderConfig, OrderPreview, Size};
use crate::ui::theme::{self, Theme};

/// The exchange's preview, then the local walk of the book.
pub(super) fn lines(model: &Model, t: &Ticket, config: &OrderConfig, width: usize) -> Vec<Line<'static>> {
    let theme = theme::of(model.theme);
    let mut lines = exchange_lines(model, t, width);
    let estimate = model.book_estimate(t, config);
    let money = Money::of(model, t);
    match estimate {
        Some(e) if e.fate == Fate::WaitsForTrigger => {}
        Some(e) => lines.extend(detail_line(theme, "Book now", &walk_words(&e, &money), width)),
        None => lines.extend(detail_line(theme, "Book now", "no live book to estimate from", width)),
    }
    if let Some(e) = estimate {
        lines.extend(detail_line(theme, "Outcome", &fate_words(&e, &money), width));
    }
    lines
}

/// Prices at the product's tick, amounts at its quote increment.
struct Money {
    tick: Option<Decimal>,
    quote_inc: Option<Decimal>,
    quote: String,
}

impl Money {
    fn of(model: &Model, t: &Ticket) -> Self {
        let rules = model.rules.get(&t.product);
        Self {
            tick: rules.map(|r| r.price_increment),
            quote_inc: rules.map(|r| r.quote_increment),
            quote: t.product.quote().to_string(),
        }
    }

    fn price(&self, v: Decimal) -> String {
        fmt::price(v, self.tick)
    }

    fn amount(&self, v: Option<Decimal>) -> String {
        v.map_or("-".into(), |v| format!("{} {}", fmt::price(v, self.quote_inc), self.quote))
    }

    fn size(&self, s: Size) -> String {
        match s {
            Size::Base(b) => fmt::size(b),
            Size::Quote(q) => self.amount(Some(q)),
        }
    }
}

fn exchange_lines(model: &Model, t: &Ticket, width: usize) -> Vec<Line<'static>> {
    let theme = theme::of(model.theme);
    match &t.preview {
        PreviewState::NotAsked => Vec::new(),
        PreviewState::Pending => detail_line(theme, "Exchange", "asking Coinbase for its preview…", width)
            .into_iter()
            .map(|l| l.patch_style(theme.dim))
            .collect(),
        PreviewState::Unavailable(why) => detail_line(
            theme,
            "Exchange",
            &format!("preview unavailable ({why}); the order can still be sent"),
            width,
        )
        .into_iter()
        .map(|l| l.patch_style(theme.warn))
        .collect(),
        PreviewState::Ready(p) => ready_lines(theme, p, &Money::of(model, t), width),
    }
}

fn ready_lines(theme: &Theme, p: &OrderPreview, money: &Money, width: usize) -> Vec<Line<'static>> {
    let avg = p.average_price.filter(|a| !a.is_zero()).map_or("-".into(), |a| money.price(a));
    let slippage = p.slippage.map_or("-".into(), |s| format!("{}%", fmt::fixed(s * Decimal::ONE_HUNDRED, 2)));
    let text = format!(
        "avg {avg} · fees {} · total {} · slippage {slippage}",
        money.amount(p.fees),
        money.amount(p.total)
    );
    let mut lines = detail_line(theme, "Exchange", &text, width);
    for e in &p.errors {
        let words = crate::ui::words::rejection(e);
        lines.extend(marked("✗", &format!("the exchange would refuse it: {words}"), theme.error, width));
    }
    for w in &p.warnings {
        lines.extend(marked("!", &format!("exchange warning: {w}"), theme.warn, width));
    }
    lines
}

/// "fills now: 0.42 at avg 61003.10; rests: 0.08 at 61000.00".
fn walk_words(e: &BookEstimate, money: &Money) -> String {
    let w = &e.walk;
    let mut text = match w.average() {
        Some(avg) => format!("fills now: {} at avg {}", fmt::size(w.taken), money.price(avg)),
        None => "fills now: 0".to_string(),
    };
    if let (true, Some(limit), Fate::Rests | Fate::TakesAndRests) = (w.has_left(), e.limit, e.fate) {
        text.push_str(&format!("; rests: {} at {}", money.size(w.left), money.price(limit)));
    }
    text
}

/// Whether the order will rest or take, in words.
fn fate_words(e: &BookEstimate, money: &Money) -> String {
    let left = money.size(e.walk.left);
    let limit = e.limit.map_or("its limit".into(), |l| money.price(l));
    match e.fate {
        Fate::Takes => "takes liquidity: fills at once".into(),
        Fate::Rests => format!("rests on the book at {limit}"),
        Fate::TakesAndRests => format!("takes liquidity now, then rests {left} at {limit}"),
        Fate::RestCancelled => format!("immediate-or-cancel: the {left} not filled at once is cancelled"),
        Fate::Killed => "fill-or-kill: the book cannot fill it all now, so nothing would fill".into(),
        Fate::PostOnlyCrosses => "post-only but it crosses the book: the exchange will refuse it".into(),
        Fate::BeyondBook => format!("larger than the book shown: {left} would be left unfilled"),
        Fate::WaitsForTrigger => "waits for its stop to trigger; nothing fills now".into(),
    }
}
