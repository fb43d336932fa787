//! Snapshot tests of every pane and the full screen, drawn into a `TestBackend` from a fully
//! fixed model (times injected, no clocks, no randomness).

use std::time::Duration;

use cbterm::app::model::Pane;
use cbterm::app::{Action, FeedKind, Model, Msg};
use cbterm::domain::FeedEvent;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::dashboard::*;
use support::dec;

mod support;

use support::type_text;

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
    let theme = &cbterm::ui::theme::DARK;
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
