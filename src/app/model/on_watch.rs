//! The config file's part of the model: its settings applied at start, and the watchlist
//! edited in place (`J`/`K` move the focused row down or up). Every edit of the watchlist
//! (add, remove, move) asks for it to be saved to the config file ([`Effect::SaveWatchlist`]);
//! the runtime keeps the file's other keys and comments.

use super::{Model, Pane};
use crate::app::{Action, Effect, Mode};
use crate::domain::ProductId;
use crate::domain::guards::RiskLimits;

impl Model {
    /// Applies the config file's settings before [`Model::start`]: the valuation currency,
    /// the guards' thresholds, and the product focused first when it is in the watchlist.
    pub fn configure(&mut self, quote: String, limits: RiskLimits, default_product: Option<&ProductId>) {
        self.quote = quote;
        self.limits = limits;
        if let Some(i) = default_product.and_then(|d| self.watch.iter().position(|p| p == d)) {
            self.selected = i;
        }
    }

    /// Moves the focused watchlist row `step` places (negative: up), keeping it focused; at
    /// either end nothing moves.
    pub(super) fn move_watch(&mut self, step: isize) -> Vec<Effect> {
        if self.focus != Pane::Watchlist {
            let tab = self.keymap.first_key(Mode::Normal, Action::FocusNext).unwrap_or_default();
            self.inform(format!("focus the watchlist ({tab}) to reorder it"));
            return Vec::new();
        }
        let Some(target) = self.selected.checked_add_signed(step).filter(|t| *t < self.watch.len()) else {
            return Vec::new();
        };
        self.watch.swap(self.selected, target);
        self.selected = target;
        vec![self.save_watchlist()]
    }

    /// The effect that writes the current watchlist to the config file.
    pub(super) fn save_watchlist(&self) -> Effect {
        Effect::SaveWatchlist(self.watch.clone())
    }
}
