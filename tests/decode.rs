//! Decoding tests from recorded Coinbase Advanced Trade JSON (`tests/fixtures/`).
//!
//! Every REST endpoint and WebSocket channel the client uses is decoded from the sample shapes
//! in the API reference plus realistic variants, and the decoded values are checked exactly:
//! decimals keep their scale (compared through `to_string()`), JSON numbers are refused where
//! Coinbase sends decimal strings, and unknown extra fields are tolerated everywhere. Error
//! bodies go through `coinbase::error::from_status`. The request side (`OrderConfig` and the
//! order bodies) is checked against literal Coinbase JSON.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fmt::Debug;
use std::time::Duration;

use cbterm::coinbase::error::{ApiError, from_status};
use cbterm::coinbase::wire::ws::{L2Side, WsError};
use cbterm::coinbase::wire::*;
use cbterm::coinbase::ws::WsMessage;
use cbterm::domain::{
    Bracket, LimitGtc, LimitGtd, LimitIoc, MarketIoc, OrderConfig, OrderStatus, ProductId, Side,
    StopDirection, StopLimit,
};
use chrono::{DateTime, TimeZone, Utc};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

macro_rules! fixture {
    ($path:literal) => {
        include_str!(concat!("fixtures/", $path))
    };
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn decode<T: DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("decode {}: {e}", std::any::type_name::<T>()))
}

fn ws(text: &str) -> WsMessage {
    WsMessage::parse(text).unwrap_or_else(|e| panic!("ws parse: {e}"))
}

fn utc(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
}

/// A decimal as text, so the scale is compared too (`"1.50"` is not `"1.5"`).
fn s(value: Decimal) -> String {
    value.to_string()
}

fn so(value: Option<Decimal>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

fn dec(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn pid(text: &str) -> ProductId {
    ProductId(text.to_string())
}

/// Adds an unknown field (with a nested object, an array and a JSON number) to every object
/// of `value`, except inside the one-of `order_configuration` and the `subscriptions` map,
/// where a new key would not be an "extra field" but a new variant or channel. Returns how
/// many objects were touched.
fn inject_unknown_fields(value: &mut Value, parent_key: Option<&str>) -> usize {
    if matches!(parent_key, Some("order_configuration" | "subscriptions")) {
        return 0;
    }
    match value {
        Value::Object(map) => {
            let mut touched = 0;
            for (key, child) in map.iter_mut() {
                touched += inject_unknown_fields(child, Some(key.as_str()));
            }
            map.insert(
                "zz_field_added_later".into(),
                json!({"nested": {"price": 1.5, "list": [1, "two", null, true]}, "n": 7}),
            );
            touched + 1
        }
        Value::Array(items) => items.iter_mut().map(|item| inject_unknown_fields(item, parent_key)).sum(),
        _ => 0,
    }
}

fn with_unknown_fields(text: &str) -> String {
    let mut value: Value = serde_json::from_str(text).unwrap();
    assert!(inject_unknown_fields(&mut value, None) > 0);
    value.to_string()
}

/// Decoding with unknown fields added everywhere gives the same value as without.
fn tolerant<T: DeserializeOwned + PartialEq + Debug>(name: &str, text: &str) {
    let plain: T = decode(text);
    let noisy: T = serde_json::from_str(&with_unknown_fields(text))
        .unwrap_or_else(|e| panic!("{name} with unknown fields: {e}"));
    assert_eq!(plain, noisy, "{name}");
}

/// The fixture with the decimal string at `pointer` replaced by the same digits as a JSON number.
fn as_number(text: &str, pointer: &str) -> String {
    let mut value: Value = serde_json::from_str(text).unwrap();
    let slot = value.pointer_mut(pointer).unwrap_or_else(|| panic!("no {pointer}"));
    let digits = slot.as_str().unwrap_or_else(|| panic!("{pointer} is not a string: {slot}")).to_string();
    *slot = serde_json::from_str::<Value>(&digits).unwrap();
    assert!(slot.is_number(), "{pointer}: {digits} did not become a number");
    value.to_string()
}

fn refuses_number<T: DeserializeOwned + Debug>(text: &str, pointer: &str) {
    let changed = as_number(text, pointer);
    let result = serde_json::from_str::<T>(&changed);
    assert!(result.is_err(), "{pointer} as a JSON number was accepted: {result:?}");
}

fn ws_refuses_number(text: &str, pointer: &str) {
    let changed = as_number(text, pointer);
    let result = WsMessage::parse(&changed);
    assert!(result.is_err(), "{pointer} as a JSON number was accepted: {result:?}");
}

// ---------------------------------------------------------------------------------------------
// REST: market data
// ---------------------------------------------------------------------------------------------

#[test]
fn server_time() {
    let time: ServerTime = decode(fixture!("rest/time.json"));
    assert_eq!(time.iso, utc("2026-09-30T02:37:29.298Z"));
    assert_eq!(time.epoch_seconds, "1790735849");
    assert_eq!(time.epoch_millis, "1790735849298");
    assert_eq!(time.iso.timestamp().to_string(), time.epoch_seconds);
    assert_eq!(time.iso.timestamp_millis().to_string(), time.epoch_millis);
}

fn assert_btc_usd(p: &Product) {
    assert_eq!(p.product_id, pid("BTC-USD"));
    assert_eq!(so(p.price), some("68923.67"));
    assert_eq!(so(p.price_percentage_change_24h), some("-0.28560028286595"));
    assert_eq!(so(p.volume_24h), some("11005.02587005"));
    assert_eq!(s(p.base_increment), "0.00000001");
    assert_eq!(s(p.quote_increment), "0.01");
    assert_eq!(so(p.price_increment), some("0.01"));
    assert_eq!(s(p.base_min_size), "0.00000001");
    assert_eq!(s(p.base_max_size), "3400");
    assert_eq!(s(p.quote_min_size), "1");
    assert_eq!(s(p.quote_max_size), "150000000");
    assert_eq!(p.base_name, "Bitcoin");
    assert_eq!(p.quote_name, "US Dollar");
    assert_eq!(p.status, "online");
    assert!(!p.cancel_only && !p.limit_only && !p.post_only);
    assert!(!p.trading_disabled && !p.is_disabled && !p.auction_mode);
    assert_eq!(p.product_type, "SPOT");
    assert_eq!(p.base_currency_id, "BTC");
    assert_eq!(p.quote_currency_id, "USD");
    assert_eq!(p.alias, "");
    assert_eq!(p.alias_to, vec!["BTC-USDC".to_string()]);

    let rules = p.rules();
    assert_eq!(rules.id, pid("BTC-USD"));
    assert_eq!(s(rules.price_increment), "0.01");
    assert_eq!(s(rules.base_increment), "0.00000001");
    assert_eq!(s(rules.quote_increment), "0.01");
    assert_eq!(s(rules.base_min_size), "0.00000001");
    assert_eq!(s(rules.quote_max_size), "150000000");
    assert!(!rules.trading_disabled && !rules.cancel_only && !rules.limit_only && !rules.post_only);
}

#[test]
fn product_get_unwrapped() {
    let product: Product = decode(fixture!("rest/product_btc_usd.json"));
    assert_btc_usd(&product);
}

#[test]
fn products_list() {
    let page: ProductsResponse = decode(fixture!("rest/products.json"));
    assert_eq!(page.num_products, Some(923));
    assert_eq!(page.products.len(), 3);
    assert_btc_usd(&page.products[0]);

    let usdc = &page.products[1];
    assert_eq!(usdc.product_id, pid("BTC-USDC"));
    assert_eq!(usdc.alias, "BTC-USD");
    assert!(usdc.alias_to.is_empty());
    assert_eq!(usdc.quote_currency_id, "USDC");

    // A delisted product: empty price strings are "absent", and the tick falls back to the
    // quote increment when `price_increment` is missing.
    let old = &page.products[2];
    assert_eq!(old.product_id, pid("OLD-USD"));
    assert_eq!(old.price, None);
    assert_eq!(old.price_percentage_change_24h, None);
    assert_eq!(old.volume_24h, None);
    assert_eq!(old.price_increment, None);
    assert_eq!(s(old.quote_increment), "0.0001");
    let rules = old.rules();
    assert_eq!(s(rules.price_increment), "0.0001");
    assert_eq!(s(rules.base_increment), "0.1");
    assert!(rules.trading_disabled);
    assert_eq!(old.status, "delisted");
}

#[test]
fn product_book() {
    let book: ProductBookResponse = decode(fixture!("rest/product_book.json"));
    let pb = &book.pricebook;
    assert_eq!(pb.product_id, pid("BTC-USD"));
    assert_eq!(pb.bids.len(), 1);
    assert_eq!((s(pb.bids[0].price), s(pb.bids[0].size)), ("68900.00".into(), "1.5".into()));
    assert_eq!(pb.asks.len(), 1);
    assert_eq!((s(pb.asks[0].price), s(pb.asks[0].size)), ("68901.00".into(), "0.5".into()));
    assert_eq!(pb.time, Some(utc("2026-09-27T15:45:01.123456Z")));
    assert_eq!(so(book.last), some("68900.50"));
    assert_eq!(so(book.mid_market), some("68900.5"));
    assert_eq!(so(book.spread_bps), some("0.145"));
    assert_eq!(so(book.spread_absolute), some("1.00"));
}

#[test]
fn product_book_with_an_empty_side_and_empty_stats() {
    let book: ProductBookResponse = decode(fixture!("rest/product_book_public_empty_side.json"));
    let pb = &book.pricebook;
    assert_eq!(pb.product_id, pid("NEW-USD"));
    assert_eq!(pb.bids.len(), 2);
    assert_eq!((s(pb.bids[0].price), s(pb.bids[0].size)), ("0.000123".into(), "100000.00000000".into()));
    assert_eq!((s(pb.bids[1].price), s(pb.bids[1].size)), ("0.000122".into(), "0.00000001".into()));
    assert!(pb.asks.is_empty());
    assert_eq!(pb.time, Some(utc("2026-09-27T15:45:01Z")));
    assert_eq!((book.last, book.mid_market, book.spread_bps, book.spread_absolute), (None, None, None, None));
}

#[test]
fn best_bid_ask() {
    let response: BestBidAskResponse = decode(fixture!("rest/best_bid_ask.json"));
    assert_eq!(response.pricebooks.len(), 2);
    let eth = &response.pricebooks[1];
    assert_eq!(eth.product_id, pid("ETH-USD"));
    assert_eq!(
        eth.bids,
        vec![PriceLevel { price: dec("2668.35"), size: dec("12.00000000") }],
        "one level per side"
    );
    assert_eq!(s(eth.bids[0].size), "12.00000000");
    assert_eq!(s(eth.asks[0].size), "0.03710506");
    assert_eq!(eth.time, Some(utc("2026-09-27T15:45:01.200Z")));
    assert_eq!(s(response.pricebooks[0].asks[0].price), "68901.00");
}

#[test]
fn candles_newest_first() {
    let response: CandlesResponse = decode(fixture!("rest/candles.json"));
    assert_eq!(response.candles.len(), 2);
    let c = &response.candles[0];
    assert_eq!(c.start, "1712192400");
    assert_eq!(c.start_secs(), Some(1_712_192_400));
    assert_eq!(
        [s(c.low), s(c.high), s(c.open), s(c.close), s(c.volume)],
        ["66055.14", "66331.99", "66312.4", "66181.6", "355.82896243"].map(String::from)
    );
    assert_eq!(c.product_id, None);
    assert!(response.candles[0].start_secs() > response.candles[1].start_secs());
    assert_eq!(s(response.candles[1].volume), "358.74851052");
}

#[test]
fn market_trades_with_best_bid_ask() {
    let response: MarketTradesResponse = decode(fixture!("rest/market_trades.json"));
    assert_eq!(response.trades.len(), 1);
    let t = &response.trades[0];
    assert_eq!(t.trade_id, "846149798");
    assert_eq!(t.product_id, pid("BTC-USD"));
    assert_eq!((s(t.price), s(t.size)), ("140.91".into(), "4".into()));
    assert_eq!(t.time, utc("2021-05-31T09:59:59Z"));
    assert_eq!(t.side, Side::Buy, "maker side");
    assert_eq!(so(response.best_bid), some("291.13"));
    assert_eq!(so(response.best_ask), some("292.40"));
}

#[test]
fn market_trades_without_best_bid_ask() {
    let response: MarketTradesResponse = decode(fixture!("rest/market_trades_no_best.json"));
    assert_eq!(response.trades.len(), 2);
    let t = &response.trades[0];
    assert_eq!((s(t.price), s(t.size)), ("140.90".into(), "0.00000001".into()));
    assert_eq!(t.time, utc("2021-05-31T09:59:58.5Z"));
    assert_eq!(t.side, Side::Sell);
    let t = &response.trades[1];
    assert_eq!(s(t.size), "12.50");
    assert_eq!(t.side, Side::Buy);
    assert_eq!((response.best_bid, response.best_ask), (None, None));
}

// ---------------------------------------------------------------------------------------------
// REST: accounts, permissions, fees
// ---------------------------------------------------------------------------------------------

#[test]
fn accounts() {
    let page: AccountsPage = decode(fixture!("rest/accounts.json"));
    assert!(!page.has_next);
    assert_eq!(page.cursor, "");
    assert_eq!(page.accounts.len(), 1);

    let btc = &page.accounts[0];
    assert_eq!(btc.uuid, "8bfc20d7-f7c6-4422-bf07-8243ca4169fe");
    assert_eq!(btc.name, "BTC Wallet");
    assert_eq!(btc.currency, "BTC");
    assert_eq!(s(btc.available_balance.value), "1.23");
    assert_eq!(btc.available_balance.currency, "BTC");
    assert_eq!(btc.hold, Some(Money { value: dec("0"), currency: "BTC".into() }));
    assert_eq!(s(btc.hold_value()), "0");
    assert_eq!(btc.account_type, "ACCOUNT_TYPE_CRYPTO");
    assert!(btc.active);
    assert_eq!(btc.platform, "ACCOUNT_PLATFORM_CONSUMER");
}

#[test]
fn accounts_variants() {
    let page: AccountsPage = decode(fixture!("rest/accounts_variants.json"));
    assert!(page.has_next);
    assert_eq!(page.cursor, "NDk=");
    assert_eq!(page.accounts.len(), 2);

    // The docs' bare `FIAT` type, no `hold`, no `platform`, and a long scale.
    let usd = &page.accounts[0];
    assert_eq!(usd.currency, "USD");
    assert_eq!(usd.account_type, "FIAT");
    assert_eq!(s(usd.available_balance.value), "1000.5000000000000000");
    assert_eq!(usd.hold, None);
    assert_eq!(s(usd.hold_value()), "0");
    assert_eq!(usd.platform, "");

    let vault = &page.accounts[1];
    assert_eq!(vault.account_type, "ACCOUNT_TYPE_VAULT");
    assert_eq!(s(vault.available_balance.value), "0.00000000");
    assert_eq!(s(vault.hold_value()), "2.5");
}

#[test]
fn key_permissions() {
    let perms: KeyPermissions = decode(fixture!("rest/key_permissions.json"));
    assert_eq!(
        perms,
        KeyPermissions {
            can_view: true,
            can_trade: true,
            can_transfer: false,
            portfolio_uuid: "ca7244bc-2b3c-4d5e-8f90-0123456789ab".into(),
            portfolio_type: "DEFAULT".into(),
        }
    );
}

#[test]
fn transaction_summary_totals_are_json_numbers() {
    let summary: TransactionSummary = decode(fixture!("rest/transaction_summary.json"));
    assert_eq!(s(summary.total_volume), "1000");
    assert_eq!(s(summary.total_fees), "25");
    assert_eq!(summary.fee_tier.pricing_tier, "<$10k");
    assert_eq!(so(summary.fee_tier.taker_fee_rate), some("0.0010"));
    assert_eq!(so(summary.fee_tier.maker_fee_rate), some("0.0020"));

    let summary: TransactionSummary = decode(fixture!("rest/transaction_summary_fractional.json"));
    assert_eq!(s(summary.total_volume), "12345.67");
    assert_eq!(s(summary.total_fees), "0.1");
    assert_eq!(so(summary.fee_tier.taker_fee_rate), some("0.0090"));
    assert_eq!(so(summary.fee_tier.maker_fee_rate), some("0.0050"));

    // The numeric fields also take the string form and `null`.
    let summary: TransactionSummary = decode(r#"{"total_volume": "1000.50", "total_fees": null}"#);
    assert_eq!(s(summary.total_volume), "1000.50");
    assert_eq!(s(summary.total_fees), "0");
    // The fee rates are strings on the wire: a number there is refused.
    refuses_number::<TransactionSummary>(
        fixture!("rest/transaction_summary.json"),
        "/fee_tier/taker_fee_rate",
    );
}

// ---------------------------------------------------------------------------------------------
// REST: orders
// ---------------------------------------------------------------------------------------------

#[test]
fn create_order_success_with_legacy_top_level_fields() {
    let response: CreateOrderResponse = decode(fixture!("rest/create_order_success.json"));
    assert!(response.success);
    assert_eq!(response.failure_reason, some("UNKNOWN_FAILURE_REASON"));
    assert_eq!(response.order_id, some("a1b2c3d4-0000-4000-8000-000000000001"));
    assert_eq!(
        response.success_response,
        Some(CreateSuccess {
            order_id: "a1b2c3d4-0000-4000-8000-000000000001".into(),
            product_id: Some(pid("LTC-USD")),
            side: Some(Side::Buy),
            client_order_id: "clientOrderId".into(),
        })
    );
    assert_eq!(response.error_response, None);
    let echo = response.order_configuration.unwrap();
    assert_eq!(echo, json!({"sor_limit_ioc": {"base_size": "1", "limit_price": "82.9"}}));
    let config: OrderConfig = serde_json::from_value(echo).unwrap();
    assert_eq!(config, OrderConfig::SorLimitIoc(LimitIoc { base_size: dec("1"), limit_price: dec("82.9") }));
}

#[test]
fn create_order_failure_reason_in_error() {
    let response: CreateOrderResponse = decode(fixture!("rest/create_order_failure_error.json"));
    assert!(!response.success);
    assert_eq!(response.success_response, None);
    assert_eq!(response.failure_reason, None);
    let error = response.error_response.unwrap();
    assert_eq!(
        error,
        CreateError {
            error: "INSUFFICIENT_FUND".into(),
            message: "Insufficient balance in source account".into(),
            error_details: String::new(),
            preview_failure_reason: "PREVIEW_INSUFFICIENT_FUND".into(),
            new_order_failure_reason: "UNKNOWN_FAILURE_REASON".into(),
        }
    );
    // `new_order_failure_reason` is UNKNOWN, so `error` comes before `preview_failure_reason`.
    assert_eq!(error.reason(), "INSUFFICIENT_FUND");
}

#[test]
fn create_order_failure_reason_in_new_order_failure_reason() {
    let response: CreateOrderResponse = decode(fixture!("rest/create_order_failure_new_reason.json"));
    assert!(!response.success);
    assert_eq!(response.failure_reason, some("UNKNOWN_FAILURE_REASON"));
    assert_eq!(response.order_id, some(""));
    let error = response.error_response.unwrap();
    assert_eq!(error.new_order_failure_reason, "INVALID_LIMIT_PRICE_POST_ONLY");
    assert_eq!(error.error, "UNKNOWN_FAILURE_REASON");
    assert_eq!(error.preview_failure_reason, "UNKNOWN_PREVIEW_FAILURE_REASON");
    assert_eq!(error.message, "post only order would cross");
    assert_eq!(error.reason(), "INVALID_LIMIT_PRICE_POST_ONLY");
}

#[test]
fn create_order_failure_reason_in_preview_failure_reason() {
    let response: CreateOrderResponse = decode(fixture!("rest/create_order_failure_preview_reason.json"));
    assert!(!response.success);
    let error = response.error_response.unwrap();
    assert_eq!(error.reason(), "PREVIEW_INVALID_BASE_SIZE_TOO_SMALL");
    // The echo keeps the exact string the client sent (nine decimals).
    assert_eq!(
        response.order_configuration,
        Some(json!({"market_market_ioc": {"base_size": "0.000000001"}}))
    );
}

#[test]
fn create_order_failure_legacy_top_level_reason() {
    let response: CreateOrderResponse = decode(fixture!("rest/create_order_failure_legacy.json"));
    assert!(!response.success);
    assert_eq!(response.error_response, None);
    assert_eq!(response.failure_reason, some("UNSUPPORTED_ORDER_CONFIGURATION"));
    assert_eq!(response.order_id, some(""));

    let response: CreateOrderResponse =
        decode(fixture!("rest/create_order_failure_legacy_with_message.json"));
    assert_eq!(response.failure_reason, some("UNSUPPORTED_ORDER_CONFIGURATION"));
    let error = response.error_response.unwrap();
    // No code in `error_response`: `reason()` alone falls back to the message (the client
    // prefers the legacy top-level code over it; see tests/rest_client.rs).
    assert_eq!(error.reason(), "Market sells must be parameterized in base currency");
}

#[test]
fn create_error_reason_takes_the_first_real_code_in_reference_order() {
    let e = |new: &str, error: &str, preview: &str, message: &str, details: &str| CreateError {
        error: error.into(),
        message: message.into(),
        error_details: details.into(),
        preview_failure_reason: preview.into(),
        new_order_failure_reason: new.into(),
    };
    let cases = [
        // new_order_failure_reason first ...
        (
            e("INVALID_SIZE_PRECISION", "INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND", "m", "d"),
            "INVALID_SIZE_PRECISION",
        ),
        // ... then error ...
        (
            e("UNKNOWN_FAILURE_REASON", "INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND", "m", "d"),
            "INSUFFICIENT_FUND",
        ),
        (e("", "INSUFFICIENT_FUND", "PREVIEW_INSUFFICIENT_FUND", "m", "d"), "INSUFFICIENT_FUND"),
        // ... then preview_failure_reason ...
        (
            e(
                "UNKNOWN_FAILURE_REASON",
                "UNKNOWN_FAILURE_REASON",
                "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL",
                "m",
                "d",
            ),
            "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL",
        ),
        (e("", "", "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL", "m", "d"), "PREVIEW_INVALID_QUOTE_SIZE_TOO_SMALL"),
        // ... then the message, then the details ...
        (
            e(
                "UNKNOWN_FAILURE_REASON",
                "UNKNOWN_FAILURE_REASON",
                "UNKNOWN_PREVIEW_FAILURE_REASON",
                "account is not available",
                "d",
            ),
            "account is not available",
        ),
        (e("UNKNOWN_FAILURE_REASON", "", "", "", "order rejected upstream"), "order rejected upstream"),
        // ... and UNKNOWN_FAILURE_REASON when nothing is useful.
        (
            e("UNKNOWN_FAILURE_REASON", "UNKNOWN_FAILURE_REASON", "UNKNOWN_PREVIEW_FAILURE_REASON", "", ""),
            "UNKNOWN_FAILURE_REASON",
        ),
        (CreateError::default(), "UNKNOWN_FAILURE_REASON"),
    ];
    for (error, expected) in cases {
        assert_eq!(error.reason(), expected, "{error:?}");
    }
}

#[test]
fn preview_order() {
    let preview: PreviewOrderResponse = decode(fixture!("rest/preview_order.json"));
    assert_eq!(so(preview.order_total), some("60.37"));
    assert_eq!(so(preview.commission_total), some("0.36"));
    assert_eq!(preview.errs, vec!["UNKNOWN_PREVIEW_FAILURE_REASON".to_string()]);
    assert_eq!(preview.warning, vec!["UNKNOWN".to_string()]);
    assert!(preview.real_errors().is_empty());
    assert_eq!(so(preview.quote_size), some("60.01"));
    assert_eq!(so(preview.base_size), some("0.001"));
    assert_eq!(so(preview.best_bid), some("60010.00"));
    assert_eq!(so(preview.best_ask), some("60010.01"));
    assert_eq!(preview.preview_id, "b40bbff9-17ce-4726-8b64-9de7ae57ad26");
    assert_eq!(so(preview.est_average_filled_price), some("60010.01"));

    let preview: PreviewOrderResponse = decode(fixture!("rest/preview_order_errors.json"));
    assert_eq!(
        preview.real_errors(),
        vec!["PREVIEW_INVALID_BASE_SIZE_TOO_SMALL", "PREVIEW_INSUFFICIENT_FUND"]
    );
    assert_eq!(preview.warning, vec!["SMALL_ORDER".to_string()]);
    assert_eq!(preview.order_total, None);
    assert_eq!(preview.commission_total, None);
    assert_eq!(preview.quote_size, None);
    assert_eq!(so(preview.base_size), some("0.00000001"));
    assert_eq!(preview.preview_id, "");
    assert_eq!(preview.est_average_filled_price, None);
}

#[test]
fn edit_order_success_and_failure() {
    let ok: EditOrderResponse = decode(fixture!("rest/edit_order_success.json"));
    assert_eq!(ok, EditOrderResponse { success: true, errors: vec![] });

    let failed: EditOrderResponse = decode(fixture!("rest/edit_order_failure.json"));
    assert!(!failed.success);
    assert_eq!(
        failed.errors,
        vec![EditError {
            edit_failure_reason: "ONLY_LIMIT_ORDER_EDITS_SUPPORTED".into(),
            preview_failure_reason: "PREVIEW_INVALID_PRICE".into(),
        }]
    );

    let failed: EditOrderResponse = decode(fixture!("rest/edit_order_failure_preview_only.json"));
    assert!(!failed.success);
    assert_eq!(failed.errors[0].edit_failure_reason, "UNKNOWN_EDIT_ORDER_FAILURE_REASON");
    assert_eq!(failed.errors[0].preview_failure_reason, "PREVIEW_INSUFFICIENT_FUND");
}

#[test]
fn batch_cancel_mixed_results() {
    let response: CancelOrdersResponse = decode(fixture!("rest/batch_cancel.json"));
    let r = &response.results;
    assert_eq!(r.len(), 3);
    // A successful cancel still carries UNKNOWN_CANCEL_FAILURE_REASON: judge by `success`.
    assert_eq!(
        r[0],
        CancelResult {
            success: true,
            failure_reason: "UNKNOWN_CANCEL_FAILURE_REASON".into(),
            order_id: "id1".into()
        }
    );
    assert_eq!(
        r[1],
        CancelResult {
            success: false,
            failure_reason: "UNKNOWN_CANCEL_ORDER".into(),
            order_id: "id2".into()
        }
    );
    assert_eq!(
        r[2],
        CancelResult {
            success: false,
            failure_reason: "ORDER_IS_FULLY_FILLED".into(),
            order_id: "id3".into()
        }
    );
}

#[test]
fn get_order() {
    let response: GetOrderResponse = decode(fixture!("rest/get_order.json"));
    let o = response.order;
    assert_eq!(o.order_id, "0000-000000-000000");
    assert_eq!(o.product_id, pid("BTC-USD"));
    assert_eq!(
        o.order_configuration,
        Some(OrderConfig::LimitGtc(LimitGtc {
            base_size: dec("0.001"),
            limit_price: dec("10000.00"),
            post_only: false
        }))
    );
    assert_eq!(so(o.order_configuration.as_ref().and_then(OrderConfig::limit_price)), some("10000.00"));
    assert_eq!(o.side, Side::Buy);
    assert_eq!(o.client_order_id, "11111-000000-000000");
    assert_eq!(o.status, OrderStatus::Open);
    assert_eq!(o.time_in_force, "GOOD_UNTIL_CANCELLED");
    assert_eq!(o.created_time, utc("2021-05-31T09:59:59Z"));
    assert_eq!(o.last_fill_time, Some(utc("2021-05-31T10:30:00Z")));
    assert_eq!(so(o.completion_percentage), some("50"));
    assert_eq!(so(o.filled_size), some("0.0005"));
    assert_eq!(so(o.average_filled_price), some("10000"));
    assert_eq!(o.number_of_fills, "2");
    assert_eq!(so(o.filled_value), some("5"));
    assert_eq!(so(o.total_fees), some("0.03"));
    assert_eq!(so(o.total_value_after_fees), some("5.03"));
    assert_eq!(o.order_type, "LIMIT");
    assert_eq!(so(o.outstanding_hold_amount), some("5.03"));
    assert_eq!(o.trigger_status, "INVALID_ORDER_TYPE");
    assert!(!o.pending_cancel);
    assert!(!o.size_in_quote);
    assert_eq!(o.reject_reason, "REJECT_REASON_UNSPECIFIED");
}

#[test]
fn get_order_tolerates_new_fields_inside_the_configuration() {
    let mut value: Value = serde_json::from_str(fixture!("rest/get_order.json")).unwrap();
    value["order"]["order_configuration"]["limit_limit_gtc"]["rfq_disabled"] = json!(false);
    value["order"]["order_configuration"]["limit_limit_gtc"]["quote_size"] = json!("");
    let response: GetOrderResponse = decode(&value.to_string());
    assert_eq!(so(response.order.order_configuration.unwrap().base_size()), some("0.001"));
}

#[test]
fn list_orders_page_with_cursor() {
    let page: OrdersPage = decode(fixture!("rest/list_orders_page.json"));
    assert!(page.has_next);
    assert_eq!(page.cursor, "789100");
    assert_eq!(page.orders.len(), 3);

    let stop = &page.orders[0];
    assert_eq!(stop.side, Side::Sell);
    assert_eq!(stop.status, OrderStatus::Open);
    assert_eq!(stop.order_type, "STOP_LIMIT");
    assert_eq!(stop.trigger_status, "STOP_PENDING");
    assert_eq!(stop.last_fill_time, None);
    assert_eq!(stop.created_time, utc("2026-09-30T01:00:00.123456Z"));
    assert_eq!(
        stop.order_configuration,
        Some(OrderConfig::StopLimitGtd(StopLimit {
            base_size: dec("0.5"),
            limit_price: dec("2500.00"),
            stop_price: dec("2510.00"),
            stop_direction: StopDirection::Down,
            end_time: Some(utc("2026-10-01T00:00:00Z")),
        }))
    );
    assert_eq!(so(stop.order_configuration.as_ref().and_then(OrderConfig::stop_price)), some("2510.00"));
    assert_eq!(so(stop.filled_size), some("0"));

    let market = &page.orders[1];
    assert_eq!(market.status, OrderStatus::Filled);
    assert_eq!(
        market.order_configuration,
        Some(OrderConfig::MarketIoc(MarketIoc { quote_size: Some(dec("25.00")), base_size: None }))
    );
    assert_eq!(so(market.order_configuration.as_ref().and_then(OrderConfig::quote_size)), some("25.00"));
    assert_eq!(so(market.filled_size), some("0.00036123"));
    assert_eq!(so(market.completion_percentage), some("100.00"));
    assert_eq!(so(market.total_value_after_fees), some("25.00"));
    assert!(market.size_in_quote);
    assert_eq!(market.last_fill_time, Some(utc("2026-09-29T23:59:59.5Z")));

    // A configuration this client does not model (TWAP) leaves the order readable.
    let twap = &page.orders[2];
    assert_eq!(twap.order_configuration, None);
    assert_eq!(twap.status, OrderStatus::Queued);
    assert_eq!(twap.order_type, "TWAP");
    assert_eq!(twap.filled_size, None);
    assert_eq!(twap.number_of_fills, "");
}

#[test]
fn list_orders_live_empty_answer() {
    let page: OrdersPage = decode(fixture!("rest/list_orders_empty.json"));
    assert_eq!(page, OrdersPage { orders: vec![], has_next: false, cursor: String::new() });
}

#[test]
fn unknown_order_status_is_kept() {
    let mut value: Value = serde_json::from_str(fixture!("rest/get_order.json")).unwrap();
    value["order"]["status"] = json!("UNKNOWN_ORDER_STATUS");
    let response: GetOrderResponse = decode(&value.to_string());
    assert_eq!(response.order.status, OrderStatus::Other("UNKNOWN_ORDER_STATUS".into()));
    assert!(!response.order.status.is_working());
}

#[test]
fn fills() {
    let page: FillsPage = decode(fixture!("rest/fills.json"));
    assert_eq!(page.cursor, "789100");
    assert_eq!(page.fills.len(), 1);
    let f = &page.fills[0];
    assert_eq!(f.entry_id, "22222-2222222-22222222");
    assert_eq!(f.trade_id, "1111-11111-111111");
    assert_eq!(f.order_id, "0000-000000-000000");
    assert_eq!(f.trade_time, utc("2021-05-31T09:59:59Z"));
    assert_eq!(f.trade_type, "FILL");
    assert_eq!((s(f.price), s(f.size), s(f.commission)), ("10000.00".into(), "0.001".into(), "1.25".into()));
    assert_eq!(f.product_id, pid("BTC-USD"));
    assert_eq!(f.liquidity_indicator, "MAKER");
    assert_eq!(f.side, Side::Buy);

    let last: FillsPage = decode(r#"{"fills": [], "cursor": ""}"#);
    assert_eq!(last, FillsPage { fills: vec![], cursor: String::new() });
}

// ---------------------------------------------------------------------------------------------
// REST: error bodies
// ---------------------------------------------------------------------------------------------

fn status_body(error: &ApiError) -> (u16, &ErrorBody) {
    match error {
        ApiError::Status { status, body } => (*status, body),
        other => panic!("expected ApiError::Status, got {other:?}"),
    }
}

fn status_text(error: &ApiError) -> (u16, &str) {
    match error {
        ApiError::StatusText { status, excerpt } => (*status, excerpt.as_str()),
        other => panic!("expected ApiError::StatusText, got {other:?}"),
    }
}

#[test]
fn error_body_400_invalid_argument() {
    let text = fixture!("errors/400_invalid_argument.json");
    let body: ErrorBody = decode(text);
    let details = "start and end argument is invalid - number of candles requested should be less than 350";
    assert_eq!(
        body,
        ErrorBody {
            error: some("INVALID_ARGUMENT"),
            code: None,
            message: some(details),
            error_details: some(details)
        }
    );
    // Repeated text appears once.
    assert_eq!(body.summary(), format!("INVALID_ARGUMENT: {details}"));
    let error = from_status(400, text, None);
    assert_eq!(status_body(&error), (400, &body));
    assert!(!error.is_ambiguous());
    assert!(!error.is_unauthorized());
    assert_eq!(error.status(), Some(400));
}

#[test]
fn error_body_401_json_and_plain_text() {
    let text = fixture!("errors/401_unauthorized.json");
    let error = from_status(401, text, None);
    let (status, body) = status_body(&error);
    assert_eq!(status, 401);
    assert_eq!(body.error, some("UNAUTHORIZED"));
    assert_eq!(body.code, Some(16));
    assert_eq!(body.message, some("Unauthorized"));
    assert_eq!(body.error_details, None);
    assert_eq!(body.summary(), "UNAUTHORIZED: Unauthorized");
    assert!(error.is_unauthorized());
    assert!(!error.is_ambiguous());

    let error = from_status(401, fixture!("errors/401_unauthorized.txt"), None);
    assert_eq!(status_text(&error), (401, "Unauthorized"));
    assert!(error.is_unauthorized());
    assert!(!error.is_ambiguous());
}

#[test]
fn error_body_403_missing_scopes() {
    let error = from_status(403, fixture!("errors/403_missing_scopes.json"), None);
    let (status, body) = status_body(&error);
    assert_eq!(status, 403);
    assert_eq!(body.error, some("PERMISSION_DENIED"));
    assert_eq!(body.error_details, some("Missing required scopes"));
    assert_eq!(body.summary(), "PERMISSION_DENIED: Missing required scopes");
    assert!(!error.is_ambiguous());
}

#[test]
fn error_body_404_product_and_order() {
    let error = from_status(404, fixture!("errors/404_product.json"), None);
    let (status, body) = status_body(&error);
    assert_eq!(status, 404);
    assert_eq!(
        body,
        &ErrorBody {
            error: some("NOT_FOUND"),
            code: None,
            message: some("Product NOPE-USD not supported"),
            error_details: None
        }
    );
    assert_eq!(error.to_string(), "HTTP 404: NOT_FOUND: Product NOPE-USD not supported");

    let error = from_status(404, fixture!("errors/404_order.json"), None);
    let (status, body) = status_body(&error);
    assert_eq!(status, 404);
    assert_eq!(body.error, some("unknown"));
    assert_eq!(body.error_details, some("order with this orderID was not found"));
    assert_eq!(body.summary(), "unknown: order with this orderID was not found");
    assert!(!error.is_ambiguous());
}

#[test]
fn error_body_500_and_grpc_shape() {
    let error = from_status(500, fixture!("errors/500_internal.json"), None);
    let (status, body) = status_body(&error);
    assert_eq!(status, 500);
    assert_eq!(body.error, some("INTERNAL"));
    assert_eq!(body.error_details, some(""));
    assert_eq!(body.summary(), "INTERNAL: internal error");
    assert!(error.is_ambiguous());

    let error = from_status(503, fixture!("errors/grpc.json"), None);
    let (status, body) = status_body(&error);
    assert_eq!(status, 503);
    assert_eq!(body.error, some("unknown"));
    assert_eq!(body.code, Some(2));
    assert_eq!(body.message, some("rpc error: code = Unknown desc = upstream unavailable"));
    assert!(error.is_ambiguous());

    // The grpc shape with only `code` and `message`.
    let error = from_status(400, r#"{"code": 3, "message": "bad cursor", "details": []}"#, None);
    let (_, body) = status_body(&error);
    assert_eq!(body.code, Some(3));
    assert_eq!(body.summary(), "bad cursor");
}

#[test]
fn error_429_html_page_is_rate_limited() {
    let html = fixture!("errors/429_rate_limit.html");
    let error = from_status(429, html, Some(Duration::from_secs(2)));
    match &error {
        ApiError::RateLimited { retry_after, body } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(2)));
            assert!(body.starts_with("<!DOCTYPE html> <html lang=\"en-US\">"), "{body}");
            assert!(!body.contains('\n'));
            assert!(body.chars().count() <= 301, "excerpt is trimmed: {}", body.len());
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(error.status(), Some(429));
    assert!(!error.is_ambiguous());
    assert_eq!(error.to_string(), "rate limited by the exchange (HTTP 429), retry after 2s");
}

#[test]
fn error_429_app_style_errors_body() {
    let text = fixture!("errors/429_rate_limit.json");
    let body: ErrorsBody = decode(text);
    assert_eq!(
        body.errors,
        vec![ErrorsItem { id: "rate_limit_exceeded".into(), message: "Too many requests".into() }]
    );
    let error = from_status(429, text, None);
    assert_eq!(
        error,
        ApiError::RateLimited {
            retry_after: None,
            body: r#"{"errors":[{"id":"rate_limit_exceeded","message":"Too many requests"}]}"#.into()
        }
    );
    assert!(!error.is_ambiguous());
}

#[test]
fn error_html_5xx_is_status_text() {
    let error = from_status(502, fixture!("errors/502_bad_gateway.html"), None);
    let (status, excerpt) = status_text(&error);
    assert_eq!(status, 502);
    assert_eq!(
        excerpt,
        "<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 Bad Gateway</h1></center> \
         <hr><center>cloudflare</center> </body> </html>"
    );
    assert!(error.is_ambiguous());

    // An empty body and a JSON body with nothing useful are kept as text too.
    assert_eq!(from_status(500, "", None), ApiError::StatusText { status: 500, excerpt: String::new() });
    assert_eq!(from_status(404, "{}", None), ApiError::StatusText { status: 404, excerpt: "{}".into() });
}

// ---------------------------------------------------------------------------------------------
// WebSocket channels
// ---------------------------------------------------------------------------------------------

#[test]
fn ws_heartbeats_counter_as_number_and_as_string() {
    let WsMessage::Heartbeats(env) = ws(fixture!("ws/heartbeats.json")) else { panic!("not heartbeats") };
    assert_eq!(env.channel, "heartbeats");
    assert_eq!(env.client_id, "");
    assert_eq!(env.timestamp, utc("2026-09-30T02:37:15.057895263Z"));
    assert_eq!(env.sequence_num, 3);
    assert_eq!(env.events.len(), 1);
    assert_eq!(env.events[0].heartbeat_counter, 21697);
    assert_eq!(env.events[0].current_time, "2026-09-30 02:37:15.057778606 +0000 UTC m=+21697.195984854");

    let message = ws(fixture!("ws/heartbeats_string_counter.json"));
    assert_eq!(message.sequence_num(), Some(0));
    let WsMessage::Heartbeats(env) = message else { panic!("not heartbeats") };
    assert_eq!(env.client_id, "", "client_id may be missing");
    assert_eq!(env.events[0].heartbeat_counter, 3049);

    let bad = fixture!("ws/heartbeats.json").replace("21697}", "\"many\"}");
    assert!(WsMessage::parse(&bad).is_err());
}

#[test]
fn ws_ticker_with_best_bid_ask() {
    let message = ws(fixture!("ws/ticker.json"));
    assert_eq!(message.channel(), "ticker");
    let WsMessage::Ticker(env) = message else { panic!("not ticker") };
    assert_eq!(env.timestamp, utc("2023-02-09T20:30:37.167359596Z"));
    assert_eq!(env.events[0].kind, "snapshot");
    let t = &env.events[0].tickers[0];
    assert_eq!(t.product_id, "BTC-USD");
    assert_eq!(so(t.price), some("21932.98"));
    assert_eq!(so(t.volume_24_h), some("16038.28770938"));
    assert_eq!(so(t.low_24_h), some("21835.29"));
    assert_eq!(so(t.high_24_h), some("23011.18"));
    assert_eq!(so(t.price_percent_chg_24_h), some("-4.15775596190603"));
    assert_eq!(so(t.best_bid), some("21931.98"));
    assert_eq!(so(t.best_bid_quantity), some("8000.21"));
    assert_eq!(so(t.best_ask), some("21933.98"));
    assert_eq!(so(t.best_ask_quantity), some("8038.07770938"));
}

#[test]
fn ws_ticker_without_best_bid_ask() {
    let WsMessage::Ticker(env) = ws(fixture!("ws/ticker_without_best_bid_ask.json")) else {
        panic!("not ticker")
    };
    assert_eq!(env.sequence_num, 7);
    assert_eq!(env.events[0].kind, "update");
    let t = &env.events[0].tickers[0];
    assert_eq!(t.product_id, "ETH-USD");
    assert_eq!(so(t.price), some("1500.00000000"));
    assert_eq!(so(t.price_percent_chg_24_h), some("0.00000001"));
    assert_eq!((t.best_bid, t.best_bid_quantity, t.best_ask, t.best_ask_quantity), (None, None, None, None));
}

#[test]
fn ws_ticker_batch_and_the_all_empty_ticker() {
    let message = ws(fixture!("ws/ticker_batch.json"));
    assert_eq!(message.channel(), "ticker_batch");
    let WsMessage::TickerBatch(env) = message else { panic!("not ticker_batch") };
    assert_eq!(env.sequence_num, 12);
    let tickers = &env.events[0].tickers;
    assert_eq!(tickers.len(), 2);
    assert_eq!(tickers[0].product_id, "BTC-USD");
    assert_eq!(so(tickers[1].price), some("1500.1"));
    assert!(tickers.iter().all(|t| t.best_bid.is_none() && t.best_ask.is_none()));

    let WsMessage::TickerBatch(env) = ws(fixture!("ws/ticker_batch_empty_strings.json")) else {
        panic!("not ticker_batch")
    };
    let t = &env.events[0].tickers[0];
    assert_eq!(t.product_id, "", "skipped by consumers");
    assert_eq!(
        [t.price, t.volume_24_h, t.low_24_h, t.high_24_h, t.price_percent_chg_24_h],
        [None, None, None, None, None]
    );
    assert_eq!([t.best_bid, t.best_bid_quantity, t.best_ask, t.best_ask_quantity], [None, None, None, None]);
}

#[test]
fn ws_level2_snapshot_and_update() {
    let message = ws(fixture!("ws/l2_snapshot.json"));
    assert_eq!(message.channel(), "l2_data");
    let WsMessage::Level2(env) = message else { panic!("not l2_data") };
    let event = &env.events[0];
    assert_eq!(event.kind, "snapshot");
    assert_eq!(event.product_id, pid("BTC-USD"));
    assert_eq!(event.updates.len(), 2);
    let bid = &event.updates[0];
    assert_eq!(bid.side, L2Side::Bid);
    assert_eq!(bid.time(), Some(Utc.timestamp_opt(0, 0).unwrap()), "zero epoch in snapshots");
    assert_eq!((s(bid.price_level), s(bid.new_quantity)), ("21921.73".into(), "0.06317902".into()));
    let offer = &event.updates[1];
    assert_eq!(offer.side, L2Side::Offer);
    assert_eq!((s(offer.price_level), s(offer.new_quantity)), ("21922.30".into(), "0.02".into()));

    let WsMessage::Level2(env) = ws(fixture!("ws/l2_update.json")) else { panic!("not l2_data") };
    assert_eq!(env.sequence_num, 1);
    let event = &env.events[0];
    assert_eq!(event.kind, "update");
    let removed = &event.updates[0];
    assert_eq!(removed.side, L2Side::Bid);
    assert!(removed.new_quantity.is_zero(), "\"0\" removes the level");
    assert_eq!(s(removed.new_quantity), "0");
    assert_eq!(removed.time(), Some(utc("2023-02-09T20:32:50.987654Z")));
    assert_eq!(event.updates[1].side, L2Side::Offer);
    assert_eq!(s(event.updates[1].new_quantity), "1.50000000");

    // `ask` is not a level2 side.
    let ask = fixture!("ws/l2_update.json").replace("\"offer\"", "\"ask\"");
    assert!(WsMessage::parse(&ask).is_err());
}

#[test]
fn ws_market_trades() {
    let WsMessage::MarketTrades(env) = ws(fixture!("ws/market_trades.json")) else {
        panic!("not market_trades")
    };
    assert_eq!(env.sequence_num, 5);
    let event = &env.events[0];
    assert_eq!(event.kind, "update");
    assert_eq!(event.trades.len(), 2);
    let t = &event.trades[0];
    assert_eq!(t.product_id, pid("ETH-USD"));
    assert_eq!(t.trade_id, "846149798");
    assert_eq!((s(t.price), s(t.size)), ("2668.35".into(), "0.03710506".into()));
    assert_eq!(t.time, utc("2026-09-30T01:41:25.375232Z"));
    assert_eq!(t.side, Side::Sell);
    assert_eq!(event.trades[1].side, Side::Buy);
    assert_eq!(s(event.trades[1].size), "1");
}

#[test]
fn ws_candles() {
    let WsMessage::Candles(env) = ws(fixture!("ws/candles.json")) else { panic!("not candles") };
    assert_eq!(env.timestamp, utc("2023-06-09T20:19:35.39625135Z"));
    let c = &env.events[0].candles[0];
    assert_eq!(env.events[0].kind, "snapshot");
    assert_eq!(c.start_secs(), Some(1_688_998_200));
    assert_eq!(
        [s(c.high), s(c.low), s(c.open), s(c.close), s(c.volume)],
        ["1867.72", "1865.63", "1867.38", "1866.81", "0.20269406"].map(String::from)
    );
    assert_eq!(c.product_id, Some(pid("ETH-USD")));
}

#[test]
fn ws_status() {
    let WsMessage::Status(env) = ws(fixture!("ws/status.json")) else { panic!("not status") };
    let products = &env.events[0].products;
    assert_eq!(products.len(), 2);
    let btc = &products[0];
    assert_eq!(btc.id, "BTC-USD");
    assert_eq!(btc.status, "online");
    assert_eq!(so(btc.base_increment), some("0.00000001"));
    assert_eq!(so(btc.quote_increment), some("0.01"));
    assert_eq!(so(btc.min_market_funds), some("1"));
    assert_eq!(btc.status_message, "");
    let future = &products[1];
    assert_eq!(future.status, "", "futures may report an empty status");
    assert_eq!(future.min_market_funds, None);
}

#[test]
fn ws_user_snapshot() {
    let message = ws(fixture!("ws/user_snapshot.json"));
    assert_eq!(message.channel(), "user");
    let WsMessage::User(env) = message else { panic!("not user") };
    assert_eq!(env.events[0].kind, "snapshot");
    let o = &env.events[0].orders[0];
    assert_eq!(o.order_id, "YYY");
    assert_eq!(o.client_order_id, "XXX");
    assert_eq!(o.product_id, pid("BTC-USD"));
    assert_eq!(o.order_side, Side::Buy);
    assert_eq!(o.order_type, "Limit");
    assert!(o.order_type.eq_ignore_ascii_case("LIMIT"));
    assert_eq!(o.status, OrderStatus::Filled);
    assert_eq!(so(o.avg_price), some("50000"));
    assert_eq!(so(o.cumulative_quantity), some("0.01"));
    assert_eq!(so(o.leaves_quantity), some("0"));
    assert_eq!(so(o.limit_price), some("50000"));
    assert_eq!(o.stop_price, None, "empty stop_price is absent");
    assert_eq!(so(o.total_fees), some("2"));
    assert_eq!(so(o.filled_value), some("500"));
    assert_eq!(o.number_of_fills, "1");
    assert_eq!(o.time_in_force, "GOOD_UNTIL_CANCELLED");
    assert_eq!(o.post_only, "false");
    assert_eq!(o.creation_time, Some(utc("2024-06-21T18:29:13.909347Z")));
    assert_eq!(o.cancel_reason, "");
    assert_eq!(o.reject_reason, "");

    let WsMessage::User(env) = ws(fixture!("ws/user_snapshot_empty.json")) else { panic!("not user") };
    assert_eq!(env.sequence_num, 2);
    assert_eq!(env.events[0].kind, "snapshot");
    assert!(env.events[0].orders.is_empty());
}

#[test]
fn ws_user_update() {
    let WsMessage::User(env) = ws(fixture!("ws/user_update.json")) else { panic!("not user") };
    assert_eq!(env.sequence_num, 9);
    assert_eq!(env.timestamp, utc("2026-09-30T02:40:01.000000001Z"));
    let event = &env.events[0];
    assert_eq!(event.kind, "update");
    let o = &event.orders[0];
    assert_eq!(o.order_id, "e5b5a9a4-0000-4000-8000-00000000abcd");
    assert_eq!(o.order_side, Side::Sell);
    assert_eq!(o.order_type, "LIMIT");
    assert_eq!(o.status, OrderStatus::Open);
    assert_eq!(so(o.cumulative_quantity), some("0.4"));
    assert_eq!(so(o.leaves_quantity), some("0.60000000"));
    assert_eq!(so(o.avg_price), some("2668.35"));
    assert_eq!(so(o.stop_price), some("0"));
    assert_eq!(so(o.total_fees), some("0.00000001"));
    assert_eq!(o.post_only, "true");
    assert_eq!(o.number_of_fills, "3");
}

#[test]
fn ws_subscriptions_ack() {
    let WsMessage::Subscriptions(env) = ws(fixture!("ws/subscriptions_user.json")) else {
        panic!("not subscriptions")
    };
    assert_eq!(env.sequence_num, 1);
    assert_eq!(env.timestamp, utc("2026-09-30T02:37:14.08981798Z"));
    let subs = &env.events[0].subscriptions;
    assert_eq!(subs.len(), 1);
    assert_eq!(subs["user"], vec!["00000000-0000-0000-0000-000000000000".to_string()]);

    let message = ws(fixture!("ws/subscriptions_market.json"));
    assert_eq!(message.channel(), "subscriptions");
    assert_eq!(message.sequence_num(), Some(4));
    let WsMessage::Subscriptions(env) = message else { panic!("not subscriptions") };
    let subs = &env.events[0].subscriptions;
    assert_eq!(subs["level2"], vec!["BTC-USD".to_string()]);
    assert_eq!(subs["market_trades"], vec!["BTC-USD".to_string(), "ETH-USD".to_string()]);
}

#[test]
fn ws_error_messages() {
    for (text, expected) in [
        (fixture!("ws/error_subscribe.json"), "failure to subscribe"),
        (fixture!("ws/error_auth.json"), "authentication failure"),
    ] {
        let message = ws(text);
        assert_eq!(message, WsMessage::Error(WsError { kind: "error".into(), message: expected.into() }));
        assert_eq!(message.sequence_num(), None);
        assert_eq!(message.channel(), "error");
    }
}

#[test]
fn ws_unknown_channel_is_tolerated_with_its_sequence_number() {
    let message = ws(fixture!("ws/futures_balance_summary.json"));
    assert_eq!(
        message,
        WsMessage::Unknown { channel: "futures_balance_summary".into(), sequence_num: Some(42) }
    );
    assert_eq!(message.sequence_num(), Some(42));
    assert_eq!(message.channel(), "futures_balance_summary");

    let message = ws(r#"{"channel": "brand_new", "events": "anything"}"#);
    assert_eq!(message, WsMessage::Unknown { channel: "brand_new".into(), sequence_num: None });
    // A new message type outside the envelope is ignored as well.
    let message = ws(r#"{"type": "notice", "message": "maintenance at 03:00"}"#);
    assert_eq!(message, WsMessage::Unknown { channel: String::new(), sequence_num: None });
}

#[test]
fn ws_malformed_frames_are_errors() {
    assert!(WsMessage::parse("not json").is_err());
    assert!(WsMessage::parse("").is_err());
    // A known channel whose events break the schema is an error, not silently dropped.
    assert!(WsMessage::parse(r#"{"channel":"l2_data","timestamp":"2023-02-09T20:32:50Z","sequence_num":1,"events":[{"type":"update"}]}"#).is_err());
    assert!(
        WsMessage::parse(r#"{"channel":"ticker","timestamp":"2023-02-09T20:32:50Z","events":[]}"#).is_err()
    );
}

// ---------------------------------------------------------------------------------------------
// Tolerance: unknown fields everywhere
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_fields_are_tolerated_in_every_rest_fixture() {
    tolerant::<ServerTime>("time", fixture!("rest/time.json"));
    tolerant::<ProductsResponse>("products", fixture!("rest/products.json"));
    tolerant::<Product>("product", fixture!("rest/product_btc_usd.json"));
    tolerant::<ProductBookResponse>("product_book", fixture!("rest/product_book.json"));
    tolerant::<ProductBookResponse>("product_book 2", fixture!("rest/product_book_public_empty_side.json"));
    tolerant::<BestBidAskResponse>("best_bid_ask", fixture!("rest/best_bid_ask.json"));
    tolerant::<CandlesResponse>("candles", fixture!("rest/candles.json"));
    tolerant::<MarketTradesResponse>("market_trades", fixture!("rest/market_trades.json"));
    tolerant::<MarketTradesResponse>("market_trades 2", fixture!("rest/market_trades_no_best.json"));
    tolerant::<AccountsPage>("accounts", fixture!("rest/accounts.json"));
    tolerant::<AccountsPage>("accounts 2", fixture!("rest/accounts_variants.json"));
    tolerant::<KeyPermissions>("key_permissions", fixture!("rest/key_permissions.json"));
    tolerant::<CreateOrderResponse>("create ok", fixture!("rest/create_order_success.json"));
    tolerant::<CreateOrderResponse>("create error", fixture!("rest/create_order_failure_error.json"));
    tolerant::<CreateOrderResponse>("create new", fixture!("rest/create_order_failure_new_reason.json"));
    tolerant::<CreateOrderResponse>(
        "create preview",
        fixture!("rest/create_order_failure_preview_reason.json"),
    );
    tolerant::<CreateOrderResponse>("create legacy", fixture!("rest/create_order_failure_legacy.json"));
    tolerant::<PreviewOrderResponse>("preview", fixture!("rest/preview_order.json"));
    tolerant::<PreviewOrderResponse>("preview errs", fixture!("rest/preview_order_errors.json"));
    tolerant::<EditOrderResponse>("edit ok", fixture!("rest/edit_order_success.json"));
    tolerant::<EditOrderResponse>("edit failed", fixture!("rest/edit_order_failure.json"));
    tolerant::<CancelOrdersResponse>("batch_cancel", fixture!("rest/batch_cancel.json"));
    tolerant::<OrdersPage>("list_orders", fixture!("rest/list_orders_page.json"));
    tolerant::<OrdersPage>("list_orders empty", fixture!("rest/list_orders_empty.json"));
    tolerant::<GetOrderResponse>("get_order", fixture!("rest/get_order.json"));
    tolerant::<FillsPage>("fills", fixture!("rest/fills.json"));
    tolerant::<TransactionSummary>("transaction_summary", fixture!("rest/transaction_summary.json"));
    tolerant::<ErrorBody>("400", fixture!("errors/400_invalid_argument.json"));
    tolerant::<ErrorBody>("grpc", fixture!("errors/grpc.json"));
    tolerant::<ErrorsBody>("429", fixture!("errors/429_rate_limit.json"));
}

#[test]
fn unknown_fields_are_tolerated_in_every_ws_fixture() {
    let fixtures = [
        fixture!("ws/heartbeats.json"),
        fixture!("ws/heartbeats_string_counter.json"),
        fixture!("ws/ticker.json"),
        fixture!("ws/ticker_without_best_bid_ask.json"),
        fixture!("ws/ticker_batch.json"),
        fixture!("ws/ticker_batch_empty_strings.json"),
        fixture!("ws/l2_snapshot.json"),
        fixture!("ws/l2_update.json"),
        fixture!("ws/market_trades.json"),
        fixture!("ws/candles.json"),
        fixture!("ws/status.json"),
        fixture!("ws/user_snapshot.json"),
        fixture!("ws/user_snapshot_empty.json"),
        fixture!("ws/user_update.json"),
        fixture!("ws/subscriptions_user.json"),
        fixture!("ws/subscriptions_market.json"),
        fixture!("ws/error_subscribe.json"),
        fixture!("ws/error_auth.json"),
        fixture!("ws/futures_balance_summary.json"),
    ];
    for text in fixtures {
        let plain = ws(text);
        let noisy = WsMessage::parse(&with_unknown_fields(text))
            .unwrap_or_else(|e| panic!("{} with unknown fields: {e}", plain.channel()));
        assert_eq!(plain, noisy);
    }
}

// ---------------------------------------------------------------------------------------------
// Money never passes through f64
// ---------------------------------------------------------------------------------------------

#[test]
fn json_numbers_are_refused_where_coinbase_sends_decimal_strings() {
    refuses_number::<Product>(fixture!("rest/product_btc_usd.json"), "/price");
    refuses_number::<Product>(fixture!("rest/product_btc_usd.json"), "/base_increment");
    refuses_number::<Product>(fixture!("rest/product_btc_usd.json"), "/quote_min_size");
    refuses_number::<ProductsResponse>(fixture!("rest/products.json"), "/products/0/price_increment");
    refuses_number::<ProductBookResponse>(fixture!("rest/product_book.json"), "/pricebook/bids/0/price");
    refuses_number::<ProductBookResponse>(fixture!("rest/product_book.json"), "/pricebook/asks/0/size");
    refuses_number::<ProductBookResponse>(fixture!("rest/product_book.json"), "/mid_market");
    refuses_number::<BestBidAskResponse>(fixture!("rest/best_bid_ask.json"), "/pricebooks/0/bids/0/size");
    refuses_number::<CandlesResponse>(fixture!("rest/candles.json"), "/candles/0/volume");
    refuses_number::<MarketTradesResponse>(fixture!("rest/market_trades.json"), "/trades/0/price");
    refuses_number::<MarketTradesResponse>(fixture!("rest/market_trades.json"), "/best_bid");
    refuses_number::<AccountsPage>(fixture!("rest/accounts.json"), "/accounts/0/available_balance/value");
    refuses_number::<AccountsPage>(fixture!("rest/accounts.json"), "/accounts/0/hold/value");
    refuses_number::<PreviewOrderResponse>(fixture!("rest/preview_order.json"), "/commission_total");
    refuses_number::<GetOrderResponse>(fixture!("rest/get_order.json"), "/order/filled_size");
    refuses_number::<GetOrderResponse>(fixture!("rest/get_order.json"), "/order/total_fees");
    refuses_number::<FillsPage>(fixture!("rest/fills.json"), "/fills/0/commission");
    refuses_number::<FillsPage>(fixture!("rest/fills.json"), "/fills/0/size");

    ws_refuses_number(fixture!("ws/ticker.json"), "/events/0/tickers/0/price");
    ws_refuses_number(fixture!("ws/ticker.json"), "/events/0/tickers/0/best_ask_quantity");
    ws_refuses_number(fixture!("ws/l2_update.json"), "/events/0/updates/0/new_quantity");
    ws_refuses_number(fixture!("ws/l2_snapshot.json"), "/events/0/updates/1/price_level");
    ws_refuses_number(fixture!("ws/market_trades.json"), "/events/0/trades/0/size");
    ws_refuses_number(fixture!("ws/candles.json"), "/events/0/candles/0/close");
    ws_refuses_number(fixture!("ws/status.json"), "/events/0/products/0/min_market_funds");
    ws_refuses_number(fixture!("ws/user_update.json"), "/events/0/orders/0/cumulative_quantity");
    ws_refuses_number(fixture!("ws/user_update.json"), "/events/0/orders/0/total_fees");
}

#[test]
fn a_numeric_size_inside_an_order_configuration_is_not_read_as_money() {
    // In an order read back from the venue the configuration is lenient: it becomes "unknown"
    // rather than a float-derived value, and the rest of the order still decodes.
    let changed =
        as_number(fixture!("rest/get_order.json"), "/order/order_configuration/limit_limit_gtc/base_size");
    let response: GetOrderResponse = decode(&changed);
    assert_eq!(response.order.order_configuration, None);
    assert_eq!(so(response.order.filled_size), some("0.0005"));

    // The docs' own create-order example (numeric sizes, a price as stop_direction) is refused.
    let docs_example = r#"{"client_order_id": "x", "product_id": "BTC-USD", "side": "BUY",
        "order_configuration": {"limit_limit_gtc": {"base_size": 0.001, "limit_price": "60000.10"}}}"#;
    assert!(serde_json::from_str::<CreateOrderRequest>(docs_example).is_err());
    let docs_example = r#"{"stop_limit_stop_limit_gtc": {"base_size": "0.001", "limit_price": "60000",
        "stop_price": "59000", "stop_direction": "20000.00"}}"#;
    assert!(serde_json::from_str::<OrderConfig>(docs_example).is_err());
}

#[test]
fn decimal_strings_keep_their_scale_and_refuse_odd_forms() {
    let level: PriceLevel = decode(r#"{"price": "0.00000001", "size": "1.10000000"}"#);
    assert_eq!((s(level.price), s(level.size)), ("0.00000001".into(), "1.10000000".into()));
    for bad in ["1e-8", "+1", " 1", "1,5", ".5", "5.", "", "NaN", "0x10", "1_000"] {
        let text = format!(r#"{{"price": "{bad}", "size": "1"}}"#);
        assert!(serde_json::from_str::<PriceLevel>(&text).is_err(), "{bad:?} was accepted");
    }
    // Negative values are fine where they occur (24 h changes).
    let product: Product =
        decode(&fixture!("rest/product_btc_usd.json").replace("\"-0.28560028286595\"", "\"-0.10\""));
    assert_eq!(so(product.price_percentage_change_24h), some("-0.10"));
}

// ---------------------------------------------------------------------------------------------
// Request bodies: OrderConfig and the order bodies serialise to Coinbase's JSON shape
// ---------------------------------------------------------------------------------------------

fn end_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 12, 0, 0).unwrap()
}

/// `value` serialises to exactly `expected` (as JSON), without any `null`, and reads back equal.
fn wire_shape<T>(value: &T, expected: &str)
where
    T: serde::Serialize + DeserializeOwned + PartialEq + Debug,
{
    let text = serde_json::to_string(value).unwrap();
    assert!(!text.contains("null"), "{text}");
    let actual: Value = serde_json::from_str(&text).unwrap();
    let expected_value: Value = serde_json::from_str(expected).unwrap();
    assert_eq!(actual, expected_value, "\n actual: {text}\n expected: {expected}");
    let back: T = serde_json::from_str(expected).unwrap();
    assert_eq!(&back, value);
}

#[test]
fn every_order_config_serialises_to_the_coinbase_shape() {
    let cases: Vec<(OrderConfig, &str)> = vec![
        (
            OrderConfig::MarketIoc(MarketIoc { quote_size: Some(dec("10.00")), base_size: None }),
            r#"{"market_market_ioc": {"quote_size": "10.00"}}"#,
        ),
        (
            OrderConfig::MarketIoc(MarketIoc { quote_size: None, base_size: Some(dec("0.00000001")) }),
            r#"{"market_market_ioc": {"base_size": "0.00000001"}}"#,
        ),
        (
            OrderConfig::SorLimitIoc(LimitIoc { base_size: dec("1"), limit_price: dec("82.90") }),
            r#"{"sor_limit_ioc": {"base_size": "1", "limit_price": "82.90"}}"#,
        ),
        (
            OrderConfig::LimitGtc(LimitGtc {
                base_size: dec("0.001"),
                limit_price: dec("60000.10"),
                post_only: true,
            }),
            r#"{"limit_limit_gtc": {"base_size": "0.001", "limit_price": "60000.10", "post_only": true}}"#,
        ),
        (
            OrderConfig::LimitGtc(LimitGtc {
                base_size: dec("0.50000000"),
                limit_price: dec("2500"),
                post_only: false,
            }),
            r#"{"limit_limit_gtc": {"base_size": "0.50000000", "limit_price": "2500", "post_only": false}}"#,
        ),
        (
            OrderConfig::LimitGtd(LimitGtd {
                base_size: dec("0.001"),
                limit_price: dec("60000.10"),
                end_time: end_time(),
                post_only: false,
            }),
            r#"{"limit_limit_gtd": {"base_size": "0.001", "limit_price": "60000.10",
                "end_time": "2026-11-01T12:00:00Z", "post_only": false}}"#,
        ),
        (
            OrderConfig::LimitFok(LimitIoc { base_size: dec("0.25"), limit_price: dec("3000.01") }),
            r#"{"limit_limit_fok": {"base_size": "0.25", "limit_price": "3000.01"}}"#,
        ),
        (
            OrderConfig::StopLimitGtc(StopLimit {
                base_size: dec("0.001"),
                limit_price: dec("70100.00"),
                stop_price: dec("70000.00"),
                stop_direction: StopDirection::Up,
                end_time: None,
            }),
            r#"{"stop_limit_stop_limit_gtc": {"base_size": "0.001", "limit_price": "70100.00",
                "stop_price": "70000.00", "stop_direction": "STOP_DIRECTION_STOP_UP"}}"#,
        ),
        (
            OrderConfig::StopLimitGtd(StopLimit {
                base_size: dec("0.001"),
                limit_price: dec("59900"),
                stop_price: dec("60000"),
                stop_direction: StopDirection::Down,
                end_time: Some(end_time()),
            }),
            r#"{"stop_limit_stop_limit_gtd": {"base_size": "0.001", "limit_price": "59900",
                "stop_price": "60000", "stop_direction": "STOP_DIRECTION_STOP_DOWN",
                "end_time": "2026-11-01T12:00:00Z"}}"#,
        ),
        (
            OrderConfig::BracketGtc(Bracket {
                base_size: dec("0.001"),
                limit_price: dec("75000.00"),
                stop_trigger_price: dec("65000.00"),
                end_time: None,
            }),
            r#"{"trigger_bracket_gtc": {"base_size": "0.001", "limit_price": "75000.00",
                "stop_trigger_price": "65000.00"}}"#,
        ),
        (
            OrderConfig::BracketGtd(Bracket {
                base_size: dec("0.001"),
                limit_price: dec("75000.00"),
                stop_trigger_price: dec("65000.00"),
                end_time: Some(end_time()),
            }),
            r#"{"trigger_bracket_gtd": {"base_size": "0.001", "limit_price": "75000.00",
                "stop_trigger_price": "65000.00", "end_time": "2026-11-01T12:00:00Z"}}"#,
        ),
    ];
    for (config, expected) in &cases {
        wire_shape(config, expected);
    }
    // One case per variant.
    let mut names: Vec<String> = cases
        .iter()
        .map(|(c, _)| serde_json::to_value(c).unwrap().as_object().unwrap().keys().cloned().collect())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 9, "{names:?}");
}

#[test]
fn order_request_bodies_serialise_to_the_coinbase_shape() {
    let create = CreateOrderRequest {
        client_order_id: "9f2c0b7e-1c1e-4f0e-9b7a-0c8f0e2d5a11".into(),
        product_id: pid("BTC-USD"),
        side: Side::Buy,
        order_configuration: OrderConfig::LimitGtc(LimitGtc {
            base_size: dec("0.001"),
            limit_price: dec("60000.10"),
            post_only: true,
        }),
    };
    // The reference's example request, verbatim.
    wire_shape(
        &create,
        r#"{
          "client_order_id": "9f2c0b7e-1c1e-4f0e-9b7a-0c8f0e2d5a11",
          "product_id": "BTC-USD",
          "side": "BUY",
          "order_configuration": {
            "limit_limit_gtc": {"base_size": "0.001", "limit_price": "60000.10", "post_only": true}
          }
        }"#,
    );

    let preview = PreviewOrderRequest {
        product_id: pid("ETH-USD"),
        side: Side::Sell,
        order_configuration: OrderConfig::MarketIoc(MarketIoc {
            quote_size: None,
            base_size: Some(dec("0.0100")),
        }),
    };
    wire_shape(
        &preview,
        r#"{"product_id": "ETH-USD", "side": "SELL", "order_configuration": {"market_market_ioc": {"base_size": "0.0100"}}}"#,
    );

    let edit = EditOrderRequest { order_id: "o-1".into(), price: dec("60000.00"), size: dec("0.002") };
    wire_shape(&edit, r#"{"order_id": "o-1", "price": "60000.00", "size": "0.002"}"#);

    let cancel = CancelOrdersRequest { order_ids: vec!["id1".into(), "id2".into()] };
    wire_shape(&cancel, r#"{"order_ids": ["id1", "id2"]}"#);
}
