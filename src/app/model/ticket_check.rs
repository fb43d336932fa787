//! Inline ticket validation: the typed fields become an [`OrderDraft`] (grammar, R-IN1), the
//! draft is built, and the built order goes through the shared pre-trade guards
//! ([`crate::domain::guards`]: product rules, balance, distance and stop guards).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::ticket::{Field, OrderKind, SizeUnit, Ticket};
use crate::decimal::{InputError, parse_user};
use crate::domain::guards::{self, GuardContext, RiskLimits};
use crate::domain::{FeeRates, OrderConfig, OrderDraft, ProductRules, Size, TimeInForce};

/// What the ticket needs to know about the market and the account.
#[derive(Debug, Clone, Copy)]
pub struct TicketContext<'a> {
    /// The product's rules, once loaded.
    pub rules: Option<&'a ProductRules>,
    /// Reference price (R-RISK1): mid of a live book, else a recent last trade.
    pub reference: Option<Decimal>,
    /// Best bid of a live book.
    pub bid: Option<Decimal>,
    /// Best ask of a live book.
    pub ask: Option<Decimal>,
    /// The last trade price, for the stop guard.
    pub last_trade: Option<Decimal>,
    /// Available base balance, `None` when balances are unknown.
    pub base_available: Option<Decimal>,
    /// Available quote balance, `None` when balances are unknown.
    pub quote_available: Option<Decimal>,
    /// Fee rates, `None` when unknown.
    pub fees: Option<FeeRates>,
    /// Wall-clock now, for GTD expiry.
    pub wall: DateTime<Utc>,
    /// The guards' thresholds.
    pub limits: RiskLimits,
}

impl<'a> TicketContext<'a> {
    /// The guards' view of this context, once the rules are known.
    pub fn guards(&self) -> Option<GuardContext<'a>> {
        Some(GuardContext {
            rules: self.rules?,
            bid: self.bid,
            ask: self.ask,
            reference: self.reference,
            last_trade: self.last_trade,
            base_available: self.base_available,
            quote_available: self.quote_available,
            fees: self.fees,
            now: self.wall,
            limits: self.limits,
        })
    }
}

/// The result of checking a ticket: per-field grammar errors, derived amounts, the order
/// that would be sent, and the first problem that blocks it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Checked {
    /// Grammar error of the size field.
    pub size_error: Option<String>,
    /// Grammar error of the price field.
    pub price_error: Option<String>,
    /// Grammar error of the stop field.
    pub stop_error: Option<String>,
    /// The base size sent (derived when sized in quote).
    pub base_size: Option<Decimal>,
    /// Price × size (estimated with the reference for market orders).
    pub notional: Option<Decimal>,
    /// Estimated fee.
    pub fee: Option<Decimal>,
    /// The order, when every field parses.
    pub config: Option<OrderConfig>,
    /// Why the order cannot be reviewed, in plain words.
    pub problem: Option<String>,
    /// Something to read twice before sending.
    pub warning: Option<String>,
}

fn field(text: &str, name: &str, error: &mut Option<String>) -> Option<Decimal> {
    match parse_user(text) {
        Ok(v) => Some(v),
        Err(InputError::Empty) => None,
        Err(e) => {
            *error = Some(format!("{name} {e}"));
            None
        }
    }
}

/// Checks `t` against `ctx`.
pub fn check(t: &Ticket, ctx: &TicketContext) -> Checked {
    let mut out = Checked::default();
    let size = field(&t.size, Field::Size.noun(t.kind), &mut out.size_error);
    let price = t
        .kind
        .has_limit_price()
        .then(|| field(&t.price, Field::Price.noun(t.kind), &mut out.price_error))
        .flatten();
    let stop = t
        .kind
        .has_stop_price()
        .then(|| field(&t.stop, Field::Stop.noun(t.kind), &mut out.stop_error))
        .flatten();
    out.problem = missing(t, size, price, stop);
    let Some(guard_ctx) = ctx.guards() else {
        out.problem.get_or_insert_with(|| "waiting for the product rules".into());
        return out;
    };
    if out.size_error.is_some() || out.price_error.is_some() || out.stop_error.is_some() {
        out.problem = Some("fix the field marked ✗".into());
    }
    if out.problem.is_some() {
        return out;
    }
    let (Some(size), price) = (size, price) else { return out };
    build_and_check(t, &guard_ctx, size, price, stop, &mut out);
    out
}

/// "enter a take-profit price": the first empty field the order needs, by its name on `t`.
fn missing(
    t: &Ticket,
    size: Option<Decimal>,
    price: Option<Decimal>,
    stop: Option<Decimal>,
) -> Option<String> {
    let empty = [
        (Field::Price, t.kind.has_limit_price() && price.is_none() && t.price.is_empty()),
        (Field::Stop, t.kind.has_stop_price() && stop.is_none() && t.stop.is_empty()),
        (Field::Size, size.is_none() && t.size.is_empty()),
    ];
    let (field, _) = empty.into_iter().find(|(_, empty)| *empty)?;
    Some(format!("enter a {}", field.noun(t.kind)))
}

fn build_and_check(
    t: &Ticket,
    ctx: &GuardContext,
    size: Decimal,
    price: Option<Decimal>,
    stop: Option<Decimal>,
    out: &mut Checked,
) {
    let rules = ctx.rules;
    let quote_market = t.kind == OrderKind::Market && t.unit == SizeUnit::Quote;
    out.base_size = match t.unit {
        SizeUnit::Base => Some(size),
        SizeUnit::Quote if quote_market => None,
        SizeUnit::Quote => {
            price.or(ctx.reference).and_then(|p| base_from_quote(size, p, rules.base_increment))
        }
    };
    if !quote_market && out.base_size.is_none_or(|b| b.is_zero()) {
        out.problem = Some(format!("{size} {} buys less than one lot at this price", rules.id.quote()));
        return;
    }
    let size = match out.base_size {
        Some(base) => Size::Base(base),
        None => Size::Quote(size),
    };
    let config = match draft(t, size, price, stop, ctx.now).build() {
        Ok(config) => config,
        Err(e) => {
            out.problem = Some(e.to_string());
            return;
        }
    };
    let assessment = guards::assess(t.side, &config, ctx, false);
    out.notional = assessment.notional;
    out.fee = assessment.fee;
    out.problem = assessment.refusal.map(|r| r.to_string());
    out.warning = assessment.warnings.first().map(ToString::to_string);
    out.config = Some(config);
}

/// The ticket's fields as an [`OrderDraft`]: the ticket's kind, side, choices and id, with
/// the parsed size and prices. A GTD order expires [`Ticket::expiry_duration`] after `wall`.
pub fn draft(
    t: &Ticket,
    size: Size,
    price: Option<Decimal>,
    stop: Option<Decimal>,
    wall: DateTime<Utc>,
) -> OrderDraft {
    let kind = t.kind;
    OrderDraft {
        kind,
        side: t.side,
        size: Some(size),
        limit_price: price.filter(|_| kind.has_limit_price()),
        stop_price: stop.filter(|_| kind.has_stop_price()),
        stop_direction: t.stop_direction.filter(|_| kind == OrderKind::StopLimit),
        tif: t.tif,
        end_time: (t.tif == TimeInForce::Gtd).then(|| wall + t.expiry_duration()),
        post_only: t.post_only && t.post_only_applies(),
        client_order_id: Some(t.client_order_id.clone()),
    }
}

/// The price a size is converted between base and quote at: the ticket's limit price when its
/// type has one and it parses, else the reference price.
pub fn sizing_price(t: &Ticket, ctx: &TicketContext) -> Option<Decimal> {
    let limit = t.kind.has_limit_price().then(|| parse_user(&t.price).ok()).flatten();
    limit.or(ctx.reference)
}

/// The largest whole number of lots that `quote` buys at `price`.
pub fn base_from_quote(quote: Decimal, price: Decimal, lot: Decimal) -> Option<Decimal> {
    if price.is_zero() || lot <= Decimal::ZERO {
        return None;
    }
    let raw = quote.checked_div(price)?;
    let lots = raw.checked_div(lot)?.floor();
    Some(lots.checked_mul(lot)?.normalize())
}
