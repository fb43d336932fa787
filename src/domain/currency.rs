//! One precision per currency: how many decimals every amount of a currency is shown with,
//! decided here (and only here) from the products' increments.

use rust_decimal::Decimal;

use super::ProductRules;

/// Decimals for a currency no known product names.
pub const UNKNOWN_CURRENCY_SCALE: u32 = 8;

/// The decimals every amount of `currency` is shown with: a coin at its lot (the finest base
/// increment of the products it is the base of: BTC 8), else a quote currency at the coarsest
/// quote increment of the products it is the quote of (USD to cents), else
/// [`UNKNOWN_CURRENCY_SCALE`].
pub fn currency_scale<'a>(currency: &str, rules: impl IntoIterator<Item = &'a ProductRules>) -> u32 {
    let (mut base, mut quote) = (None::<u32>, None::<u32>);
    for r in rules {
        if r.id.base() == currency {
            base = Some(base.map_or(scale(r.base_increment), |s| s.max(scale(r.base_increment))));
        }
        if r.id.quote() == currency {
            quote = Some(quote.map_or(scale(r.quote_increment), |s| s.min(scale(r.quote_increment))));
        }
    }
    base.or(quote).unwrap_or(UNKNOWN_CURRENCY_SCALE)
}

/// The decimals of an increment: `0.01` → 2, `1` → 0.
fn scale(increment: Decimal) -> u32 {
    increment.normalize().scale()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ProductId;

    fn rules(id: &str, lot: &str, quote: &str) -> ProductRules {
        let d = |s: &str| s.parse::<Decimal>().expect("decimal");
        ProductRules {
            id: ProductId(id.into()),
            price_increment: d(quote),
            base_increment: d(lot),
            quote_increment: d(quote),
            base_min_size: d(lot),
            base_max_size: d("1000"),
            quote_min_size: d("1"),
            quote_max_size: d("1000000"),
            trading_disabled: false,
            cancel_only: false,
            limit_only: false,
            post_only: false,
        }
    }

    #[test]
    fn a_coin_takes_its_lot_a_quote_currency_its_coarsest_increment() {
        let all = [
            rules("BTC-USD", "0.00000001", "0.01"),
            rules("DOGE-USD", "0.1", "0.00001"),
            rules("ETH-BTC", "0.0001", "0.00001"),
        ];
        let scale = |c: &str| currency_scale(c, &all);
        assert_eq!(
            [scale("BTC"), scale("DOGE"), scale("ETH"), scale("USD"), scale("XYZ")],
            [8, 1, 4, 2, UNKNOWN_CURRENCY_SCALE]
        );
    }
}
