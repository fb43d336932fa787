//! Inline ticket validation: grammar (R-IN1), product rules (R-IN2/3 via
//! [`crate::validate::check_order`]), balance, and fat-finger limits (R-RISK1/2).

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::account::FeeRates;
use super::ticket::{OrderKind, SizeUnit, Ticket, Tif};
use crate::decimal::{InputError, parse_user};
use crate::domain::{
    Bracket, LimitGtc, LimitGtd, LimitIoc, MarketIoc, OrderConfig, ProductRules, Side, StopDirection,
    StopLimit,
};

/// A limit price this far (in percent) on the aggressive side of the reference needs care.
pub const WARN_DEVIATION_PCT: Decimal = Decimal::from_parts(3, 0, 0, false, 0);
/// A limit price this far (in percent) on the aggressive side of the reference is refused.
pub const MAX_DEVIATION_PCT: Decimal = Decimal::from_parts(10, 0, 0, false, 0);

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
    /// Available base balance, `None` when balances are unknown.
    pub base_available: Option<Decimal>,
    /// Available quote balance, `None` when balances are unknown.
    pub quote_available: Option<Decimal>,
    /// Fee rates, `None` when unknown.
    pub fees: Option<FeeRates>,
    /// Wall-clock now, for GTD expiry.
    pub wall: DateTime<Utc>,
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
    let size = field(&t.size, "size", &mut out.size_error);
    let price =
        (t.kind != OrderKind::Market).then(|| field(&t.price, "price", &mut out.price_error)).flatten();
    let has_stop = matches!(t.kind, OrderKind::StopLimit | OrderKind::Bracket);
    let stop = has_stop.then(|| field(&t.stop, "stop price", &mut out.stop_error)).flatten();
    out.problem = missing(t, size, price, stop, has_stop).map(str::to_string);
    let Some(rules) = ctx.rules else {
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
    build_and_check(t, ctx, rules, size, price, stop, &mut out);
    out
}

fn missing(
    t: &Ticket,
    size: Option<Decimal>,
    price: Option<Decimal>,
    stop: Option<Decimal>,
    has_stop: bool,
) -> Option<&'static str> {
    if t.kind != OrderKind::Market && price.is_none() && t.price.is_empty() {
        return Some("enter a limit price");
    }
    if has_stop && stop.is_none() && t.stop.is_empty() {
        return Some("enter a stop price");
    }
    (size.is_none() && t.size.is_empty()).then_some("enter a size")
}

fn build_and_check(
    t: &Ticket,
    ctx: &TicketContext,
    rules: &ProductRules,
    size: Decimal,
    price: Option<Decimal>,
    stop: Option<Decimal>,
    out: &mut Checked,
) {
    let sizing_price = price.or(ctx.reference);
    let quote_market = t.kind == OrderKind::Market && t.unit == SizeUnit::Quote;
    out.base_size = match t.unit {
        SizeUnit::Base => Some(size),
        SizeUnit::Quote if quote_market => None,
        SizeUnit::Quote => sizing_price.and_then(|p| base_from_quote(size, p, rules.base_increment)),
    };
    if !quote_market && out.base_size.is_none_or(|b| b.is_zero()) {
        out.problem = Some(format!("{size} {} buys less than one lot at this price", rules.id.quote()));
        return;
    }
    let config = build(t, out.base_size, size, price, stop, ctx.wall);
    out.notional =
        if quote_market { Some(size) } else { sizing_price.and_then(|p| p.checked_mul(out.base_size?)) };
    let rate = ctx.fees.map(|f| if t.post_only { f.maker } else { f.taker.max(f.maker) });
    out.fee = out.notional.zip(rate).and_then(|(n, r)| n.checked_mul(r)).map(|f| f.round_dp(8).normalize());
    out.problem = crate::validate::check_order(t.side, &config, rules, ctx.wall)
        .err()
        .map(|v| v.to_string())
        .or_else(|| balance_problem(t, ctx, out, rules))
        .or_else(|| risk_problem(t, ctx, price));
    out.warning = risk_warning(t, ctx, price);
    out.config = Some(config);
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

fn build(
    t: &Ticket,
    base: Option<Decimal>,
    size: Decimal,
    price: Option<Decimal>,
    stop: Option<Decimal>,
    wall: DateTime<Utc>,
) -> OrderConfig {
    let base_size = base.unwrap_or(size);
    let limit_price = price.unwrap_or_default();
    let stop_price = stop.unwrap_or_default();
    let end_time = (t.tif == Tif::Gtd).then(|| wall + t.expiry_duration());
    match (t.kind, t.tif) {
        (OrderKind::Market, _) if base.is_none() => {
            OrderConfig::MarketIoc(MarketIoc { quote_size: Some(size), base_size: None })
        }
        (OrderKind::Market, _) => {
            OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(base_size) })
        }
        (OrderKind::Limit, Tif::Gtd) => OrderConfig::LimitGtd(LimitGtd {
            base_size,
            limit_price,
            end_time: end_time.unwrap_or(wall),
            post_only: t.post_only,
        }),
        (OrderKind::Limit, Tif::Ioc) => OrderConfig::SorLimitIoc(LimitIoc { base_size, limit_price }),
        (OrderKind::Limit, Tif::Fok) => OrderConfig::LimitFok(LimitIoc { base_size, limit_price }),
        (OrderKind::Limit, _) => {
            OrderConfig::LimitGtc(LimitGtc { base_size, limit_price, post_only: t.post_only })
        }
        (OrderKind::StopLimit, tif) => {
            let stop_direction = if t.side == Side::Buy { StopDirection::Up } else { StopDirection::Down };
            let s = StopLimit { base_size, limit_price, stop_price, stop_direction, end_time };
            if tif == Tif::Gtd { OrderConfig::StopLimitGtd(s) } else { OrderConfig::StopLimitGtc(s) }
        }
        (OrderKind::Bracket, tif) => {
            let b = Bracket { base_size, limit_price, stop_trigger_price: stop_price, end_time };
            if tif == Tif::Gtd { OrderConfig::BracketGtd(b) } else { OrderConfig::BracketGtc(b) }
        }
    }
}

fn balance_problem(t: &Ticket, ctx: &TicketContext, out: &Checked, rules: &ProductRules) -> Option<String> {
    match t.side {
        Side::Buy => {
            let available = ctx.quote_available?;
            let need = out.notional?.checked_add(out.fee.unwrap_or_default())?;
            (need > available).then(|| {
                format!(
                    "needs {} {q} with the fee; {} {q} available",
                    need.round_dp(2),
                    available,
                    q = rules.id.quote()
                )
            })
        }
        Side::Sell => {
            let available = ctx.base_available?;
            let need = out.base_size?;
            (need > available)
                .then(|| format!("needs {need} {b}; {available} {b} available", b = rules.id.base()))
        }
    }
}

/// Signed deviation of `price` from `reference` in percent, positive on the aggressive side.
pub fn aggressive_deviation(side: Side, price: Decimal, reference: Decimal) -> Option<Decimal> {
    if reference.is_zero() {
        return None;
    }
    let diff = match side {
        Side::Buy => price.checked_sub(reference)?,
        Side::Sell => reference.checked_sub(price)?,
    };
    diff.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(reference)
}

fn risk_problem(t: &Ticket, ctx: &TicketContext, price: Option<Decimal>) -> Option<String> {
    let Some(reference) = ctx.reference else {
        return (t.kind == OrderKind::Market)
            .then(|| "no live price: market orders are disabled".to_string());
    };
    let dev = aggressive_deviation(t.side, price?, reference)?;
    (dev > MAX_DEVIATION_PCT).then(|| {
        format!(
            "price is {}% through the market ({reference}); more than {MAX_DEVIATION_PCT}% is refused",
            dev.round_dp(1)
        )
    })
}

fn risk_warning(t: &Ticket, ctx: &TicketContext, price: Option<Decimal>) -> Option<String> {
    let price = price?;
    if t.post_only && t.post_only_applies() {
        let crosses = match t.side {
            Side::Buy => ctx.ask.is_some_and(|a| price >= a),
            Side::Sell => ctx.bid.is_some_and(|b| price <= b),
        };
        if crosses {
            return Some("post-only order would cross the book; the exchange will reject it".into());
        }
    }
    let Some(reference) = ctx.reference else {
        return Some("no live reference price: check the price against the market".into());
    };
    let dev = aggressive_deviation(t.side, price, reference)?;
    (dev > WARN_DEVIATION_PCT)
        .then(|| format!("price is {}% through the market ({reference})", dev.round_dp(1)))
}
