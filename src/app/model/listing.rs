//! Listings: the catalogue is reloaded every [`PRODUCTS_EVERY`]; a watched product that is no
//! longer online (delisted, offline, disabled) stays in the watchlist, marked, is named in the
//! status bar and leaves the market subscription, and the others stay live. One that comes
//! back online is subscribed again.

use std::time::Duration;

use super::{Model, Problem};
use crate::app::Effect;
use crate::domain::{Listing, Product, ProductId};

/// The product catalogue is reloaded this often, to notice listing changes.
pub const PRODUCTS_EVERY: Duration = Duration::from_secs(60);

impl Model {
    /// The watched products the market feed subscribes: the online ones.
    pub fn market_products(&self) -> Vec<ProductId> {
        self.watch.iter().filter(|p| !self.off_market.contains_key(*p)).cloned().collect()
    }

    /// Records which products of a catalogue are not online and names the watched ones that
    /// just went off; returns whether the set of products to subscribe changed.
    pub(super) fn apply_listings(&mut self, products: &[Product]) -> bool {
        let before = self.market_products();
        let was = std::mem::take(&mut self.off_market);
        self.off_market =
            products.iter().filter(|p| !p.listing.is_online()).map(|p| (p.id().clone(), p.listing)).collect();
        let newly_off: Vec<(ProductId, Listing)> = self
            .watch
            .iter()
            .filter_map(|p| {
                let listing = *self.off_market.get(p)?;
                (was.get(p) != Some(&listing)).then(|| (p.clone(), listing))
            })
            .collect();
        if !newly_off.is_empty() {
            self.announce_off_market(&newly_off);
        }
        self.market_products() != before
    }

    fn announce_off_market(&mut self, products: &[(ProductId, Listing)]) {
        let each: Vec<String> = products.iter().map(|(p, l)| format!("{p} is {}", l.word())).collect();
        tracing::warn!(products = ?each, "watched products not online");
        self.fail(Problem::Text(format!("{}: no market data, left out of the market feed", each.join(", "))));
    }

    /// On a tick: reloads the catalogue when the last load is [`PRODUCTS_EVERY`] old.
    pub(super) fn products_due(&mut self) -> Option<Effect> {
        let asked = self.products_asked_at?;
        if self.catalog.is_empty() || self.now.saturating_duration_since(asked) < PRODUCTS_EVERY {
            return None;
        }
        self.products_asked_at = Some(self.now);
        Some(Effect::LoadProducts)
    }
}
