//! Lists longer than their pane scroll with the selection: the selected row is always on
//! screen, so what `c` would cancel (or `Enter` would pick) is what the trader sees.

use cbterm::app::keymap::Keymap;
use cbterm::app::model::Pane;
use cbterm::app::{Action, Model, ModelInit, Msg, VenueLabel};
use cbterm::domain::{ClientOrderIds, OrderStatus, Side};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

mod support;

type PaneDraw = fn(&mut ratatui::Frame, &Model, ratatui::layout::Rect);

/// The pane's lines, and the lines drawn in the selection's style.
fn render(model: &Model, width: u16, height: u16, draw: PaneDraw) -> (Vec<String>, Vec<String>) {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| draw(f, model, f.area())).expect("draw");
    let buffer = terminal.backend().buffer().clone();
    let line = |y: u16| (0..width).map(|x| buffer[(x, y)].symbol()).collect::<String>();
    let lines: Vec<String> = (0..height).map(line).collect();
    let selected =
        (0..height).filter(|&y| buffer[(1, y)].modifier.contains(Modifier::REVERSED)).map(line).collect();
    (lines, selected)
}

fn select_down(model: &mut Model, times: usize) {
    for _ in 0..times {
        model.update(Msg::Action(Action::SelectDown));
    }
}

/// 30 resting buys, newest first: `o00` at 49000.00 down to `o29` at 48971.00.
fn thirty_orders() -> Model {
    let mut m = support::btc_model(1);
    let order = |i: usize| {
        let (id, client, price) = (format!("o{i:02}"), format!("c{i:02}"), format!("{}.00", 49_000 - i));
        support::limit_order(
            &id,
            &client,
            "BTC-USD",
            Side::Buy,
            OrderStatus::Open,
            &price,
            "0.01",
            "0",
            "2026-01-02T03:00:05Z",
        )
    };
    m.update(Msg::OpenOrdersLoaded((0..30).map(order).collect()));
    while m.focus != Pane::Orders {
        m.update(Msg::Action(Action::FocusNext));
    }
    m
}

#[test]
fn the_selected_order_stays_on_screen_past_the_pane_height() {
    let mut m = thirty_orders();
    select_down(&mut m, 24);
    let (lines, selected) = render(&m, 100, 10, cbterm::ui::orders::draw);
    let screen = lines.join("\n");
    assert_eq!(selected.len(), 1, "one selected row:\n{screen}");
    assert!(selected[0].contains("48976.00"), "the 25th order is the selected row:\n{screen}");
    assert!(lines[lines.len() - 2].contains("48976.00"), "scrolled just enough:\n{screen}");
    assert!(!screen.contains("49000.00"), "the first rows scrolled away:\n{screen}");
    select_down(&mut m, 10);
    let (lines, selected) = render(&m, 100, 10, cbterm::ui::orders::draw);
    assert!(selected[0].contains("48971.00"), "the last order:\n{}", lines.join("\n"));
}

#[test]
fn the_selected_product_stays_on_screen_in_a_long_watchlist() {
    let ids: Vec<String> = (0..40).map(|i| format!("P{i:02}-USD")).collect();
    let mut m = Model::new(ModelInit {
        venue: VenueLabel::Demo,
        keymap: Keymap::builtin().expect("keymap"),
        watch: ids.iter().map(|p| support::id(p)).collect(),
        has_credentials: true,
        now: std::time::Instant::now(),
        wall: support::time("2026-01-02T03:04:05Z"),
        ids: ClientOrderIds::seeded(1),
    });
    let products = ids.iter().map(|p| support::product(support::rules(p, "0.01", "0.01", "1000", "100000")));
    m.update(Msg::ProductsLoaded(products.collect()));
    let last = m.watch.len() - 1;
    select_down(&mut m, last);
    assert_eq!(m.selected, last);
    let (lines, selected) = render(&m, 100, 12, cbterm::ui::watchlist::draw);
    assert_eq!(selected.len(), 1, "{}", lines.join("\n"));
    assert!(selected[0].contains("P39-USD"), "{}", lines.join("\n"));
}
