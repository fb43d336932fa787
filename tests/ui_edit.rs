//! Snapshots of edit and nudge (issue 11, item 4) at 80×24 and 160×48: the ticket in edit mode
//! (title EDIT with the order's short id, side, product and type locked), its review card with
//! the exchange's preview, and the nudge question in the status line after three `+`.

use std::time::Duration;

use cbterm::app::{Action, Model, Msg};
use cbterm::domain::{EditEstimate, EditOrder};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::dec;

mod support;

/// BTC-USD with a live book 49990/50010, fee rates, and the open limit buy `o1234567…` of
/// 0.01 BTC at 49000.00 selected.
fn model() -> Model {
    let mut m = support::btc_model(1);
    m.update(Msg::FeesLoaded(Some(support::fee_tier())));
    let order = support::resting_buy("o1234567-89", "0.01");
    m.update(Msg::OpenOrdersLoaded(vec![order]));
    m
}

fn render(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    terminal.draw(|f| cbterm::ui::draw(f, model)).expect("draw");
    terminal.backend().to_string()
}

fn act(m: &mut Model, action: Action) {
    m.update(Msg::Action(action));
}

#[test]
fn edit_ticket_and_review_card_with_the_preview() {
    let mut m = model();
    act(&mut m, Action::EditSelected);
    for (width, height) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("edit_ticket_{width}x{height}"), render(&m, width, height));
    }
    for _ in 0..8 {
        act(&mut m, Action::DeleteChar);
    }
    support::type_text(&mut m, "49100.00");
    act(&mut m, Action::Review);
    let (now, wall) = (m.now + Duration::from_millis(600), m.wall);
    m.update(Msg::Tick { now, wall });
    insta::assert_snapshot!("edit_review_waiting_80x24", render(&m, 80, 24));
    let edit = EditOrder { order_id: "o1234567-89".into(), price: dec("49100.00"), size: dec("0.01") };
    let estimate = EditEstimate {
        order_total: Some(dec("492.964")),
        commission_total: Some(dec("1.964")),
        quote_size: Some(dec("491")),
        base_size: Some(dec("0.01")),
    };
    m.update(Msg::EditPreviewed { edit, result: Ok(estimate) });
    for (width, height) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("edit_review_{width}x{height}"), render(&m, width, height));
    }
}

#[test]
fn nudge_question_names_the_order_and_the_accumulated_target() {
    let mut m = model();
    for _ in 0..3 {
        act(&mut m, Action::NudgeUp);
    }
    for (width, height) in [(80, 24), (160, 48)] {
        insta::assert_snapshot!(format!("nudge_question_{width}x{height}"), render(&m, width, height));
    }
}
