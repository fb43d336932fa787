//! Number, time and age formatting for display. Display only: nothing here feeds an order.

use std::time::Duration;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::{ProductId, ProductRules, Size, currency_scale};

/// Significant digits a price column holds before a price must widen it: a product's tick is
/// set so that its prices carry about this many (BTC `123456.78`, DOGE `123.45678`).
pub const PRICE_DIGITS: u32 = 8;
/// Digits a size column holds before a size must widen it (at most 8 of them decimals).
pub const SIZE_DIGITS: u32 = 10;

/// The decimals prices of a product with tick `increment` are shown with (2 when unknown).
pub fn price_scale(increment: Option<Decimal>) -> u32 {
    increment.map_or(2, |i| i.normalize().scale())
}

/// A price with the decimals of `increment` (display rounding only).
pub fn price(value: Decimal, increment: Option<Decimal>) -> String {
    fixed(value, price_scale(increment))
}

/// Cells of a number with `int` digits before the point and `scale` after it.
pub fn number_width(int: u32, scale: u32) -> usize {
    (int.max(1) + scale + u32::from(scale > 0)) as usize
}

/// Cells a price column reserves for a product with tick `increment`: [`PRICE_DIGITS`]
/// digits, at least one of them before the point. Decided by the tick, never by the prices.
pub fn price_width(increment: Option<Decimal>) -> usize {
    let scale = price_scale(increment);
    number_width(PRICE_DIGITS.saturating_sub(scale), scale)
}

/// Cells a size column reserves for a product with lot `increment` (as [`size`] shows it: at
/// most 8 decimals), [`SIZE_DIGITS`] digits, at least two before the point.
pub fn size_width(increment: Option<Decimal>) -> usize {
    let scale = increment.map_or(8, |i| i.normalize().scale()).min(8);
    number_width(SIZE_DIGITS.saturating_sub(scale).max(2), scale)
}

/// `value` rounded for display to exactly `scale` decimals.
pub fn fixed(value: Decimal, scale: u32) -> String {
    let mut v = value.round_dp(scale);
    v.rescale(scale);
    v.to_string()
}

/// An optional price, `-` when absent.
pub fn opt_price(value: Option<Decimal>, increment: Option<Decimal>) -> String {
    value.map_or_else(|| "-".into(), |v| price(v, increment))
}

/// A size with at most 8 decimals, trailing zeros dropped.
pub fn size(value: Decimal) -> String {
    value.round_dp(8).normalize().to_string()
}

/// An amount of `currency` at that currency's one precision ([`currency_scale`]), cut toward
/// zero so that a balance is never shown larger than it is: `100000.00` USD, `0.00000000` BTC.
pub fn amount<'a>(
    value: Decimal,
    currency: &str,
    rules: impl IntoIterator<Item = &'a ProductRules>,
) -> String {
    let scale = currency_scale(currency, rules);
    let mut v = value.round_dp_with_strategy(scale, RoundingStrategy::ToZero);
    v.rescale(scale);
    v.to_string()
}

/// A fee in `currency` at that currency's precision ([`currency_scale`]), rounded: unlike a
/// balance, a cost is not cut toward zero (`0.5996` USD shows `0.60`).
pub fn fee<'a>(value: Decimal, currency: &str, rules: impl IntoIterator<Item = &'a ProductRules>) -> String {
    fixed(value, currency_scale(currency, rules))
}

/// An order's size of `product`, with the unit where it could be misread: a base size as
/// [`size`], a quote size as an [`amount`] with its currency (`100.00 USD`).
pub fn order_size<'a>(
    value: Size,
    product: &ProductId,
    rules: impl IntoIterator<Item = &'a ProductRules>,
) -> String {
    match value {
        Size::Base(base) => size(base),
        Size::Quote(quote) => format!("{} {}", amount(quote, product.quote(), rules), product.quote()),
    }
}

/// A large amount in compact form: `950.2`, `12.3K`, `4.56M`, `7.89B`.
pub fn compact(value: Decimal) -> String {
    let thousand = Decimal::from(1000);
    let mut v = value;
    for suffix in ["", "K", "M", "B"] {
        if v.abs() < thousand || suffix == "B" {
            return format!("{}{suffix}", fixed(v, if suffix.is_empty() { 1 } else { 2 }));
        }
        v /= thousand;
    }
    fixed(v, 2)
}

/// A signed percentage: `+1.23%`.
pub fn pct(value: Decimal) -> String {
    let sign = if value.is_sign_positive() && !value.is_zero() { "+" } else { "" };
    format!("{sign}{}%", fixed(value, 2))
}

/// A signed amount: `+12.30`.
pub fn signed(value: Decimal, increment: Option<Decimal>) -> String {
    let sign = if value.is_sign_positive() && !value.is_zero() { "+" } else { "" };
    format!("{sign}{}", price(value, increment))
}

/// The arrow after a trade's price: `▲` a buy (the taker lifted the offer), `▼` a sell, so the
/// side never rests on colour alone.
pub fn side_arrow(side: crate::domain::Side) -> &'static str {
    match side {
        crate::domain::Side::Buy => "▲",
        crate::domain::Side::Sell => "▼",
    }
}

/// A data age in whole units, rounded down: `0s`, `12s`, `3m`, `2h`. Whole seconds keep a live
/// feed's age still on screen (it changes at most once a second), so a quiet dashboard is not
/// redrawn ten times a second for tenths nobody trades on.
pub fn age(d: Duration) -> String {
    match d.as_secs() {
        s @ 0..120 => format!("{s}s"),
        s @ 120..7200 => format!("{}m", s / 60),
        s => format!("{}h", s / 3600),
    }
}

/// A plotting coordinate (f64 is for drawing only, never for money).
pub fn plot(value: Decimal) -> f64 {
    value.to_f64().unwrap_or(0.0)
}

/// A text sparkline of `values` using block characters, at most `width` wide.
pub fn sparkline(
    values: impl DoubleEndedIterator<Item = Decimal> + ExactSizeIterator,
    width: usize,
) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let skip = values.len().saturating_sub(width);
    let points: Vec<f64> = values.skip(skip).map(plot).collect();
    let (lo, hi) = points.iter().fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    points
        .iter()
        .map(|v| {
            let unit = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
            BARS[((unit * 7.0).round() as usize).min(7)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).expect("decimal")
    }

    #[test]
    fn formats() {
        assert_eq!(price(d("50000.5"), Some(d("0.01"))), "50000.50");
        assert_eq!(price(d("0.123456"), Some(d("0.00001000"))), "0.12346");
        assert_eq!(compact(d("12345.6")), "12.35K");
        assert_eq!(compact(d("950.24")), "950.2");
        assert_eq!(pct(d("1.234")), "+1.23%");
        assert_eq!(pct(d("-0.5")), "-0.50%");
        assert_eq!(size(d("0.01000000")), "0.01");
        assert_eq!(age(Duration::from_millis(450)), "0s");
        assert_eq!(age(Duration::from_millis(9_999)), "9s");
        assert_eq!(age(Duration::from_secs(119)), "119s");
        assert_eq!(age(Duration::from_secs(120)), "2m");
        assert_eq!(age(Duration::from_secs(7_200)), "2h");
        assert_eq!(age(Duration::from_secs(75)), "75s");
        assert_eq!(sparkline([d("1"), d("2"), d("3")].into_iter(), 10), "▁▅█");
    }

    #[test]
    fn column_widths_come_from_the_increments() {
        assert_eq!(price_width(Some(d("0.01"))), "123456.78".len());
        assert_eq!(price_width(Some(d("0.00001"))), "123.45678".len());
        assert_eq!(price_width(Some(d("0.00000001"))), "0.00001234".len());
        assert_eq!(price_width(Some(d("1"))), "12345678".len());
        assert_eq!(price_width(None), "123456.78".len());
        assert_eq!(size_width(Some(d("0.00000001"))), "12.34567891".len());
        assert_eq!(size_width(Some(d("0.1"))), "123456789.1".len());
        assert_eq!(size_width(Some(d("1"))), "1234567890".len());
    }
}
