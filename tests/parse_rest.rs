//! The wire → domain step (`coinbase::parse`) for REST answers: each endpoint the dashboard
//! uses, from a recorded fixture to the exact domain value; values with no domain meaning are
//! errors or skipped, never guessed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cbterm::coinbase::parse::{self, ParseError};
use cbterm::coinbase::wire::{
    AccountsPage, CancelOrdersResponse, CandlesResponse, CreateOrderResponse, FillsPage, GetOrderResponse,
    MarketTradesResponse, ProductsResponse, TransactionSummary,
};
use cbterm::domain::*;
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use support::{dec, id, time};

mod support;

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("fixtures/", $path))
    };
}

fn decode<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).expect("fixture decodes")
}

#[test]
fn products_become_rules_and_24h_stats() {
    let page: ProductsResponse = decode(fixture!("rest/products.json"));
    let products = parse::products(&page.products);
    assert_eq!(products.len(), page.products.len());
    let expected = Product {
        rules: ProductRules {
            id: id("BTC-USD"),
            price_increment: dec("0.01"),
            base_increment: dec("0.00000001"),
            quote_increment: dec("0.01"),
            base_min_size: dec("0.00000001"),
            base_max_size: dec("3400"),
            quote_min_size: dec("1"),
            quote_max_size: dec("150000000"),
            trading_disabled: false,
            cancel_only: false,
            limit_only: false,
            post_only: false,
        },
        price: Some(dec("68923.67")),
        change_pct_24h: Some(dec("-0.28560028286595")),
        volume_24h: Some(dec("11005.02587005")),
        listing: cbterm::domain::Listing::Online,
    };
    assert_eq!(products[0], expected);
}

#[test]
fn a_product_status_becomes_its_listing() {
    use cbterm::domain::Listing;
    let page: ProductsResponse = decode(fixture!("rest/products.json"));
    let cases = [
        ("online", false, Listing::Online),
        ("delisted", false, Listing::Delisted),
        ("DELISTED", false, Listing::Delisted),
        ("offline", false, Listing::Offline),
        ("internal", false, Listing::Offline),
        ("online", true, Listing::Disabled),
    ];
    for (status, is_disabled, listing) in cases {
        let mut wire = page.products[0].clone();
        wire.status = status.into();
        wire.is_disabled = is_disabled;
        let product = parse::product(&wire);
        assert_eq!(product.listing, listing, "{status} / is_disabled {is_disabled}");
        assert_eq!(product.rules.trading_disabled, listing != Listing::Online, "{status}: no orders");
    }
}

#[test]
fn candles_keep_their_values_and_a_bad_start_is_an_error() {
    let response: CandlesResponse = decode(fixture!("rest/candles.json"));
    let bars = parse::candles(&response.candles);
    let first = Candle {
        start: 1_712_192_400,
        open: dec("66312.4"),
        high: dec("66331.99"),
        low: dec("66055.14"),
        close: dec("66181.6"),
        volume: dec("355.82896243"),
    };
    assert_eq!(bars.len(), 2);
    assert_eq!(bars[0], first);
    let mut bad = response.candles[0].clone();
    bad.start = "soon".into();
    assert_eq!(parse::candle(&bad), Err(ParseError::CandleStart("soon".into())));
    let mixed = [bad, response.candles[1].clone()];
    assert_eq!(parse::candles(&mixed), vec![bars[1]], "the bad candle is skipped, the good one kept");
}

#[test]
fn market_trades_carry_the_taker_side() {
    let response: MarketTradesResponse = decode(fixture!("rest/market_trades.json"));
    let expected = Trade {
        id: "846149798".into(),
        product: id("BTC-USD"),
        time: time("2021-05-31T09:59:59Z"),
        taker: Side::Sell,
        price: dec("140.91"),
        size: dec("4"),
    };
    assert_eq!(parse::trades(&response.trades), vec![expected], "maker BUY means a seller took it");
}

#[test]
fn accounts_become_balances() {
    let page: AccountsPage = decode(fixture!("rest/accounts.json"));
    let expected = Balance { currency: "BTC".into(), available: dec("1.23"), hold: dec("0") };
    assert_eq!(parse::balances(&page.accounts), vec![expected]);
    let mut no_hold = page.accounts[0].clone();
    no_hold.hold = None;
    assert_eq!(parse::balance(&no_hold).hold, Decimal::ZERO, "an absent hold is nothing held");
}

#[test]
fn the_transaction_summary_gives_fee_rates() {
    let summary: TransactionSummary = decode(fixture!("rest/transaction_summary.json"));
    assert_eq!(parse::fee_rates(&summary), Some(FeeRates { maker: dec("0.0020"), taker: dec("0.0010") }));
    let mut taker_only = summary.clone();
    taker_only.fee_tier.maker_fee_rate = None;
    let taker = dec("0.0010");
    assert_eq!(parse::fee_rates(&taker_only), Some(FeeRates { maker: taker, taker }));
    let mut none = summary;
    none.fee_tier.maker_fee_rate = None;
    none.fee_tier.taker_fee_rate = None;
    assert_eq!(parse::fee_rates(&none), None);
}

#[test]
fn the_transaction_summary_gives_the_fee_tier_by_name() {
    let summary: TransactionSummary = decode(fixture!("rest/transaction_summary.json"));
    let rates = FeeRates { maker: dec("0.0020"), taker: dec("0.0010") };
    let expected = FeeTier { name: summary.fee_tier.pricing_tier.clone(), rates };
    assert!(!expected.name.is_empty(), "the fixture names its tier");
    assert_eq!(parse::fee_tier(&summary), Some(expected));
}

#[test]
fn fills_become_domain_fills() {
    let page: FillsPage = decode(fixture!("rest/fills.json"));
    let expected = Fill {
        trade_id: "1111-11111-111111".into(),
        order_id: "0000-000000-000000".into(),
        product: id("BTC-USD"),
        side: Side::Buy,
        time: time("2021-05-31T09:59:59Z"),
        price: dec("10000.00"),
        size: dec("0.001"),
        fee: dec("1.25"),
    };
    assert_eq!(parse::fills(&page.fills), vec![expected]);
}

#[test]
fn an_order_takes_type_prices_and_size_from_its_configuration() {
    let response: GetOrderResponse = decode(fixture!("rest/get_order.json"));
    let expected = OrderRecord {
        order_id: "0000-000000-000000".into(),
        client_order_id: "11111-000000-000000".into(),
        product: id("BTC-USD"),
        side: Side::Buy,
        order_type: OrderType::Limit,
        limit_price: Some(dec("10000.00")),
        stop_price: None,
        size: Some(Size::Base(dec("0.001"))),
        filled: dec("0.0005"),
        avg_price: Some(dec("10000")),
        fees: dec("0.03"),
        status: OrderStatus::Open,
        created: Some(time("2021-05-31T09:59:59Z")),
        cancel_pending: false,
    };
    assert_eq!(parse::order(&response.order), expected);
    let mut unmodelled = response.order.clone();
    unmodelled.order_configuration = None;
    unmodelled.order_type = "TWAP".into();
    unmodelled.pending_cancel = true;
    let record = parse::order(&unmodelled);
    assert_eq!(
        (record.order_type, record.limit_price, record.size, record.cancel_pending),
        (OrderType::Other("TWAP".into()), None, None, true)
    );
}

#[test]
fn cancel_results_are_judged_by_success_and_carry_their_code() {
    let response: CancelOrdersResponse = decode(fixture!("rest/batch_cancel.json"));
    let refused = |reason, code: &str| Some(Rejection { reason, code: code.into(), message: String::new() });
    assert_eq!(
        parse::cancel_outcomes(&response.results),
        vec![
            CancelOutcome { order_id: "id1".into(), refused: None },
            CancelOutcome {
                order_id: "id2".into(),
                refused: refused(RejectReason::NoSuchOrder, "UNKNOWN_CANCEL_ORDER")
            },
            CancelOutcome {
                order_id: "id3".into(),
                refused: refused(RejectReason::AlreadyFilled, "ORDER_IS_FULLY_FILLED")
            },
        ]
    );
}

#[test]
fn failure_codes_become_reasons_and_unknown_codes_are_kept() {
    let cases = [
        ("INSUFFICIENT_FUND", RejectReason::InsufficientFunds),
        ("INSUFFICIENT_FUNDS", RejectReason::InsufficientFunds),
        ("PREVIEW_INSUFFICIENT_FUND", RejectReason::InsufficientFunds),
        ("INVALID_LIMIT_PRICE_POST_ONLY", RejectReason::PostOnlyWouldCross),
        ("PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", RejectReason::SizeTooSmall),
        ("DUPLICATE_CANCEL_REQUEST", RejectReason::DuplicateCancel),
        ("", RejectReason::NotGiven),
        ("SOMETHING_NEW", RejectReason::Other("SOMETHING_NEW".into())),
    ];
    for (code, reason) in cases {
        assert_eq!(parse::reject_reason(code), reason, "{code:?}");
    }
    let error: CreateOrderResponse = decode(fixture!("rest/create_order_failure_new_reason.json"));
    let body = error.error_response.expect("error response");
    assert_eq!(
        parse::rejection(&body.reason(), &body.message),
        Rejection {
            reason: RejectReason::PostOnlyWouldCross,
            code: "INVALID_LIMIT_PRICE_POST_ONLY".into(),
            message: body.message.clone(),
        }
    );
}

#[test]
fn granularities_have_coinbase_names_both_ways() {
    for g in Granularity::ALL {
        assert_eq!(Granularity::from_wire(g.as_wire()), Some(g));
        assert_eq!(serde_json::to_value(g).expect("serialises"), serde_json::json!(g.as_wire()));
    }
    assert_eq!(Granularity::OneHour.as_wire(), "ONE_HOUR");
    assert_eq!(Granularity::from_wire("one_hour"), None);
}
