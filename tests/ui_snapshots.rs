//! Snapshot tests of every pane and the full screen, drawn into a `TestBackend` from a fully
//! fixed model (times injected, no clocks, no randomness).

use std::time::{Duration, Instant};

use cbterm::app::keymap::Keymap;
use cbterm::app::model::Pane;
use cbterm::app::{Action, FeedKind, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{
    BookSide, Candle, ClientOrderIds, EventKind, FeedEvent, Granularity, OrderStatus, Product, ProductId,
    Side,
};
use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rust_decimal::Decimal;
use support::{balance, dec, fill, level, limit_order, product_with_stats, rules, ticker, trade};

mod support;

use support::type_text;

const WALL: &str = "2026-01-02T03:04:05Z";

fn wall() -> DateTime<Utc> {
    WALL.parse().expect("fixed time")
}

fn ids() -> Vec<ProductId> {
    ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"].iter().map(|p| ProductId(p.to_string())).collect()
}

fn product(id: &str, price: &str, tick: &str, lot: &str) -> Product {
    product_with_stats(rules(id, tick, lot, "10000000", "10000000"), price, "1.5", "12345.678")
}

fn feed(model: &mut Model, feed: FeedKind, event: FeedEvent, at: Instant) {
    model.update(Msg::Feed { feed, event, at });
}

/// `price` moved by `ticks` of its last decimal place, e.g. `quote("150", 1)` = `"151"`.
fn quote(price: &str, ticks: i64) -> String {
    let scale = price.split('.').nth(1).map_or(0, str::len);
    let units: i64 = price.replace('.', "").parse::<i64>().expect("digits") + ticks;
    let text = format!("{:0>width$}", units, width = scale + 1);
    if scale == 0 { text } else { format!("{}.{}", &text[..text.len() - scale], &text[text.len() - scale..]) }
}

/// BTC-USD's book: best bid and ask, and the last trade, a buy at the ask.
const BTC_BID: &str = "49990.00";
const BTC_ASK: &str = "50010.00";
const BTC_LAST: &str = BTC_ASK;

/// Three seconds of tickers wobbling around each product's price; the last one of each has
/// that price, and BTC-USD's has the best bid and ask of its book and its last trade.
fn tickers(model: &mut Model, t0: Instant) {
    let bases = [
        ("BTC-USD", 50010i64, 2i64, "1.25"),
        ("ETH-USD", 3000, 1, "-2.10"),
        ("SOL-USD", 150, 1, "0.00"),
        ("DOGE-USD", 0, 0, "3.5"),
    ];
    for i in 0..30u64 {
        let mut events = Vec::new();
        for (id, base, step, pct) in bases {
            let wobble = if i == 29 { 0 } else { ((i * (7 + step as u64 % 5)) % 13) as i64 - 6 };
            let price = if base == 0 {
                format!("0.{:05}", 12000 + wobble * 10)
            } else {
                format!("{}.00", base + wobble * step)
            };
            let (bid, ask) = match id {
                "BTC-USD" if i == 29 => (BTC_BID.to_string(), BTC_ASK.to_string()),
                _ => (quote(&price, -1), quote(&price, 1)),
            };
            events.push(ticker(id, &price, pct, Some("9876.5"), &bid, &ask));
        }
        let at = t0 + Duration::from_millis(100 * i);
        feed(model, FeedKind::Market, support::tickers(events), at);
    }
}

fn book(model: &mut Model, at: Instant) {
    let mut updates = Vec::new();
    for k in 0..12 {
        let size = format!("0.{}", 100 + k * 37);
        updates.push(level(BookSide::Ask, &format!("{}.00", 50010 + k * 5), &size));
        updates.push(level(BookSide::Bid, &format!("{}.00", 49990 - k * 5), &size));
    }
    feed(model, FeedKind::Market, support::book("BTC-USD", EventKind::Snapshot, updates), at);
}

/// Twenty trades at the book's best prices (buys lift the ask, sells hit the bid) in the
/// candle of 03:03; the newest is a buy at the ask, the last price.
fn trades(model: &mut Model, at: Instant) {
    let trades = (0..20)
        .map(|i| {
            let (taker, price) = if i % 3 == 0 { (Side::Sell, BTC_BID) } else { (Side::Buy, BTC_ASK) };
            let size = format!("0.0{}", i % 9 + 1);
            let time = format!("2026-01-02T03:03:{:02}Z", 30 + i);
            trade(&format!("t{i}"), "BTC-USD", taker, price, &size, &time)
        })
        .collect();
    feed(model, FeedKind::Market, support::trades(EventKind::Snapshot, trades), at);
}

/// Candles shown: one a minute, the last (03:03) holding the trades.
const BARS: i64 = 80;
/// Start of the first candle: 80 minutes before 03:04, the minute of the fixed wall time.
const FIRST_BAR: i64 = 1_767_322_800 + 4 * 60 - 60 * BARS;

/// The close of candle `i`: a wave around the last price that ends on it.
fn close(i: i64) -> Decimal {
    let wave = |i: i64| 40.0 * (i as f64 / 6.0).sin() + 30.0 * (i as f64 / 2.3).sin();
    let cents = ((wave(i) - wave(BARS - 1)) * 100.0).round() as i64;
    dec(BTC_LAST) + Decimal::new(cents, 2)
}

fn candles() -> Vec<Candle> {
    (0..BARS)
        .map(|i| {
            let (open, close) = (if i == 0 { close(0) } else { close(i - 1) }, close(i));
            let wick = Decimal::new(500 + (i * 37) % 900, 2);
            let mut low = open.min(close) - wick;
            let mut high = open.max(close) + Decimal::new(300 + (i * 53) % 700, 2);
            if i == BARS - 1 {
                (low, high) = (low.min(dec(BTC_BID)), high.max(dec(BTC_ASK)));
            }
            let volume = Decimal::new(10 + (i * 7) % 9 * 5 + (i * 3) % 10, 1);
            Candle { start: FIRST_BAR + 60 * i, open, high, low, close, volume }
        })
        .collect()
}

/// A resting stop-limit sell of BTC-USD: triggers at 49960.00, sells at 49950.00.
fn stop_loss_sell() -> cbterm::domain::OrderRecord {
    let open = OrderStatus::Open;
    let mut order = limit_order(
        "33333333-cccc",
        "c-33333333-cccc",
        "BTC-USD",
        Side::Sell,
        open,
        "49950.00",
        "0.01",
        "0",
        "2026-01-02T03:02:05Z",
    );
    order.order_type = cbterm::domain::OrderType::StopLimit;
    order.stop_price = Some(dec("49960.00"));
    order
}

/// Balances with the holds of the open orders below: the BTC buy holds 490.00 USD and its
/// 0.6 % fee (2.94), the BTC and ETH sells their sizes.
fn account(model: &mut Model) {
    let balances = vec![
        balance("USD", "99507.06", "492.94"),
        balance("BTC", "1.49", "0.01"),
        balance("ETH", "9.5", "0.5"),
    ];
    model.update(Msg::AccountsLoaded(balances));
    let open = OrderStatus::Open;
    let orders = vec![
        limit_order(
            "11111111-aaaa",
            "c-11111111-aaaa",
            "BTC-USD",
            Side::Buy,
            open.clone(),
            "49000.00",
            "0.01",
            "0",
            "2026-01-02T03:00:05Z",
        ),
        limit_order(
            "22222222-bbbb",
            "c-22222222-bbbb",
            "ETH-USD",
            Side::Sell,
            open,
            "3200.00",
            "0.5",
            "0",
            "2026-01-02T02:04:05Z",
        ),
        stop_loss_sell(),
    ];
    model.update(Msg::OpenOrdersLoaded(orders));
    let one = |i: u32| {
        let side = if i.is_multiple_of(2) { Side::Buy } else { Side::Sell };
        let at = format!("2026-01-02T02:5{i}:00Z");
        let price = close(i64::from(66 + i)).to_string();
        fill(&format!("f{i}"), "BTC-USD", side, &at, &price, "0.002", "0.60")
    };
    model.update(Msg::FillsLoaded(vec![one(1), one(2), one(3)]));
    model.update(Msg::FeesLoaded(Some(support::fee_tier())));
}

/// The fixed model every snapshot starts from.
fn fixture() -> Model {
    let t0 = Instant::now();
    let keymap = Keymap::builtin().expect("keymap");
    let init = ModelInit {
        venue: VenueLabel::Demo,
        keymap,
        watch: ids(),
        has_credentials: true,
        now: t0,
        wall: wall(),
        ids: ClientOrderIds::seeded(1),
    };
    let mut model = Model::new(init);
    let products = vec![
        product("BTC-USD", "50000", "0.01", "0.00000001"),
        product("ETH-USD", "3000", "0.01", "0.0001"),
        product("SOL-USD", "150", "0.01", "0.001"),
        product("DOGE-USD", "0.12", "0.00001", "0.1"),
        product("ADA-USD", "0.5", "0.0001", "1"),
    ];
    model.update(Msg::ProductsLoaded(products));
    feed(&mut model, FeedKind::Market, FeedEvent::Connected, t0);
    feed(&mut model, FeedKind::User, FeedEvent::Connected, t0);
    tickers(&mut model, t0);
    book(&mut model, t0 + Duration::from_millis(2900));
    trades(&mut model, t0 + Duration::from_millis(2950));
    let granularity = Granularity::OneMinute;
    model.update(Msg::CandlesLoaded { product: ids()[0].clone(), granularity, candles: candles() });
    account(&mut model);
    feed(&mut model, FeedKind::User, FeedEvent::Alive, t0 + Duration::from_millis(2000));
    model.update(Msg::Tick { now: t0 + Duration::from_millis(3100), wall: wall() });
    model
}

fn render(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().to_string()
}

fn act(model: &mut Model, actions: &[Action]) {
    for a in actions {
        model.update(Msg::Action(*a));
    }
}

#[test]
fn full_screen_80x24() {
    insta::assert_snapshot!(render(&fixture(), 80, 24));
}

#[test]
fn full_screen_160x48() {
    insta::assert_snapshot!(render(&fixture(), 160, 48));
}

#[test]
fn too_small_terminal() {
    insta::assert_snapshot!(render(&fixture(), 50, 10));
}

#[test]
fn book_with_selected_level_and_wider_tick() {
    let mut model = fixture();
    act(
        &mut model,
        &[Action::FocusNext, Action::SelectUp, Action::SelectUp, Action::WidenTick, Action::WidenTick],
    );
    assert_eq!(model.focus, Pane::Book);
    insta::assert_snapshot!(render(&model, 80, 24));
}

#[test]
fn invalid_book_is_not_drawn() {
    let mut model = fixture();
    let at = model.now;
    feed(
        &mut model,
        FeedKind::Market,
        FeedEvent::Disconnected { reason: "closed".into(), retry_in: Duration::from_secs(1) },
        at,
    );
    insta::assert_snapshot!(render(&model, 80, 24));
}

#[test]
fn chart_and_balances_panes_at_80x24() {
    let mut model = fixture();
    act(&mut model, &[Action::FocusNext, Action::FocusNext, Action::FocusNext]);
    insta::assert_snapshot!("chart_80x24", render(&model, 80, 24));
    act(&mut model, &[Action::FocusNext, Action::FocusNext]);
    insta::assert_snapshot!("balances_80x24", render(&model, 80, 24));
}

/// The chart with the focus, at both reference sizes: a price axis with the last price (`◂`)
/// on the last candle's close, the user's stop-limit sell (`S` limit, `T` trigger) across the
/// candles, the buy far below marked `▾` at the bottom, volume under the candles and UTC times.
#[test]
fn chart_with_axes_at_80x24_and_160x48() {
    let mut model = fixture();
    act(&mut model, &[Action::FocusNext, Action::FocusNext, Action::FocusNext]);
    assert_eq!(model.focus, Pane::Chart);
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = render(&model, width, height);
        for text in ["◂50010.00", "S49950.00", "▾49000.00", "vol ", "02:50", "UTC"] {
            assert!(screen.contains(text), "{text} missing at {width}x{height}:\n{screen}");
        }
        if width == 160 {
            assert!(screen.contains("T49960.00"), "the trigger, a row of its own at 160x48:\n{screen}");
        }
        insta::assert_snapshot!(format!("chart_axes_{width}x{height}"), screen);
    }
}

/// Beside each level's size, the size from the best level to it (`Σ`), where there is room:
/// 0.1 + 0.137 + 0.174 = 0.411 at the third ask; at 80×24 the book is too narrow for it.
#[test]
fn the_book_shows_cumulative_sizes_when_wide_enough() {
    let model = fixture();
    let wide = render(&model, 160, 48);
    let third_ask = wide.lines().find(|l| l.contains("50020.00")).expect("third ask");
    assert!(third_ask.contains("0.174       Σ0.411 ███"), "{wide}");
    assert!(!render(&model, 80, 24).contains('Σ'), "no cut column at 80x24");
}

#[test]
fn ticket_review_and_help_overlays() {
    let mut model = fixture();
    act(&mut model, &[Action::OpenBuyTicket]);
    for c in "49000.00".chars() {
        model.update(Msg::Typed(c));
    }
    act(&mut model, &[Action::NextField]);
    for c in "0.01x".chars() {
        model.update(Msg::Typed(c));
    }
    insta::assert_snapshot!("ticket_with_error_80x24", render(&model, 80, 24));
    act(&mut model, &[Action::DeleteChar, Action::Review]);
    insta::assert_snapshot!("review_arming_80x24", render(&model, 80, 24));
    let later = model.now + Duration::from_secs(1);
    model.update(Msg::Tick { now: later, wall: wall() });
    insta::assert_snapshot!("review_160x48", render(&model, 160, 48));
    act(&mut model, &[Action::Close, Action::Close, Action::ToggleHelp]);
    insta::assert_snapshot!("help_160x48", render(&model, 160, 48));
}

#[test]
fn picker_and_cancel_all_confirmation() {
    let mut model = fixture();
    act(&mut model, &[Action::OpenPicker]);
    model.update(Msg::Typed('a'));
    insta::assert_snapshot!("picker_80x24", render(&model, 80, 24));
    act(&mut model, &[Action::Close, Action::CancelAll]);
    insta::assert_snapshot!("confirm_cancel_all_80x24", render(&model, 80, 24));
}

/// Every pane drawn alone, filling the terminal, at both reference sizes.
#[test]
fn each_pane_alone_at_80x24_and_160x48() {
    type PaneDraw = fn(&mut ratatui::Frame, &Model, ratatui::layout::Rect);
    let panes: [(&str, PaneDraw); 8] = [
        ("watchlist", cbterm::ui::watchlist::draw),
        ("book", cbterm::ui::book::draw),
        ("trades", cbterm::ui::trades::draw),
        ("chart", cbterm::ui::chart::draw),
        ("orders", cbterm::ui::orders::draw),
        ("balances", cbterm::ui::balances::draw),
        ("status_bar", cbterm::ui::status_bar::draw),
        ("help", cbterm::ui::help::draw),
    ];
    let model = fixture();
    for (name, draw) in panes {
        for (width, height) in [(80, 24), (160, 48)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            terminal.draw(|f| draw(f, &model, f.area())).expect("draw");
            insta::assert_snapshot!(format!("pane_{name}_{width}x{height}"), terminal.backend().to_string());
        }
    }
}

/// The style of the border cell just before `title` on screen (the `─` left of its name).
fn border_before(buffer: &ratatui::buffer::Buffer, title: &str) -> ratatui::style::Style {
    let area = buffer.area;
    for y in 0..area.height {
        let row: String = (0..area.width).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(at) = row.find(&format!(" {title} ")) {
            let x = row[..at].chars().count() as u16;
            return buffer[(x.saturating_sub(1), y)].style();
        }
    }
    panic!("{title} not on screen");
}

#[test]
fn balances_and_fills_are_separate_tab_stops() {
    let mut model = fixture();
    let mut order = vec![model.focus];
    for _ in 0..Pane::ALL.len() {
        act(&mut model, &[Action::FocusNext]);
        order.push(model.focus);
    }
    let expected = [
        Pane::Watchlist,
        Pane::Book,
        Pane::Trades,
        Pane::Chart,
        Pane::Orders,
        Pane::Balances,
        Pane::Fills,
        Pane::Watchlist,
    ];
    assert_eq!(order, expected);
    let theme = &cbterm::ui::theme::THEME;
    for (focus, lit, dark) in [(Pane::Balances, "Balances", "Fills"), (Pane::Fills, "Fills", "Balances")] {
        while model.focus != focus {
            act(&mut model, &[Action::FocusNext]);
        }
        let mut terminal = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
        terminal.draw(|f| cbterm::ui::draw(f, &model)).expect("draw");
        let buffer = terminal.backend().buffer();
        assert_eq!(border_before(buffer, lit).fg, theme.border_focused.fg, "{lit} lit when focused");
        assert_eq!(border_before(buffer, dark).fg, theme.border.fg, "{dark} not lit while {lit} has focus");
    }
}

/// The three reference sizes the ticket and the review card are drawn at.
const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (160, 48)];

/// The lot error of a size corrected after a rejected Enter: live (not the earlier "fix the
/// field"), and whole at every size (the nearest valid values are its last words).
#[test]
fn ticket_error_is_live_and_whole_at_every_size() {
    let mut model = fixture();
    act(&mut model, &[Action::OpenBuyTicket]);
    type_text(&mut model, "49000.00");
    act(&mut model, &[Action::NextField]);
    type_text(&mut model, "xyz-1");
    act(&mut model, &[Action::Review]);
    act(&mut model, &[Action::DeleteChar; 5]);
    type_text(&mut model, "0.123456789");
    for (width, height) in SIZES {
        let screen = render(&model, width, height);
        assert!(!screen.contains("fix the field"), "stale error at {width}x{height}:\n{screen}");
        assert!(screen.contains("0.12345679"), "nearest valid values cut at {width}x{height}:\n{screen}");
        insta::assert_snapshot!(format!("ticket_lot_error_{width}x{height}"), screen);
    }
}

/// Opens a buy ticket, picks its type with `kind_keys`, types the limit (take-profit) and stop
/// (stop-loss) prices, skips `skip` fields, types the size, applies `extra`, and reviews.
fn priced_ticket(
    model: &mut Model,
    kind_keys: &[Action],
    prices: (&str, &str),
    skip: usize,
    extra: &[Action],
) {
    let (price, stop) = prices;
    act(model, &[Action::OpenBuyTicket, Action::PrevField]);
    act(model, kind_keys);
    act(model, &[Action::NextField]);
    type_text(model, price);
    act(model, &[Action::NextField]);
    type_text(model, stop);
    act(model, &vec![Action::NextField; 1 + skip]);
    type_text(model, "0.01");
    act(model, extra);
    act(model, &[Action::Review]);
    let later = model.now + Duration::from_secs(1);
    model.update(Msg::Tick { now: later, wall: wall() });
}

/// Stop-limit and bracket review cards: whole sentences at every size, and no post-only line
/// (post-only is for resting limit orders only).
#[test]
fn stop_and_bracket_reviews_are_whole_and_have_no_post_only() {
    let mut stop_limit = fixture();
    priced_ticket(&mut stop_limit, &[Action::ChoiceNext], ("51100.00", "51000.00"), 1, &[]);
    let mut bracket = fixture();
    let gtd = [Action::NextField, Action::NextField, Action::ChoiceNext];
    priced_ticket(&mut bracket, &[Action::ChoicePrev; 2], ("49000.00", "51000.00"), 0, &gtd);
    let headline = "BUY 0.01 BTC of BTC-USD taking profit at 49000.00 USD, stop-loss at 51000.00 USD";
    for (name, model, whole) in [
        ("stop_limit", &stop_limit, "triggers when the last trade rises to 51000.00 USD"),
        ("bracket", &bracket, headline),
    ] {
        for (width, height) in SIZES {
            let screen = render(model, width, height);
            assert!(screen.contains("Review order"), "{name} not reviewed:\n{screen}");
            assert!(!screen.contains("Post-only"), "{name} lists post-only at {width}x{height}:\n{screen}");
            if width > 80 {
                assert!(screen.contains(whole), "{name} cut at {width}x{height}:\n{screen}");
            }
            insta::assert_snapshot!(format!("review_{name}_{width}x{height}"), screen);
        }
    }
}

/// The review card with the exchange's answer beside the walk of the fixture's book (asks
/// 50010.00 × 0.100, 50015.00 × 0.137, 50020.00 × 0.174, …; maker 0.4 %, taker 0.6 %), at
/// both reference sizes. A buy of 0.5 at 50015.00 takes 0.100 at 50010.00 (5001.00) and
/// 0.137 at 50015.00 (6852.055): 0.237 for 11853.055, average 50012.89; 0.263 rests at
/// 50015.00 (13153.945). The simulator's estimate of it: value 25007.00, fees 71.11833 +
/// 52.61578 = 123.73411, total 25130.73411, average 50014.00, slippage (50012.8903 −
/// 50010) / 50010 = 0.0000578.
#[test]
fn review_card_with_the_exchange_preview_at_80x24_and_160x48() {
    let mut model = fixture();
    act(&mut model, &[Action::OpenBuyTicket]);
    type_text(&mut model, "50015.00");
    act(&mut model, &[Action::NextField]);
    type_text(&mut model, "0.5");
    let asked = model.update(Msg::Action(Action::Review));
    let [cbterm::app::Effect::PreviewOrder(order)] = asked.as_slice() else { panic!("a preview: {asked:?}") };
    let preview = cbterm::domain::OrderPreview {
        average_price: Some(dec("50014.00")),
        fees: Some(dec("123.73411")),
        total: Some(dec("25130.73411")),
        base_size: Some(dec("0.5")),
        slippage: Some(dec("0.0000578")),
        errors: vec![],
        warnings: vec![],
    };
    model.update(Msg::OrderPreviewed { order: order.clone(), preview: Ok(preview) });
    let later = model.now + Duration::from_secs(1);
    model.update(Msg::Tick { now: later, wall: wall() });
    for (width, height) in [(80, 24), (160, 48)] {
        let screen = render(&model, width, height);
        assert!(screen.contains("avg 50014.00 · fees 123.73 USD · total 25130.73 USD"), "{screen}");
        assert!(screen.contains("fills now: 0.237 at avg 50012.89; rests: 0.263 at 50015.00"), "{screen}");
        insta::assert_snapshot!(format!("review_with_preview_{width}x{height}"), screen);
    }
}
