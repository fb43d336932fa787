//! [`clock_face`]: what the clock alone changes on screen.
//!
//! Between messages only time moves the screen: data ages, LIVE turning STALE, a status
//! message expiring, the review card's arming delay. The event loop moves the model's clock
//! on a tick but draws a frame only when this face differs from the one last drawn, so a quiet
//! dashboard redraws when a shown age changes its text, not on every tick.

use std::hash::{DefaultHasher, Hash, Hasher};

use ratatui::text::{Line, Span};

use crate::app::model::Model;

/// A digest of every text and style on screen that depends on the model's clock. Equal faces
/// at two instants, with no message between them, mean equal screens
/// (tests/ui_clock_face.rs).
pub fn clock_face(model: &Model) -> u64 {
    let mut h = DefaultHasher::new();
    for line in super::status_bar::status_lines(model, u16::MAX, 1) {
        hash_line(&line, &mut h);
    }
    for market in model.markets.values() {
        hash_span(&super::watchlist::age_span(model, market), &mut h);
    }
    hash_span(&super::trades::age_span(model), &mut h);
    if let Some(product) = model.focused() {
        hash_span(&super::book::status_span(model, model.book_status(product)), &mut h);
    }
    for order in &model.account.orders {
        super::orders::age(model, order).hash(&mut h);
    }
    model.review_arming().hash(&mut h);
    h.finish()
}

fn hash_line(line: &Line<'_>, h: &mut DefaultHasher) {
    for span in &line.spans {
        hash_span(span, h);
    }
}

fn hash_span(span: &Span<'_>, h: &mut DefaultHasher) {
    span.content.hash(h);
    span.style.hash(h);
}
