//! Pane behaviour seen on screen: the book's spread under aggregation, column positions that
//! hold as data arrives, the too-small screen and the scrolling help overlay.

use cbterm::app::model::TICK_STEPS;
use cbterm::app::{Action, Model, Msg};
use cbterm::domain::{BookSide, EventKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{book, dec, level, market_msg};

mod support;

type PaneDraw = fn(&mut ratatui::Frame, &Model, ratatui::layout::Rect);

fn render_with(model: &Model, width: u16, height: u16, draw: PaneDraw) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| draw(f, model, f.area())).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect()
}

fn act(model: &mut Model, action: Action, times: usize) {
    for _ in 0..times {
        model.update(Msg::Action(action));
    }
}

/// BTC-USD (tick 0.01) with a book whose true best bid and ask are 49996.60 and 50003.40:
/// spread 6.80, mid 50000.00. Aggregated by 5.00 they fall into 49995 and 50005 (10.00 apart).
fn book_model() -> Model {
    let mut m = support::btc_model(1);
    let levels = vec![
        level(BookSide::Bid, "49996.60", "0.5"),
        level(BookSide::Bid, "49993.20", "0.25"),
        level(BookSide::Bid, "49990.00", "1"),
        level(BookSide::Ask, "50003.40", "0.5"),
        level(BookSide::Ask, "50006.80", "0.25"),
        level(BookSide::Ask, "50010.00", "1"),
    ];
    let at = m.now;
    m.update(market_msg(book("BTC-USD", EventKind::Snapshot, levels), at));
    m
}

#[test]
fn the_book_spread_and_mid_are_the_true_ones_at_any_tick() {
    let mut m = book_model();
    let step = TICK_STEPS.iter().position(|s| *s == 500).expect("a 500-increment step");
    act(&mut m, Action::WidenTick, step);
    assert_eq!(m.book_tick(), Some(dec("5.00")));
    let screen = render_with(&m, 40, 12, cbterm::ui::book::draw);
    let middle: Vec<&String> = screen.iter().filter(|l| l.contains("spread")).collect();
    assert_eq!(middle.len(), 1, "{}", screen.join("\n"));
    assert_eq!(middle[0].trim_matches(|c| c == '│' || c == ' '), "50000.00 mid · spread 6.80");
    assert!(screen.iter().any(|l| l.contains("50005.00")), "asks aggregated:\n{}", screen.join("\n"));
    assert!(screen.iter().any(|l| l.contains("49995.00")), "bids aggregated:\n{}", screen.join("\n"));
    insta::assert_snapshot!(screen.join("\n"));
}

/// Four products with their rules (BTC-USD's lot is 0.00000001), feeds connected, no data yet.
fn bare_model() -> Model {
    use support::{id, product, rules};
    let watch = ["BTC-USD", "ETH-USD", "SOL-USD", "DOGE-USD"].map(id).to_vec();
    let t0 = std::time::Instant::now();
    let mut m = Model::new(cbterm::app::ModelInit {
        venue: cbterm::app::VenueLabel::Demo,
        keymap: cbterm::app::keymap::Keymap::builtin().expect("keymap"),
        watch,
        has_credentials: true,
        now: t0,
        wall: support::time("2026-01-02T03:04:05Z"),
        ids: cbterm::domain::ClientOrderIds::seeded(1),
    });
    m.update(Msg::ProductsLoaded(vec![
        product(rules("BTC-USD", "0.01", "0.00000001", "10000", "10000000")),
        product(rules("ETH-USD", "0.01", "0.00000001", "10000", "10000000")),
        product(rules("SOL-USD", "0.01", "0.001", "10000", "10000000")),
        product(rules("DOGE-USD", "0.00001", "0.1", "10000000", "10000000")),
    ]));
    m.update(market_msg(cbterm::domain::FeedEvent::Connected, t0));
    m
}

/// `count` rounds of tickers (one sparkline point each), `at` ms after the model's clock.
/// BTC-USD's best bid and ask in `columns_keep_their_places_as_data_arrives`; its tickers
/// carry them, and its last price is always one of them (the last trade's).
const BTC_BID: &str = "49990.00";
const BTC_ASK: &str = "50010.00";

/// `count` tickers; each BTC-USD one's last price is the bid or the ask, ending on the bid
/// (the tape's last trade) after 1 and after 41.
fn tick_tickers(m: &mut Model, count: u64) {
    use support::ticker;
    for i in 0..count {
        let w = i % 7;
        let events = vec![
            ticker(
                "BTC-USD",
                if w % 2 == 0 { BTC_BID } else { BTC_ASK },
                "1.25",
                Some("9876.5"),
                BTC_BID,
                BTC_ASK,
            ),
            ticker(
                "ETH-USD",
                &format!("300{w}.00"),
                "-2.10",
                Some("9876.5"),
                &format!("300{w}.00"),
                &format!("300{w}.01"),
            ),
            ticker(
                "SOL-USD",
                &format!("15{w}.00"),
                "0.00",
                Some("9876.5"),
                &format!("15{w}.00"),
                &format!("15{w}.01"),
            ),
            ticker(
                "DOGE-USD",
                &format!("0.1200{w}"),
                "3.5",
                Some("9876.5"),
                &format!("0.1200{w}"),
                &format!("0.1201{w}"),
            ),
        ];
        let at = m.now;
        m.update(market_msg(support::tickers(events), at));
    }
}

/// Trades at the book's best prices: buys at the ask, sells at the bid.
fn tape(m: &mut Model, from_second: usize, trades: &[(&str, &str)]) {
    use cbterm::domain::Side;
    let trades = trades
        .iter()
        .enumerate()
        .map(|(i, (price, size))| {
            let at = format!("2026-01-02T03:03:{:02}Z", from_second + i);
            let taker = if *price == BTC_ASK { Side::Buy } else { Side::Sell };
            support::trade(&format!("t{price}{size}"), "BTC-USD", taker, price, size, &at)
        })
        .collect();
    let at = m.now;
    m.update(market_msg(support::trades(EventKind::Update, trades), at));
}

fn full(m: &Model, width: u16, height: u16) -> Vec<String> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect()
}

/// The header rows of the watchlist and the tape, and where the book's bars start on the row
/// of 49990.00 (after the price and size columns).
fn column_marks(screen: &[String]) -> Vec<String> {
    let mut marks: Vec<String> = screen
        .iter()
        .filter(|l| l.contains("Product ") || l.contains("Time "))
        .map(|l| {
            l.split("││").find(|p| p.contains("Product ") || p.contains("Time ")).unwrap_or(l).to_string()
        })
        .collect();
    if let Some(row) = screen.iter().find(|l| l.starts_with("│ 49990.00")) {
        marks.push(format!("book bar at {:?}", row.chars().position(|c| c == '█')));
    }
    marks
}

#[test]
fn columns_keep_their_places_as_data_arrives() {
    for (width, height) in [(80, 24), (160, 48)] {
        let mut m = bare_model();
        let levels = vec![level(BookSide::Bid, BTC_BID, "1"), level(BookSide::Ask, BTC_ASK, "1")];
        let at = m.now;
        m.update(market_msg(book("BTC-USD", EventKind::Snapshot, levels), at));
        let before = full(&m, width, height);
        let marks = column_marks(&before);
        assert!(marks.len() >= 3, "the watchlist and tape headers and the book:\n{}", before.join("\n"));

        tick_tickers(&mut m, 1);
        tape(&mut m, 10, &[(BTC_ASK, "0.01"), (BTC_BID, "1.5")]);
        let first = full(&m, width, height);
        assert_eq!(
            column_marks(&first),
            marks,
            "after the first data at {width}x{height}:\n{}",
            first.join("\n")
        );

        tick_tickers(&mut m, 40);
        tape(&mut m, 20, &[(BTC_BID, "0.00397963")]);
        let update =
            vec![level(BookSide::Bid, "49989.00", "0.12345678"), level(BookSide::Ask, "50011.00", "2.5")];
        let at = m.now;
        m.update(market_msg(book("BTC-USD", EventKind::Update, update), at));
        let after = full(&m, width, height);
        assert_eq!(
            column_marks(&after),
            marks,
            "after a full sparkline and 8-decimal sizes:\n{}",
            after.join("\n")
        );
        insta::assert_snapshot!(format!("columns_before_{width}x{height}"), before.join("\n"));
        insta::assert_snapshot!(format!("columns_after_{width}x{height}"), after.join("\n"));
    }
}

#[test]
fn below_80x24_a_clear_too_small_screen() {
    let m = book_model();
    for (width, height) in [(60, 20), (79, 24), (80, 23), (20, 6)] {
        let screen = full(&m, width, height).join("\n");
        let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        let expected =
            format!("terminal too small (need 80×24, have {width}×{height}) enlarge the window, or q quits");
        assert_eq!(words, expected, "{width}x{height}:\n{screen}");
    }
    insta::assert_snapshot!("too_small_60x20", full(&m, 60, 20).join("\n"));
    let screen = full(&m, 80, 24);
    assert!(screen[0].contains("Watchlist"), "80x24 is drawn:\n{}", screen.join("\n"));
}

fn help_at(m: &mut Model, width: u16, height: u16) -> Vec<String> {
    m.update(Msg::Resized { width, height });
    full(m, width, height)
}

#[test]
fn at_80x24_the_help_scrolls_to_its_last_row() {
    let mut m = support::btc_model(1);
    m.update(Msg::Resized { width: 80, height: 24 });
    act(&mut m, Action::ToggleHelp, 1);
    let top = help_at(&mut m, 80, 24);
    assert!(top[23].contains("rows 1–22 of"), "says it scrolls:\n{}", top.join("\n"));
    assert!(top[23].contains("· j/k/PageUp/PageDown scroll"), "{}", top[23]);
    assert!(!top.join("\n").contains("choose"), "the picker's last key is below the fold");
    insta::assert_snapshot!("help_80x24_top", top.join("\n"));

    let keymap = cbterm::app::keymap::Keymap::builtin().expect("keymap");
    let press = |m: &mut Model, code| {
        let key = crossterm::event::KeyEvent::new(code, crossterm::event::KeyModifiers::NONE);
        let msg = cbterm::app::key_to_msg(&keymap, m.mode(), &key).expect("bound in help");
        m.update(msg);
    };
    // Two pages reach the end (the second stops at the last row).
    press(&mut m, crossterm::event::KeyCode::PageDown);
    press(&mut m, crossterm::event::KeyCode::PageDown);
    let bottom = help_at(&mut m, 80, 24);
    let text = bottom.join("\n");
    for key in ["Product picker", "Enter", "choose", "Bksp"] {
        assert!(text.contains(key), "{key} shown after PageDown:\n{text}");
    }
    insta::assert_snapshot!("help_80x24_bottom", text);
    press(&mut m, crossterm::event::KeyCode::Char('j'));
    assert_eq!(help_at(&mut m, 80, 24), bottom, "no scrolling past the last row");
    press(&mut m, crossterm::event::KeyCode::Char('k'));
    assert_ne!(help_at(&mut m, 80, 24), bottom, "one row back up at once");
    press(&mut m, crossterm::event::KeyCode::PageUp);
    press(&mut m, crossterm::event::KeyCode::PageUp);
    assert_eq!(help_at(&mut m, 80, 24), top);
    let tall = help_at(&mut m, 160, 48);
    assert!(!tall.join("\n").contains("scroll "), "no scroll marker when everything fits");
}
