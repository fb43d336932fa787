//! The review card's estimates: the exchange's preview, asked off the UI task when the card
//! opens (and the answer matched to the order still on the card), a walk of the live book,
//! and dry-run, where `y` stops at the preview.
//!
//! `y` does not wait for the preview: it sends under the same rules as without one (the
//! arming delay, trading allowed). The exchange decides at send time anyway, a slow preview
//! must not hold a trader back, and a preview error is shown in red above the keys.

use rust_decimal::Decimal;

use super::queries::BookStatus;
use super::ticket::{PreviewState, Stage, Ticket};
use super::{Model, Overlay};
use crate::app::Effect;
use crate::book::Walk;
use crate::domain::{NewOrder, OrderConfig, OrderPreview, TimeInForce};

/// What a walk of the live book says the order would do when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// Fills completely at once (takes liquidity).
    Takes,
    /// Nothing crosses: the whole order rests on the book (adds liquidity).
    Rests,
    /// Part fills at once, the rest rests at the limit price.
    TakesAndRests,
    /// Immediate-or-cancel: what does not fill at once is cancelled.
    RestCancelled,
    /// Fill-or-kill that the book cannot fill completely: nothing fills.
    Killed,
    /// Post-only that would cross the book: the exchange refuses it.
    PostOnlyCrosses,
    /// A market order larger than the book shown.
    BeyondBook,
    /// A stop-limit: nothing happens until the stop triggers.
    WaitsForTrigger,
}

/// The local estimate: the walk and its fate, with the limit price where the rest would rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookEstimate {
    /// The walk of the book.
    pub walk: Walk,
    /// What that means for the order.
    pub fate: Fate,
    /// Where the rest would rest (limit orders).
    pub limit: Option<Decimal>,
}

impl Model {
    /// Asks the exchange's preview of the order on the review card (once per opening).
    pub(super) fn ask_preview(&mut self) -> Vec<Effect> {
        let Overlay::Ticket(t) = &mut self.overlay else { return Vec::new() };
        let Stage::Review { config, .. } = &t.stage else { return Vec::new() };
        let order = t.order(config);
        t.preview = PreviewState::Pending;
        vec![Effect::PreviewOrder(order)]
    }

    /// The preview's answer, shown when the card still shows that very order.
    pub(super) fn on_order_previewed(
        &mut self,
        order: &NewOrder,
        preview: Result<OrderPreview, String>,
    ) -> Vec<Effect> {
        let Overlay::Ticket(t) = &mut self.overlay else { return Vec::new() };
        let same = matches!(&t.stage, Stage::Review { config, .. } if *config == order.config);
        if !same || t.client_order_id != order.client_order_id || t.preview != PreviewState::Pending {
            return Vec::new();
        }
        t.preview = match preview {
            Ok(p) => PreviewState::Ready(Box::new(p)),
            Err(why) => PreviewState::Unavailable(why),
        };
        Vec::new()
    }

    /// Under dry-run nothing reaches the exchange, cancels and edits included: `true` (and the
    /// status line says what was not sent) when `what` must stop here.
    pub(super) fn dry_run_stops(&mut self, what: &str) -> bool {
        if self.dry_run {
            tracing::info!(what, "dry-run: not sent");
            self.inform(format!("dry-run: {what} is not sent"));
        }
        self.dry_run
    }

    /// `y` in dry-run: nothing is sent; the card closes and the status bar says so.
    pub(super) fn dry_run_confirm(&mut self) -> Vec<Effect> {
        let Overlay::Ticket(t) = &self.overlay else { return Vec::new() };
        let what = format!("{} {}", t.side.as_wire(), t.product);
        tracing::info!(client_order_id = %t.client_order_id, "dry-run: order not sent");
        self.overlay = Overlay::None;
        self.inform(format!("dry-run: {what} order not sent (stopped at the preview)"));
        Vec::new()
    }

    /// The walk of the live book for the reviewed order; `None` without a live book.
    pub fn book_estimate(&self, t: &Ticket, config: &OrderConfig) -> Option<BookEstimate> {
        if self.book_status(&t.product) != BookStatus::Live {
            return None;
        }
        let book = &self.markets.get(&t.product)?.book.book;
        let limit = config.limit_price();
        let walk = book.walk(t.side, config.size()?, limit);
        let fate = if config.stop_direction().is_some() {
            Fate::WaitsForTrigger
        } else if config.post_only() && !walk.taken.is_zero() {
            Fate::PostOnlyCrosses
        } else if !walk.has_left() {
            Fate::Takes
        } else {
            match (limit, config.time_in_force()) {
                (None, _) => Fate::BeyondBook,
                (Some(_), TimeInForce::Fok) => Fate::Killed,
                (Some(_), TimeInForce::Ioc) => Fate::RestCancelled,
                _ if walk.taken.is_zero() => Fate::Rests,
                _ => Fate::TakesAndRests,
            }
        };
        Some(BookEstimate { walk, fate, limit })
    }
}
