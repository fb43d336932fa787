//! The command palette on screen: the input line at the bottom and, under it, the examples, the
//! order in the review card's words, or the error naming its word.

use cbterm::app::{Action, Model, Msg};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

mod support;

fn screen(m: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, m)).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let rows: Vec<String> =
        (0..height).map(|y| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>()).collect();
    rows.join("\n")
}

fn typed(line: &str) -> Model {
    let mut m = support::btc_model(1);
    m.update(Msg::FeesLoaded(Some(support::fee_tier())));
    m.update(Msg::Action(Action::OpenPalette));
    support::type_text(&mut m, line);
    m
}

/// The palette box's text rows at `width`×24, unwrapped into one line.
fn box_text(m: &Model, width: u16) -> String {
    let screen = screen(m, width, 24);
    let rows: Vec<&str> = screen.lines().skip_while(|r| !r.contains("Command")).skip(1).collect();
    let inside = rows.iter().take_while(|r| !r.starts_with('╰')).map(|r| r.trim_matches('│'));
    inside.map(str::trim_end).collect::<Vec<_>>().join(" ")
}

#[test]
fn a_long_error_wraps_in_the_box_and_is_never_cut() {
    let line = "buy 0.001 BTC-USD @ 1x";
    let m = typed(line);
    let cbterm::app::model::palette::Preview::Invalid(why) = m.palette_preview(line) else {
        panic!("an invalid line")
    };
    assert!(why.chars().count() > 80, "long enough to need wrapping: {why}");
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = words(&box_text(&m, 80));
    assert!(shown.contains(&words(&format!("✗ {why}"))), "the whole reason shows:\n{shown}");
    insta::assert_snapshot!("palette_long_error_80x24", screen(&m, 80, 24));
}

#[test]
fn the_palette_shows_what_the_line_will_do() {
    for (name, line, expected) in [
        ("palette_empty", "", "buy 0.01 BTC-USD @ 60000 · sell 50% ETH-USD mkt"),
        (
            "palette_order",
            "buy 0.01 btc-usd @ 49000.00",
            "✓ BUY 0.01 BTC of BTC-USD at a limit of 49000.00 USD",
        ),
        ("palette_error", "buy 0.01 BTCUSD", "✗ word 3: expected a product like BTC-USD, found 'BTCUSD'"),
        ("palette_guard", "buy 1 BTC-USD mkt", "✗ needs"),
    ] {
        let m = typed(line);
        let small = screen(&m, 80, 24);
        assert!(small.contains(&format!(": {line}▏")), "{name}: the line\n{small}");
        assert!(small.contains(expected), "{name}: {expected:?}\n{small}");
        insta::assert_snapshot!(format!("{name}_80x24"), small);
        insta::assert_snapshot!(format!("{name}_160x48"), screen(&m, 160, 48));
    }
}
