//! Snapshots of the Balances pane (values in USD, FIFO P&L, fee tier), Open orders with their
//! triggers and its History tab, and the book ladder marking the user's orders, at 80×24 and
//! 160×48. The fixture's prices agree: each ticker's bid and ask are the book's best, its last
//! is the book's mid, and each done order's average price and fees follow from its fills.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use OrderStatus::{Cancelled, Expired, Failed, Filled};
use cbterm::app::keymap::Keymap;
use cbterm::app::model::Pane;
use cbterm::app::{Action, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{
    BookSide, ClientOrderIds, EventKind, FeeRates, FeeTier, FeedEvent, OrderRecord, OrderStatus, OrderType,
    ProductId, Side, Size,
};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{balance, dec, fill, id, level, limit_order, product_with_stats, rules, ticker, time};

mod support;

/// `(product, last = book mid, half spread, tick, lot)`.
const MARKETS: [(&str, &str, &str, &str, &str); 4] = [
    ("BTC-USD", "50000.00", "5.00", "0.01", "0.00000001"),
    ("ETH-USD", "3000.00", "0.50", "0.01", "0.0001"),
    ("SOL-USD", "150.00", "0.05", "0.01", "0.001"),
    ("DOGE-USD", "0.12000", "0.00001", "0.00001", "0.1"),
];

fn market(model: &mut Model, t0: Instant) {
    let products = MARKETS
        .iter()
        .map(|(p, last, _, tick, lot)| {
            product_with_stats(rules(p, tick, lot, "10000000", "10000000"), last, "1.5", "1234.5")
        })
        .collect();
    model.update(Msg::ProductsLoaded(products));
    for kind in [FeedKind::Market, FeedKind::User] {
        model.update(Msg::Feed { feed: kind, event: FeedEvent::Connected, at: t0 });
    }
    let tickers = MARKETS
        .iter()
        .map(|(p, last, half, _, _)| {
            let (last, half) = (dec(last), dec(half));
            ticker(
                p,
                &last.to_string(),
                "1.5",
                Some("1234.5"),
                &(last - half).to_string(),
                &(last + half).to_string(),
            )
        })
        .collect();
    model.update(Msg::Feed { feed: FeedKind::Market, event: support::tickers(tickers), at: t0 });
    // The BTC book: asks 50005.00 up and bids 49995.00 down by 5.00, mid 50000.00 = last.
    let mut levels = Vec::new();
    for k in 0..12 {
        let size = format!("0.{}", 100 + k * 37);
        levels.push(level(BookSide::Ask, &format!("{}.00", 50005 + k * 5), &size));
        levels.push(level(BookSide::Bid, &format!("{}.00", 49995 - k * 5), &size));
    }
    let book = support::book("BTC-USD", EventKind::Snapshot, levels);
    model.update(Msg::Feed { feed: FeedKind::Market, event: book, at: t0 + Duration::from_millis(100) });
}

/// A stop-limit (`limit` and `stop`) or bracket (`limit` take-profit, `stop` stop-loss).
fn triggered(
    order_id: &str,
    kind: OrderType,
    side: Side,
    limit: &str,
    stop: &str,
    size: &str,
) -> OrderRecord {
    OrderRecord {
        order_id: order_id.into(),
        client_order_id: format!("c-{order_id}"),
        product: id("BTC-USD"),
        side,
        order_type: kind,
        limit_price: Some(dec(limit)),
        stop_price: Some(dec(stop)),
        size: Some(Size::Base(dec(size))),
        filled: dec("0"),
        avg_price: None,
        fees: dec("0"),
        status: OrderStatus::Open,
        created: Some(time("2026-01-02T03:00:00Z")),
        cancel_pending: false,
    }
}

fn orders() -> Vec<OrderRecord> {
    let open = OrderStatus::Open;
    vec![
        limit_order(
            "11111111-aaaa",
            "c-1",
            "BTC-USD",
            Side::Buy,
            open.clone(),
            "49980.00",
            "0.01",
            "0",
            "2026-01-02T03:01:00Z",
        ),
        limit_order(
            "22222222-bbbb",
            "c-2",
            "ETH-USD",
            Side::Sell,
            open,
            "3200.00",
            "0.5",
            "0",
            "2026-01-02T03:02:00Z",
        ),
        triggered("33333333-cccc", OrderType::StopLimit, Side::Sell, "49940.00", "49950.00", "0.05"),
        triggered("44444444-dddd", OrderType::Bracket, Side::Sell, "50020.00", "49960.00", "0.05"),
    ]
}

/// BTC: buy 0.1 @ 48000 and 0.2 @ 49000, sell 0.15 @ 51000 → FIFO realized
/// 0.1 × 3000 + 0.05 × 2000 = 400, open 0.15 @ 49000, unrealized at 50000: 0.15 × 1000 = 150;
/// fees 28.80 + 58.80 + 45.90 = 133.50. ETH: buy 2 @ 3100 → unrealized 2 × −100 = −200.
/// SOL: buy 10 @ 140, sell 10 @ 155 → flat, realized +150, fees 8.40 + 9.30 = 17.70.
fn fills() -> Vec<cbterm::domain::Fill> {
    vec![
        fill("f1", "BTC-USD", Side::Buy, "2026-01-02T01:00:00Z", "48000.00", "0.1", "28.80"),
        fill("f2", "BTC-USD", Side::Buy, "2026-01-02T01:10:00Z", "49000.00", "0.2", "58.80"),
        fill("f3", "BTC-USD", Side::Sell, "2026-01-02T02:00:00Z", "51000.00", "0.15", "45.90"),
        fill("f4", "ETH-USD", Side::Buy, "2026-01-02T01:20:00Z", "3100.00", "2", "37.20"),
        fill("f5", "SOL-USD", Side::Buy, "2026-01-02T01:30:00Z", "140.00", "10", "8.40"),
        fill("f6", "SOL-USD", Side::Sell, "2026-01-02T01:40:00Z", "155.00", "10", "9.30"),
    ]
}

/// The fixed model: the market above, balances (XYZ has no USD price), orders, fills, fees.
fn fixture() -> Model {
    let t0 = Instant::now();
    let init = ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch: MARKETS.iter().map(|m| ProductId(m.0.into())).collect(),
        has_credentials: true,
        now: t0,
        wall: time("2026-01-02T03:04:05Z"),
        ids: ClientOrderIds::seeded(1),
    };
    let mut model = Model::new(init);
    market(&mut model, t0);
    let balances = vec![
        balance("USD", "90000.00", "499.80"),
        balance("BTC", "0.25", "0.1"),
        balance("ETH", "1.5", "0.5"),
        balance("DOGE", "5000", "0"),
        balance("XYZ", "3", "0"),
    ];
    model.update(Msg::AccountsLoaded(balances));
    model.update(Msg::OpenOrdersLoaded(orders()));
    model.update(Msg::FillsLoaded(fills()));
    let rates = FeeRates { maker: dec("0.004"), taker: dec("0.006") };
    model.update(Msg::FeesLoaded(Some(FeeTier { name: "Advanced 1".into(), rates })));
    model.update(Msg::Tick { now: t0 + Duration::from_millis(300), wall: time("2026-01-02T03:04:05Z") });
    model
}

type PaneDraw = fn(&mut ratatui::Frame, &Model, ratatui::layout::Rect);

fn pane(model: &Model, draw: PaneDraw, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| draw(f, model, f.area())).expect("draw");
    terminal.backend().to_string()
}

#[test]
fn balances_orders_and_book_alone_at_80x24_and_160x48() {
    let model = fixture();
    let panes: [(&str, PaneDraw); 3] = [
        ("balances", cbterm::ui::balances::draw),
        ("orders", cbterm::ui::orders::draw),
        ("book", cbterm::ui::book::draw),
    ];
    for (name, draw) in panes {
        for (width, height) in [(80, 24), (160, 48)] {
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), pane(&model, draw, width, height));
        }
    }
}

/// The whole screen at 80×24 with Balances focused (the compact layout shows it alone), and
/// the Open orders pane as narrow as it is there: the type stays, as a one-letter marker.
#[test]
fn compact_screen_keeps_the_order_type_and_shows_balances_with_pnl() {
    let mut model = fixture();
    while model.focus != Pane::Balances {
        model.update(Msg::Action(Action::FocusNext));
    }
    insta::assert_snapshot!("screen_balances_80x24", pane(&model, |f, m, _| cbterm::ui::draw(f, m), 80, 24));
    let orders = pane(&model, cbterm::ui::orders::draw, 44, 7);
    insta::assert_snapshot!("orders_44x7", orders);
}

/// Done orders, each inside its book (BTC asks 50005.00 up, bids 49995.00 down; ETH 2999.50 /
/// 3000.50; SOL 149.95 / 150.05), fees at the fixture's rates (maker 0.4 %, taker 0.6 %):
/// - BTC buy 0.02 at 50010.00 took 0.01 @ 50005.00 and 0.01 @ 50010.00: average 50007.50,
///   fees 0.6 % of 1000.15 = 6.0009;
/// - ETH sell 0.5 at 3001.00 made 0.2 @ 3001.00, then was cancelled: fees 0.4 % of 600.20 = 2.4008;
/// - BTC stop-limit sell (stop 49950.00, limit 49940.00) expired untriggered;
/// - SOL market buy of 100.00 USD took 0.666 @ 150.05 = 99.9333: fees 0.5995998;
/// - DOGE buy 1000 at 0.11000 failed; BTC bracket sell 0.05 (take-profit 50020.00, stop-loss
///   49960.00) made 0.05 @ 50020.00: fees 0.4 % of 2501.00 = 10.004.
fn history() -> Vec<OrderRecord> {
    let done = |order_id: &str,
                (product, side, order_type): (&str, Side, OrderType),
                prices: [Option<&str>; 2],
                size: Size,
                (status, filled, avg, fees): (OrderStatus, &str, Option<&str>, &str),
                created: &str| {
        OrderRecord {
            order_id: order_id.into(),
            client_order_id: format!("c-{order_id}"),
            product: id(product),
            side,
            order_type,
            limit_price: prices[0].map(dec),
            stop_price: prices[1].map(dec),
            size: Some(size),
            filled: dec(filled),
            avg_price: avg.map(dec),
            fees: dec(fees),
            status,
            created: Some(time(created)),
            cancel_pending: false,
        }
    };
    let base = |s: &str| Size::Base(dec(s));
    vec![
        done(
            "aaaa1111",
            ("BTC-USD", Side::Buy, OrderType::Limit),
            [Some("50010.00"), None],
            base("0.02"),
            (Filled, "0.02", Some("50007.50"), "6.0009"),
            "2026-01-02T03:03:00Z",
        ),
        done(
            "bbbb2222",
            ("ETH-USD", Side::Sell, OrderType::Limit),
            [Some("3001.00"), None],
            base("0.5"),
            (Cancelled, "0.2", Some("3001.00"), "2.4008"),
            "2026-01-02T03:02:00Z",
        ),
        done(
            "cccc3333",
            ("BTC-USD", Side::Sell, OrderType::StopLimit),
            [Some("49940.00"), Some("49950.00")],
            base("0.05"),
            (Expired, "0", None, "0"),
            "2026-01-02T02:00:00Z",
        ),
        done(
            "dddd4444",
            ("SOL-USD", Side::Buy, OrderType::Market),
            [None, None],
            Size::Quote(dec("100.00")),
            (Filled, "0.666", Some("150.05"), "0.5995998"),
            "2026-01-02T01:30:00Z",
        ),
        done(
            "eeee5555",
            ("DOGE-USD", Side::Buy, OrderType::Limit),
            [Some("0.11000"), None],
            base("1000"),
            (Failed, "0", None, "0"),
            "2026-01-02T01:00:00Z",
        ),
        done(
            "ffff6666",
            ("BTC-USD", Side::Sell, OrderType::Bracket),
            [Some("50020.00"), Some("49960.00")],
            base("0.05"),
            (Filled, "0.05", Some("50020.00"), "10.004"),
            "2026-01-02T00:30:00Z",
        ),
    ]
}

/// The History tab alone and on the whole screen (focused), at 80×24 and 160×48: at 80×24 the
/// pane is 44 cells wide, and the type and status stay as markers.
#[test]
fn the_history_tab_at_80x24_and_160x48() {
    let mut model = fixture();
    model.update(Msg::OrderHistoryLoaded(history()));
    model.update(Msg::Action(Action::ToggleOrderHistory));
    while model.focus != Pane::Orders {
        model.update(Msg::Action(Action::FocusNext));
    }
    for (width, height) in [(80, 24), (160, 48)] {
        let alone = pane(&model, cbterm::ui::orders::draw, width, height);
        insta::assert_snapshot!(format!("history_{width}x{height}"), alone);
        let screen = pane(&model, |f, m, _| cbterm::ui::draw(f, m), width, height);
        insta::assert_snapshot!(format!("screen_history_{width}x{height}"), screen);
    }
}
