use chrono::{Duration, TimeZone};

use super::*;
use crate::domain::{Bracket, LimitGtc, LimitGtd, LimitIoc, MarketIoc, ProductId, StopDirection, StopLimit};

fn d(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).single().expect("valid time")
}

fn btc() -> ProductRules {
    ProductRules {
        id: ProductId("BTC-USD".into()),
        price_increment: d("0.01"),
        base_increment: d("0.00000001"),
        quote_increment: d("0.01"),
        base_min_size: d("0.00000001"),
        base_max_size: d("3400"),
        quote_min_size: d("1"),
        quote_max_size: d("150000000"),
        trading_disabled: false,
        cancel_only: false,
        limit_only: false,
        post_only: false,
    }
}

fn gtc(size: &str, price: &str) -> OrderConfig {
    OrderConfig::LimitGtc(LimitGtc { base_size: d(size), limit_price: d(price), post_only: false })
}

fn market(base: Option<&str>, quote: Option<&str>) -> OrderConfig {
    OrderConfig::MarketIoc(MarketIoc { base_size: base.map(d), quote_size: quote.map(d) })
}

fn bracket(limit: &str, stop: &str) -> OrderConfig {
    OrderConfig::BracketGtc(Bracket {
        base_size: d("0.01"),
        limit_price: d(limit),
        stop_trigger_price: d(stop),
        end_time: None,
    })
}

fn check(side: Side, config: &OrderConfig) -> Result<(), Violation> {
    check_order(side, config, &btc(), now())
}

fn reason(side: Side, config: &OrderConfig) -> &'static str {
    check(side, config).err().map_or("OK", |v| v.reason())
}

#[test]
fn valid_orders_pass() {
    assert_eq!(check(Side::Buy, &gtc("0.001", "60000.10")), Ok(()));
    assert_eq!(check(Side::Buy, &market(None, Some("25.00"))), Ok(()));
    assert_eq!(check(Side::Sell, &market(Some("0.5"), None)), Ok(()));
    assert_eq!(check(Side::Sell, &bracket("70000", "65000")), Ok(()));
    assert_eq!(check(Side::Buy, &bracket("65000", "70000")), Ok(()));
}

#[test]
fn nearest_valid_gives_floor_and_ceil_on_the_grid() {
    assert_eq!(nearest_valid(d("0.000000001"), d("0.00000001")), (d("0"), d("0.00000001")));
    let (lo, hi) = nearest_valid(d("0.000000001"), d("0.00000001"));
    assert_eq!((lo.to_string(), hi.to_string()), ("0.00000000".into(), "0.00000001".into()));
    assert_eq!(nearest_valid(d("100.005"), d("0.01")), (d("100.00"), d("100.01")));
    assert_eq!(nearest_valid(d("100.01"), d("0.01")), (d("100.01"), d("100.01")));
    assert_eq!(nearest_valid(d("0.15"), d("0.1")), (d("0.1"), d("0.2")));
    assert_eq!(nearest_valid(d("5"), d("0")), (d("5"), d("5")));
}

#[test]
fn zero_and_negative_amounts_are_refused() {
    assert_eq!(reason(Side::Buy, &gtc("0", "100")), "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL");
    assert_eq!(reason(Side::Buy, &gtc("1", "0")), "INVALID_LIMIT_PRICE");
    assert_eq!(reason(Side::Buy, &gtc("1", "-1")), "INVALID_LIMIT_PRICE");
    assert_eq!(reason(Side::Buy, &market(None, Some("0"))), "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL");
    let err = check(Side::Buy, &gtc("-0.1", "100")).expect_err("negative");
    assert_eq!(err.to_string(), "size must be greater than zero (got -0.1)");
}

#[test]
fn size_off_the_lot_shows_nearest_values() {
    let err = check(Side::Buy, &gtc("0.000000001", "60000")).expect_err("off lot");
    assert_eq!(err.reason(), "INVALID_SIZE_PRECISION");
    assert_eq!(err.preview_reason(), "PREVIEW_INVALID_SIZE_PRECISION");
    assert_eq!(
        err.to_string(),
        "size 0.000000001 is not a multiple of the lot 0.00000001; \
         nearest valid: 0.00000000 or 0.00000001"
    );
}

#[test]
fn quote_size_off_the_quote_increment_is_refused() {
    let err = check(Side::Buy, &market(None, Some("10.005"))).expect_err("off increment");
    assert_eq!(err.reason(), "INVALID_SIZE_PRECISION");
    assert_eq!(err.preview_reason(), "PREVIEW_INVALID_QUOTE_SIZE_PRECISION");
    assert!(err.to_string().contains("10.00 or 10.01"), "{err}");
}

#[test]
fn prices_off_the_tick_suggest_the_safe_side_first() {
    let buy = check(Side::Buy, &gtc("0.01", "60000.005")).expect_err("off tick");
    assert_eq!(buy.reason(), "INVALID_PRICE_PRECISION");
    assert!(buy.to_string().ends_with("nearest valid: 60000.00 (rounded down) or 60000.01"));
    let sell = check(Side::Sell, &gtc("0.01", "60000.005")).expect_err("off tick");
    assert!(sell.to_string().ends_with("nearest valid: 60000.01 (rounded up) or 60000.00"));
}

#[test]
fn stop_and_trigger_prices_must_be_on_the_tick() {
    let stop = OrderConfig::StopLimitGtc(StopLimit {
        base_size: d("0.01"),
        limit_price: d("59000"),
        stop_price: d("59000.001"),
        stop_direction: StopDirection::Down,
        end_time: None,
    });
    let err = check(Side::Sell, &stop).expect_err("stop off tick");
    assert_eq!(err.reason(), "INVALID_PRICE_PRECISION");
    assert_eq!(err.preview_reason(), "PREVIEW_INVALID_STOP_PRICE_PRECISION");
    assert_eq!(reason(Side::Sell, &bracket("70000", "65000.001")), "INVALID_PRICE_PRECISION");
}

#[test]
fn base_size_bounds() {
    let mut rules = btc();
    rules.base_min_size = d("0.0001");
    let small = check_order(Side::Buy, &gtc("0.00009", "60000"), &rules, now());
    assert_eq!(small.expect_err("small").reason(), "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL");
    assert_eq!(reason(Side::Buy, &gtc("3400.00000001", "1")), "PREVIEW_INVALID_BASE_SIZE_TOO_LARGE");
    assert_eq!(reason(Side::Sell, &market(Some("3401"), None)), "PREVIEW_INVALID_BASE_SIZE_TOO_LARGE");
}

#[test]
fn notional_bounds() {
    let err = check(Side::Buy, &gtc("0.00001", "60000")).expect_err("0.60 notional");
    assert_eq!(err.reason(), "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL");
    assert_eq!(err.to_string(), "order value 0.60000 is below the minimum order value 1");
    assert_eq!(reason(Side::Buy, &market(None, Some("0.99"))), "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL");
    assert_eq!(reason(Side::Buy, &gtc("3000", "60000")), "PREVIEW_INVALID_QUOTE_SIZE_TOO_LARGE");
    let mut rules = btc();
    rules.base_max_size = Decimal::MAX;
    let huge = gtc("79228162514264337593543950335", "2");
    let err = check_order(Side::Buy, &huge, &rules, now()).expect_err("overflow");
    assert_eq!(err, Violation::QuoteSizeTooLarge { value: None, max: rules.quote_max_size });
}

#[test]
fn product_flags() {
    let with = |f: fn(&mut ProductRules)| {
        let mut rules = btc();
        f(&mut rules);
        rules
    };
    let disabled = with(|r| r.trading_disabled = true);
    let cancel_only = with(|r| r.cancel_only = true);
    let limit_only = with(|r| r.limit_only = true);
    let post_only = with(|r| r.post_only = true);
    let limit = gtc("0.01", "60000");
    let mkt = market(Some("0.01"), None);
    let run = |c: &OrderConfig, r: &ProductRules| check_order(Side::Buy, c, r, now());
    assert_eq!(run(&limit, &disabled), Err(Violation::TradingDisabled));
    assert_eq!(run(&limit, &cancel_only), Err(Violation::CancelOnly));
    assert_eq!(Violation::CancelOnly.reason(), "ORDER_ENTRY_DISABLED");
    assert_eq!(run(&mkt, &limit_only), Err(Violation::LimitOnly));
    assert_eq!(run(&limit, &limit_only), Ok(()));
    assert_eq!(run(&limit, &post_only), Err(Violation::PostOnlyRequired));
    let po =
        OrderConfig::LimitGtc(LimitGtc { base_size: d("0.01"), limit_price: d("60000"), post_only: true });
    assert_eq!(run(&po, &post_only), Ok(()));
}

#[test]
fn market_shape_rules() {
    let err = check(Side::Sell, &market(None, Some("100"))).expect_err("sell by quote");
    assert_eq!(err.reason(), "UNSUPPORTED_ORDER_CONFIGURATION");
    assert_eq!(err.to_string(), "market sells must be sized in base currency");
    assert_eq!(check(Side::Buy, &market(None, None)), Err(Violation::MarketSizeMissing));
    assert_eq!(check(Side::Buy, &market(Some("1"), Some("1"))), Err(Violation::MarketSizeBoth));
}

#[test]
fn gtd_end_time_must_be_in_the_future() {
    let gtd = |end| {
        OrderConfig::LimitGtd(LimitGtd {
            base_size: d("0.01"),
            limit_price: d("60000"),
            end_time: end,
            post_only: false,
        })
    };
    assert_eq!(check(Side::Buy, &gtd(now() + Duration::seconds(1))), Ok(()));
    let err = check(Side::Buy, &gtd(now())).expect_err("now is not future");
    assert_eq!(err.reason(), "PREVIEW_INVALID_END_TIME");
    let stop_gtd = OrderConfig::StopLimitGtd(StopLimit {
        base_size: d("0.01"),
        limit_price: d("60000"),
        stop_price: d("60000"),
        stop_direction: StopDirection::Up,
        end_time: None,
    });
    assert_eq!(check(Side::Buy, &stop_gtd), Err(Violation::EndTimeMissing));
}

#[test]
fn bracket_prices_must_bracket() {
    assert_eq!(reason(Side::Sell, &bracket("65000", "70000")), "INVALID_BRACKET_PRICES");
    assert_eq!(reason(Side::Sell, &bracket("65000", "65000")), "INVALID_BRACKET_PRICES");
    assert_eq!(reason(Side::Buy, &bracket("70000", "65000")), "INVALID_BRACKET_PRICES");
    let err = check(Side::Sell, &bracket("65000", "70000")).expect_err("bad bracket");
    assert!(err.to_string().contains("must be below"), "{err}");
}

#[test]
fn ioc_and_fok_limits_are_checked_like_limits() {
    let fok = OrderConfig::LimitFok(LimitIoc { base_size: d("0.01"), limit_price: d("1.001") });
    assert_eq!(reason(Side::Buy, &fok), "INVALID_PRICE_PRECISION");
    let ioc = OrderConfig::SorLimitIoc(LimitIoc { base_size: d("0.01"), limit_price: d("60000") });
    assert_eq!(check(Side::Sell, &ioc), Ok(()));
}

#[test]
fn every_violation_has_a_reason_and_text() {
    let all = [
        Violation::TradingDisabled,
        Violation::LimitOnly,
        Violation::PostOnlyRequired,
        Violation::MarketSizeMissing,
        Violation::MarketSizeBoth,
        Violation::EndTimeMissing,
    ];
    for v in all {
        assert!(!v.reason().is_empty() && !v.preview_reason().is_empty());
        assert!(v.preview_reason().starts_with("PREVIEW_"), "{v:?}");
        assert!(!v.to_string().is_empty());
    }
}
