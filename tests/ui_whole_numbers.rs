//! Every number drawn is a whole value from the model, at any terminal size: a column that
//! does not fit is dropped, never cut (a right-aligned `100000` cut to 4 cells reads `0000`).
//!
//! The fixture holds wide values. Each pane, and the whole screen with each detail pane in
//! front, is drawn at widths up to 200 and heights 24 and 48; every word with a digit on screen
//! must either be one of the model's formatted values or not be a piece (a proper prefix or
//! suffix) of any of them: `0000` next to a balance of `100000` fails, `03:03:45` passes.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::model::Pane;
use cbterm::app::{Action, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{
    BookSide, Candle, ClientOrderIds, EventKind, FeedEvent, Granularity, OrderStatus, Product, ProductId,
    Side, Ticker,
};
use cbterm::ui::fmt;
use chrono::{DateTime, Utc};
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use ratatui::{Frame, Terminal};
use rust_decimal::Decimal;
use support::{balance, dec, fill, level, limit_order, product_with_stats, rules, trade};

mod support;

const WALL: &str = "2026-01-02T03:04:05Z";

fn wall() -> DateTime<Utc> {
    WALL.parse().expect("fixed time")
}

fn feed(model: &mut Model, event: FeedEvent, at: Instant) {
    model.update(Msg::Feed { feed: FeedKind::Market, event, at });
}

fn product(id: &str, price: &str, tick: &str, lot: &str) -> Product {
    product_with_stats(rules(id, tick, lot, "100000000", "100000000"), price, "1.5", "1234567.12345678")
}

fn ticker(id: &str, price: &str, bid: &str, ask: &str, pct: &str) -> Ticker {
    support::ticker(id, price, pct, Some("1234567.12345678"), bid, ask)
}

fn market(model: &mut Model, t0: Instant) {
    let tickers = vec![
        ticker("BTC-USD", "68000.01", "67999.99", "68000.01", "2.5"),
        ticker("DOGE-USD", "0.15012", "0.15011", "0.15013", "-7.25"),
        ticker("ETH-USD", "3456.78", "3456.77", "3456.79", "0.75"),
    ];
    feed(model, support::tickers(tickers), t0);
    let sizes = ["0.00397963", "1234.56789", "0.5", "98765.4321", "12.34567891"];
    let mut updates = Vec::new();
    for k in 0..20i64 {
        let size = sizes[k as usize % sizes.len()];
        let ask = format!("{}.01", 68000 + k * 7);
        let bid = format!("{}.99", 67999 - k * 7);
        updates.push(level(BookSide::Ask, &ask, size));
        updates.push(level(BookSide::Bid, &bid, size));
    }
    let book = support::book("BTC-USD", EventKind::Snapshot, updates);
    feed(model, book, t0 + Duration::from_millis(100));
    let trades = (0..30)
        .map(|i| {
            // At the book's best prices: sells hit the bid, buys lift the ask (the newest, 29).
            let (taker, price) = if i % 3 == 0 { (Side::Sell, "67999.99") } else { (Side::Buy, "68000.01") };
            let at = format!("2026-01-02T03:03:{:02}Z", 20 + i);
            trade(&format!("t{i}"), "BTC-USD", taker, price, sizes[i % sizes.len()], &at)
        })
        .collect();
    feed(model, support::trades(EventKind::Snapshot, trades), t0 + Duration::from_millis(200));
}

/// Two hours of one-minute candles up to 03:03, the minute of the last trades, closing at the
/// last price.
fn candles() -> Vec<Candle> {
    let raw_close = |i: i64| 67900 + (i * 37) % 200 + (i * 53) % 90 - 45;
    let shift = dec("68000.01") - Decimal::from(raw_close(119));
    (0..120i64)
        .map(|i| {
            let open = 67900 + (i * 37) % 200;
            let close = raw_close(i);
            let (lo, hi) = (format!("{}.12", open.min(close) - 20), format!("{}.45", open.max(close) + 25));
            Candle {
                start: 1_767_322_800 + 4 * 60 - 60 * 120 + 60 * i,
                open: Decimal::from(open) + shift,
                high: dec(&hi) + shift,
                low: dec(&lo) + shift,
                close: Decimal::from(close) + shift,
                volume: dec("3.5"),
            }
        })
        .collect()
}

fn account(model: &mut Model) {
    let balances = vec![
        balance("USD", "1234567.12345678", "98765.4321"),
        balance("BTC", "0.00397963", "12.5"),
        balance("DOGE", "123456.7", "0.00000001"),
    ];
    model.update(Msg::AccountsLoaded(balances));
    let order = |id: &str, product: &str, side: Side, price: &str, size: &str, filled: &str| {
        let created = "2026-01-02T01:47:05Z";
        limit_order(id, &format!("c-{id}"), product, side, OrderStatus::Open, price, size, filled, created)
    };
    let orders = vec![
        order("11111111-aaaa", "BTC-USD", Side::Buy, "68000.00", "0.00397963", "0.00123456"),
        order("22222222-bbbb", "DOGE-USD", Side::Sell, "0.15012", "123456.7", "98765.4321"),
        order("33333333-cccc", "ETH-USD", Side::Buy, "3456.78", "1234.56789", "0"),
    ];
    model.update(Msg::OpenOrdersLoaded(orders));
    let one = |i: u32, product: &str, price: &str, size: &str, fee: &str| {
        let side = if i.is_multiple_of(2) { Side::Buy } else { Side::Sell };
        fill(&format!("f{i}"), product, side, &format!("2026-01-02T02:5{i}:00Z"), price, size, fee)
    };
    let fills = vec![
        one(1, "BTC-USD", "68000.00", "0.00397963", "1.61234567"),
        one(2, "DOGE-USD", "0.15012", "123456.7", "0.11122233"),
        one(3, "ETH-USD", "3456.78", "1234.56789", "25.60"),
    ];
    model.update(Msg::FillsLoaded(fills));
    model.update(Msg::FeesLoaded(Some(support::fee_tier())));
}

fn fixture() -> Model {
    let t0 = Instant::now();
    let watch = ["BTC-USD", "DOGE-USD", "ETH-USD"].iter().map(|p| ProductId(p.to_string())).collect();
    let init = ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch,
        has_credentials: true,
        now: t0,
        wall: wall(),
        ids: ClientOrderIds::seeded(1),
    };
    let mut model = Model::new(init);
    let products = vec![
        product("BTC-USD", "68000.00", "0.01", "0.00000001"),
        product("DOGE-USD", "0.15012", "0.00001", "0.1"),
        product("ETH-USD", "3456.78", "0.01", "0.00001"),
    ];
    model.update(Msg::ProductsLoaded(products));
    feed(&mut model, FeedEvent::Connected, t0);
    model.update(Msg::Feed { feed: FeedKind::User, event: FeedEvent::Connected, at: t0 });
    let granularity = Granularity::OneMinute;
    model.update(Msg::CandlesLoaded {
        product: ProductId("BTC-USD".into()),
        granularity,
        candles: candles(),
    });
    market(&mut model, t0);
    account(&mut model);
    model.update(Msg::Tick { now: t0 + Duration::from_millis(300), wall: wall() });
    model
}

/// The words of a screen line: split at spaces, borders (`│╭─`), bars and sparklines (`█▁`).
fn words(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| c.is_whitespace() || ('\u{2500}'..='\u{259f}').contains(&c))
        .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
}

/// Every money value the panes show, formatted as the panes format it.
fn expected(model: &Model) -> BTreeSet<String> {
    let mut shown: Vec<String> = Vec::new();
    let inc = |p: &ProductId| model.rules.get(p).map(|r| r.price_increment);
    for b in &model.account.balances {
        let amount = |v| fmt::amount(v, &b.currency, model.rules.values());
        shown.extend([amount(b.available), amount(b.hold)]);
    }
    for f in &model.account.fills {
        let fee = fmt::amount(f.fee, f.product.quote(), model.rules.values());
        shown.extend([fmt::price(f.price, inc(&f.product)), fmt::size(f.size), fee]);
    }
    // The fee tier's name is shown whole in the Balances title (`Advanced 1`).
    shown.extend(model.account.fee_tier.iter().flat_map(|t| t.name.split(' ').map(String::from)));
    for row in cbterm::ui::portfolio::rows(model) {
        shown.extend(row.iter().map(|cell| cell.content.to_string()).filter(|c| !c.is_empty()));
    }
    for o in &model.account.orders {
        shown.extend([fmt::opt_price(o.price, inc(&o.product)), fmt::size(o.filled)]);
        shown.extend(o.stop.map(|p| fmt::price(p, inc(&o.product))));
        shown.extend(o.size.map(|s| fmt::order_size(s, &o.product, model.rules.values())));
    }
    for (p, m) in &model.markets {
        let inc = inc(p);
        for price in [m.last, m.best_bid, m.best_ask, m.spread()] {
            shown.push(fmt::opt_price(price, inc));
        }
        shown.extend(m.change_pct.map(fmt::pct));
        shown.extend(m.change_abs().map(|d| fmt::signed(d, inc)));
        shown.extend(m.volume.map(fmt::compact));
        for t in &m.trades {
            shown.extend([fmt::price(t.price, inc), fmt::size(t.size)]);
        }
        for b in &m.candles.bars {
            shown.extend([fmt::price(b.high, inc), fmt::price(b.low, inc)]);
        }
        if let Some(tick) = model.book_tick() {
            let (asks, bids) = m.book.ladder(tick, 1000);
            for (price, size) in asks.iter().chain(&bids) {
                shown.extend([fmt::price(*price, inc), fmt::size(*size)]);
            }
            shown.push(tick.normalize().to_string());
        }
    }
    shown.into_iter().collect()
}

/// The pieces of expected values on screen, described. `whole` are other numbers that may be
/// shown whole (the order count in the title).
fn cut_numbers(screen: &[String], expected: &BTreeSet<String>, whole: &[String]) -> Vec<String> {
    let mut cut = Vec::new();
    for line in screen {
        for word in words(line) {
            if expected.contains(word) || whole.iter().any(|w| w == word) {
                continue;
            }
            if let Some(value) = expected.iter().find(|v| v.ends_with(word) || v.starts_with(word)) {
                cut.push(format!("{word:?} (piece of {value}) in {line:?}"));
            }
        }
    }
    cut
}

fn render(width: u16, height: u16, draw: impl FnOnce(&mut Frame)) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(draw).expect("draw");
    let buffer = terminal.backend().buffer();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect()
}

type PaneDraw = fn(&mut Frame, &Model, Rect);

const PANES: [(&str, PaneDraw); 6] = [
    ("watchlist", cbterm::ui::watchlist::draw),
    ("book", cbterm::ui::book::draw),
    ("trades", cbterm::ui::trades::draw),
    ("orders", cbterm::ui::orders::draw),
    ("balances", cbterm::ui::balances::draw),
    ("chart", cbterm::ui::chart::draw),
];

/// Widths `from..=200` in steps of 7 (and 200), heights 24 and 48.
fn sizes(from: u16) -> impl Iterator<Item = (u16, u16)> {
    (from..=200u16).step_by(7).chain([200]).flat_map(|w| [(w, 24), (w, 48)])
}

#[test]
fn no_pane_cuts_a_number_at_any_size() {
    let model = fixture();
    let expected = expected(&model);
    let whole = [model.account.orders.len().to_string()];
    let mut failures = Vec::new();
    // From 12 (then 40, 47, ...): a pane alone can be squeezed well below the dashboard's minimum.
    for (width, height) in sizes(12) {
        for (name, draw) in PANES {
            let screen = render(width, height, |f| draw(f, &model, f.area()));
            for cut in cut_numbers(&screen, &expected, &whole) {
                failures.push(format!("{name} at {width}x{height}: {cut}"));
            }
        }
    }
    assert!(failures.is_empty(), "numbers cut:\n{}", failures.join("\n"));
}

#[test]
fn the_dashboard_cuts_no_number_at_any_size() {
    let mut model = fixture();
    let expected = expected(&model);
    let whole = [model.account.orders.len().to_string()];
    let mut failures = Vec::new();
    // Watchlist focus shows the trades in the compact layout; then the chart, then balances.
    for (steps, front) in [(0, Pane::Watchlist), (3, Pane::Chart), (2, Pane::Balances)] {
        for _ in 0..steps {
            model.update(Msg::Action(Action::FocusNext));
        }
        assert_eq!(model.focus, front);
        for (width, height) in sizes(40) {
            let screen = render(width, height, |f| cbterm::ui::draw(f, &model));
            for cut in cut_numbers(&screen, &expected, &whole) {
                failures.push(format!("{front:?} in front at {width}x{height}: {cut}"));
            }
        }
    }
    assert!(failures.is_empty(), "numbers cut:\n{}", failures.join("\n"));
}

/// The check above only means something if the wide values are on screen when there is room.
#[test]
fn wide_values_are_shown_whole_when_there_is_room() {
    let model = fixture();
    for (name, draw) in PANES {
        let screen = render(200, 48, |f| draw(f, &model, f.area())).join("\n");
        let wanted: &[&str] = match name {
            "watchlist" => &["68000.01", "0.15012", "67999.99", "0.15013", "1.23M", "+1658.54"],
            "book" => &["68000.01", "67999.99", "0.00397963", "98765.4321", "12.34567891"],
            "trades" => &["68000.01", "67999.99", "0.00397963", "1234.56789"],
            "orders" => &["68000.00", "0.15012", "0.00397963", "123456.7", "98765.4321", "0.00123456"],
            "balances" => {
                &["1234567.12", "98765.43", "0.00397963", "12.50000000", "123456.7", "1.61", "1333332.55"]
            }
            _ => &[],
        };
        for value in wanted {
            assert!(screen.contains(value), "{name} at 200x48 does not show {value}:\n{screen}");
        }
    }
}
