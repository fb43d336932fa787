//! Domain values for model and UI tests: products, books, trades, orders and balances built
//! directly, with no JSON (the wire → domain step has its own tests in `tests/parse_rest.rs` and `tests/parse_ws.rs`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use cbterm::app::FeedKind;
use cbterm::app::Msg;
use cbterm::domain::{
    Balance, BookEvent, BookLevel, BookSide, Candle, EventKind, FeedEvent, Fill, Listing, MarketEvent,
    OrderRecord, OrderStatus, OrderType, OrderUpdate, Product, ProductId, ProductRules, Side, Size, Ticker,
    Trade,
};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

pub mod dashboard;

/// A product id.
pub fn id(s: &str) -> ProductId {
    ProductId(s.into())
}

/// A decimal, scale as written.
pub fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

/// An RFC 3339 time.
pub fn time(s: &str) -> DateTime<Utc> {
    s.parse().expect("time")
}

/// Rules of an online product: `tick`, `lot` (also the minimum size), quote precision 0.01, a
/// minimum notional of 1, and the given maximums.
pub fn rules(product: &str, tick: &str, lot: &str, base_max: &str, quote_max: &str) -> ProductRules {
    ProductRules {
        id: id(product),
        price_increment: dec(tick),
        base_increment: dec(lot),
        quote_increment: dec("0.01"),
        base_min_size: dec(lot),
        base_max_size: dec(base_max),
        quote_min_size: dec("1"),
        quote_max_size: dec(quote_max),
        trading_disabled: false,
        cancel_only: false,
        limit_only: false,
        post_only: false,
    }
}

/// A product with these rules and no 24 h statistics.
pub fn product(rules: ProductRules) -> Product {
    Product { rules, price: None, change_pct_24h: None, volume_24h: None, listing: Listing::Online }
}

/// A product with its last price and 24 h change and volume.
pub fn product_with_stats(rules: ProductRules, price: &str, pct: &str, volume: &str) -> Product {
    Product {
        rules,
        price: Some(dec(price)),
        change_pct_24h: Some(dec(pct)),
        volume_24h: Some(dec(volume)),
        listing: Listing::Online,
    }
}

/// The BTC-USD of the `update_*` tests: tick 0.01, lot 0.0001, at most 100 BTC and 1,000,000 USD.
pub fn btc_rules() -> ProductRules {
    rules("BTC-USD", "0.01", "0.0001", "100", "1000000")
}

/// One level of a book event.
pub fn level(side: BookSide, price: &str, size: &str) -> BookLevel {
    BookLevel { side, price: dec(price), size: dec(size) }
}

/// A level2 event of `product` as a market feed event.
pub fn book(product: &str, kind: EventKind, levels: Vec<BookLevel>) -> FeedEvent {
    FeedEvent::Market(vec![MarketEvent::Book(BookEvent { product: id(product), kind, levels })])
}

/// A market feed message.
pub fn market_msg(event: FeedEvent, at: std::time::Instant) -> Msg {
    Msg::Feed { feed: FeedKind::Market, event, at }
}

/// A ticker with a last price, 24 h change and volume, and a best bid and ask.
pub fn ticker(product: &str, price: &str, pct: &str, volume: Option<&str>, bid: &str, ask: &str) -> Ticker {
    Ticker {
        product: id(product),
        price: Some(dec(price)),
        volume_24h: volume.map(dec),
        change_pct_24h: Some(dec(pct)),
        best_bid: Some(dec(bid)),
        best_ask: Some(dec(ask)),
    }
}

/// Tickers as one market feed event.
pub fn tickers(tickers: Vec<Ticker>) -> FeedEvent {
    FeedEvent::Market(tickers.into_iter().map(MarketEvent::Ticker).collect())
}

/// A market trade taken by `taker`.
pub fn trade(trade_id: &str, product: &str, taker: Side, price: &str, size: &str, at: &str) -> Trade {
    Trade {
        id: trade_id.into(),
        product: id(product),
        time: time(at),
        taker,
        price: dec(price),
        size: dec(size),
    }
}

/// Trades as one market feed event.
pub fn trades(kind: EventKind, trades: Vec<Trade>) -> FeedEvent {
    FeedEvent::Market(vec![MarketEvent::Trades { kind, trades }])
}

/// A candle.
pub fn candle(start: i64, open: &str, high: &str, low: &str, close: &str, volume: &str) -> Candle {
    Candle { start, open: dec(open), high: dec(high), low: dec(low), close: dec(close), volume: dec(volume) }
}

/// A balance.
pub fn balance(currency: &str, available: &str, hold: &str) -> Balance {
    Balance { currency: currency.into(), available: dec(available), hold: dec(hold) }
}

/// An open limit buy of `size` BTC-USD at 49000.00 with no fills, created 2026-01-02 03:00 UTC.
pub fn resting_buy(order_id: &str, size: &str) -> OrderRecord {
    let at = "2026-01-02T03:00:00Z";
    limit_order(order_id, "c-1", "BTC-USD", Side::Buy, OrderStatus::Open, "49000.00", size, "0", at)
}

/// A limit order as a REST listing reports it (`limit_limit_gtc`, no fills yet unless `filled`).
#[allow(clippy::too_many_arguments)]
pub fn limit_order(
    order_id: &str,
    client_order_id: &str,
    product: &str,
    side: Side,
    status: OrderStatus,
    price: &str,
    size: &str,
    filled: &str,
    created: &str,
) -> OrderRecord {
    OrderRecord {
        order_id: order_id.into(),
        client_order_id: client_order_id.into(),
        product: id(product),
        side,
        order_type: OrderType::Limit,
        limit_price: Some(dec(price)),
        stop_price: None,
        size: Some(Size::Base(dec(size))),
        filled: dec(filled),
        avg_price: None,
        fees: dec("0"),
        status,
        created: Some(time(created)),
        cancel_pending: false,
    }
}

/// Order updates as one user feed event.
pub fn user(kind: EventKind, orders: Vec<OrderRecord>) -> FeedEvent {
    FeedEvent::User(orders.into_iter().map(|order| OrderUpdate { kind, order }).collect())
}

/// A fill of order `o`.
pub fn fill(trade_id: &str, product: &str, side: Side, at: &str, price: &str, size: &str, fee: &str) -> Fill {
    Fill {
        trade_id: trade_id.into(),
        order_id: "o".into(),
        product: id(product),
        side,
        time: time(at),
        price: dec(price),
        size: dec(size),
        fee: dec(fee),
    }
}

/// The last error as the status bar words it.
pub fn error_text(m: &cbterm::app::Model) -> Option<String> {
    m.error().map(cbterm::ui::words::problem)
}

/// BTC-USD with its rules (see [`btc_rules`]), a live book 49990.00 / 50010.00, and 1000 USD
/// and 1 BTC available; client order ids drawn from `seed`.
pub fn btc_model(seed: u64) -> cbterm::app::Model {
    use cbterm::app::{Model, ModelInit, VenueLabel};
    let t0 = std::time::Instant::now();
    let mut m = Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: cbterm::app::keymap::Keymap::builtin().expect("keymap"),
        watch: vec![id("BTC-USD")],
        has_credentials: true,
        now: t0,
        wall: time("2026-01-02T03:04:05Z"),
        ids: cbterm::domain::ClientOrderIds::seeded(seed),
    });
    m.update(Msg::ProductsLoaded(vec![product(btc_rules())]));
    m.update(market_msg(FeedEvent::Connected, t0));
    let levels = vec![level(BookSide::Bid, "49990.00", "1"), level(BookSide::Ask, "50010.00", "1")];
    m.update(market_msg(book("BTC-USD", EventKind::Snapshot, levels), t0));
    m.update(Msg::AccountsLoaded(vec![balance("USD", "1000", "0"), balance("BTC", "1", "0")]));
    m
}

/// Types `text` into whatever has the keyboard, a character at a time.
pub fn type_text(m: &mut cbterm::app::Model, text: &str) {
    for c in text.chars() {
        m.update(Msg::Typed(c));
    }
}

/// The fee tier the ticket tests use: maker 0.40 %, taker 0.60 %.
pub fn fee_tier() -> cbterm::domain::FeeTier {
    cbterm::domain::FeeTier {
        name: "Advanced 1".into(),
        rates: cbterm::domain::FeeRates { maker: dec("0.004"), taker: dec("0.006") },
    }
}
