use super::*;
use chrono::{DateTime, Utc};

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn fill(id: &str, side: Side, at: &str, price: &str, size: &str, fee: &str) -> Fill {
    let time: DateTime<Utc> = at.parse().expect("time");
    Fill {
        trade_id: id.into(),
        order_id: format!("o-{id}"),
        product: ProductId("BTC-USD".into()),
        side,
        time,
        price: d(price),
        size: d(size),
        fee: d(fee),
    }
}

/// Buys at two prices, then a partial sell, listed newest first as the venue lists them.
fn history() -> Vec<Fill> {
    vec![
        fill("t3", Side::Sell, "2026-01-02T03:00:00Z", "52000", "0.15", "4.68"),
        fill("t2", Side::Buy, "2026-01-02T02:00:00Z", "51000", "0.1", "3.06"),
        fill("t1", Side::Buy, "2026-01-02T01:00:00Z", "50000", "0.1", "3.00"),
    ]
}

#[test]
fn fifo_position_of_two_buys_and_a_partial_sell() {
    // Oldest first: buy 0.1 @ 50000 (lot A), buy 0.1 @ 51000 (lot B), sell 0.15 @ 52000.
    // FIFO: the sell closes all of lot A (0.1 × (52000 − 50000) = 200) and 0.05 of lot B
    // (0.05 × (52000 − 51000) = 50): realized 250.
    // Left open: 0.05 of lot B, cost 0.05 × 51000 = 2550, average entry 51000.
    // Fees: 3.00 + 3.06 + 4.68 = 10.74.
    let expected = Position {
        product: ProductId("BTC-USD".into()),
        size: d("0.05"),
        cost: d("2550"),
        realized: d("250"),
        fees: d("10.74"),
    };
    assert_eq!(positions(&history()), vec![expected.clone()]);
    assert_eq!(expected.entry(), Some(d("51000")));
    // At 53000: 0.05 × 53000 − 2550 = 2650 − 2550 = 100 unrealized.
    assert_eq!(expected.unrealized(d("53000")), Some(d("100")));
    // Average cost would have said entry 50500 and realized 225: FIFO is what is shown.
}

#[test]
fn selling_more_than_bought_opens_a_short_lot_that_a_buy_closes() {
    // Buy 1 @ 100, sell 3 @ 110 (closes 1: +10; opens −2 @ 110), buy 1 @ 90 (closes 1 of
    // the short: (90 − 110) × −1 = +20). Left: −1 @ 110, realized 30, fees 0.6.
    let mut fills = vec![
        fill("a", Side::Buy, "2026-01-02T01:00:00Z", "100", "1", "0.1"),
        fill("b", Side::Sell, "2026-01-02T02:00:00Z", "110", "3", "0.3"),
        fill("c", Side::Buy, "2026-01-02T03:00:00Z", "90", "1", "0.2"),
    ];
    fills.reverse();
    let expected = Position {
        product: ProductId("BTC-USD".into()),
        size: d("-1"),
        cost: d("-110"),
        realized: d("30"),
        fees: d("0.6"),
    };
    assert_eq!(positions(&fills), vec![expected.clone()]);
    assert_eq!(expected.entry(), Some(d("110")));
    // At 100 the short of 1 from 110 is up 10: −1 × 100 − (−110) = 10.
    assert_eq!(expected.unrealized(d("100")), Some(d("10")));
}

#[test]
fn a_flat_position_has_no_entry_and_no_unrealized() {
    let fills = vec![
        fill("a", Side::Buy, "2026-01-02T01:00:00Z", "100", "1", "0"),
        fill("b", Side::Sell, "2026-01-02T02:00:00Z", "90", "1", "0"),
    ];
    let p = &positions(&fills)[0];
    assert_eq!(
        (p.size, p.realized, p.entry(), p.unrealized(d("500"))),
        (d("0"), d("-10"), None, Some(d("0")))
    );
}

#[test]
fn an_overflowing_product_is_left_out() {
    let huge = "79228162514264337593543950335";
    let mut fills = vec![fill("a", Side::Buy, "2026-01-02T01:00:00Z", huge, "2", "0")];
    fills.push(Fill {
        product: ProductId("ETH-USD".into()),
        ..fill("b", Side::Buy, "2026-01-02T01:00:00Z", "10", "1", "0")
    });
    let kept: Vec<String> = positions(&fills).iter().map(|p| p.product.to_string()).collect();
    assert_eq!(kept, vec!["ETH-USD"]);
}

#[test]
fn balances_are_valued_in_the_quote_with_a_total_of_the_priced_ones() {
    let balance = |c: &str, a: &str, h: &str| Balance { currency: c.into(), available: d(a), hold: d(h) };
    let balances =
        vec![balance("BTC", "0.5", "0.1"), balance("XYZ", "3", "0"), balance("USD", "1000.25", "10")];
    let price = |p: &ProductId| (p.as_str() == "BTC-USD").then(|| d("50000"));
    let expected = Valuation {
        quote: "USD".into(),
        holdings: vec![
            Holding { currency: "BTC".into(), total: d("0.6"), value: Some(d("30000")) },
            Holding { currency: "XYZ".into(), total: d("3"), value: None },
            Holding { currency: "USD".into(), total: d("1010.25"), value: Some(d("1010.25")) },
        ],
        total: d("31010.25"),
        unpriced: vec!["XYZ".into()],
    };
    assert_eq!(valuation(&balances, "USD", price), expected);
}
