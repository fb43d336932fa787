//! The mouse's hit test against what is drawn (issue 13 item 5): at 80×24 and 160×48, and with
//! each pane focused (the compact layout changes with focus), a click anywhere in a pane's area
//! names that pane; a click on a drawn book row names the price drawn on that row (read from
//! the rendered screen); a click on a watchlist or Open orders row names the item drawn there.

use cbterm::app::model::Pane;
use cbterm::app::{Model, Target};
use cbterm::domain::BookSide;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use rust_decimal::Decimal;

mod support;

use support::dashboard::fixture;

const SIZES: [(u16, u16); 2] = [(80, 24), (160, 48)];

fn draw(model: &Model, area: Rect) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(area.width, area.height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().buffer().clone()
}

/// Line `y` of `buf` from `x` to `right`.
fn text(buf: &Buffer, y: u16, x: u16, right: u16) -> String {
    (x..right).map(|x| buf[(x, y)].symbol()).collect()
}

fn focused(pane: Pane) -> Model {
    let mut m = fixture();
    m.focus = pane;
    m
}

#[test]
fn every_cell_of_a_pane_names_that_pane_and_the_status_bar_nothing() {
    for (w, h) in SIZES {
        let area = Rect::new(0, 0, w, h);
        for focus in Pane::ALL {
            let m = focused(focus);
            let screen = cbterm::ui::layout::screen(&m, area).expect("big enough");
            assert!(screen.panes.len() >= 3, "{w}×{h} {focus:?}");
            for &(pane, rect) in &screen.panes {
                for y in rect.top()..rect.bottom() {
                    for x in rect.left()..rect.right() {
                        let hit = cbterm::ui::hit(&m, area, x, y);
                        assert_eq!(hit.map(Target::pane), Some(pane), "{w}×{h} {focus:?} at {x},{y}");
                    }
                }
                let corner = cbterm::ui::hit(&m, area, rect.x, rect.y);
                assert_eq!(corner, Some(Target::Pane(pane)), "a border selects nothing");
            }
            for x in [0, w / 2, w - 1] {
                assert_eq!(cbterm::ui::hit(&m, area, x, screen.status.y), None, "the status bar");
            }
        }
    }
}

#[test]
fn a_click_on_a_book_row_names_the_price_drawn_on_it() {
    for (w, h) in SIZES {
        let area = Rect::new(0, 0, w, h);
        let m = focused(Pane::Book);
        let buf = draw(&m, area);
        let screen = cbterm::ui::layout::screen(&m, area).expect("big enough");
        let (_, rect) = *screen.panes.iter().find(|(p, _)| *p == Pane::Book).expect("the book");
        let (mut levels, mut side) = (0, BookSide::Ask);
        for y in rect.y + 1..rect.bottom() - 1 {
            let line = text(&buf, y, rect.x + 1, rect.right() - 1);
            let hit = cbterm::ui::hit(&m, area, rect.x + 2, y);
            if line.contains("mid") {
                assert_eq!(hit, Some(Target::Pane(Pane::Book)), "the middle line selects nothing");
                side = BookSide::Bid;
                continue;
            }
            let digits: String =
                line.trim_start().chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let price: Option<Decimal> = digits.parse().ok();
            match (price, hit) {
                (Some(price), Some(Target::Level(cursor))) => {
                    assert_eq!((cursor.side, cursor.price), (side, price), "{w}×{h} line {y}: {line}");
                    levels += 1;
                }
                (None, Some(Target::Pane(Pane::Book))) => {}
                other => panic!("{w}×{h} line {y} {line:?}: {other:?}"),
            }
        }
        assert!(levels >= 10, "{w}×{h}: {levels} levels drawn and named");
    }
}

#[test]
fn a_click_on_a_list_row_names_the_item_drawn_on_it() {
    for (w, h) in SIZES {
        let area = Rect::new(0, 0, w, h);
        let m = focused(Pane::Orders);
        let buf = draw(&m, area);
        let screen = cbterm::ui::layout::screen(&m, area).expect("big enough");
        let mut named = 0;
        for &(pane, rect) in screen.panes.iter().filter(|(p, _)| matches!(p, Pane::Watchlist | Pane::Orders))
        {
            for y in rect.y + 1..rect.bottom() - 1 {
                let line = text(&buf, y, rect.x + 1, rect.right() - 1);
                let words: Vec<&str> = line.split_whitespace().collect();
                let hit = cbterm::ui::hit(&m, area, rect.x + 3, y);
                let Some(Target::Row { pane: hit_pane, index }) = hit else {
                    assert_eq!(hit, Some(Target::Pane(pane)), "{w}×{h} header or blank line {y}: {line:?}");
                    continue;
                };
                assert_eq!(hit_pane, pane);
                let drawn = match pane {
                    Pane::Watchlist => m.watch[index].as_str().to_string(),
                    _ => format!(
                        "{} {}",
                        m.account.orders[index].product,
                        m.account.orders[index].side.as_wire()
                    ),
                };
                assert_eq!(words[..drawn.split(' ').count()].join(" "), drawn, "{w}×{h} line {y}");
                named += 1;
            }
        }
        assert_eq!(named, m.watch.len() + m.account.orders.len(), "{w}×{h}: every row");
    }
}
