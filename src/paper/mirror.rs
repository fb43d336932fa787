//! The live book mirrored into the engine as resting orders of the synthetic [`MARKET`] user,
//! and the live trades replayed by the synthetic [`TAPE`] user (see the module documentation
//! of [`crate::paper`] for the rules).

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, TimeDelta, Utc};
use rust_decimal::Decimal;

use crate::domain::{
    BookEvent, BookSide, EventKind, LimitGtc, LimitIoc, OrderConfig, ProductId, Side, Trade,
};
use crate::sim::engine::{Engine, NewOrder};

/// The synthetic user whose resting orders are the live book.
pub const MARKET: &str = "paper-market";
/// The synthetic user whose IOC orders are the live trades.
pub const TAPE: &str = "paper-tape";

/// One side of one product: price → the synthetic orders resting there, oldest first.
type Side2Levels = BTreeMap<Decimal, Vec<String>>;

/// One price level of one side of one product.
type LevelKey = (ProductId, Side, Decimal);

/// How long a level2 shrink waits for the trade it may reflect before it counts as cancels.
fn cut_wait() -> TimeDelta {
    TimeDelta::seconds(1)
}

/// Which synthetic orders stand for which live level.
#[derive(Debug, Default)]
pub struct Mirror {
    levels: HashMap<(ProductId, Side), Side2Levels>,
    snapshotted: HashSet<ProductId>,
    /// Shrinks of a level2 update not applied yet: the size to cut and when first seen. A
    /// trade at the level within [`cut_wait`] explains (and cancels) as much of it.
    cuts: HashMap<LevelKey, (Decimal, DateTime<Utc>)>,
}

/// The side of the orders a book level holds.
fn order_side(side: BookSide) -> Side {
    match side {
        BookSide::Bid => Side::Buy,
        BookSide::Ask => Side::Sell,
    }
}

/// The sum of `sizes`, saturating (a hostile feed cannot make it panic).
fn total(sizes: impl Iterator<Item = Decimal>) -> Decimal {
    sizes.fold(Decimal::ZERO, Decimal::saturating_add)
}

/// What is left to fill of a working order (zero for an unknown or ended one).
fn leaves(engine: &Engine, id: &str) -> Decimal {
    engine.order(id).filter(|o| o.status.is_working()).map_or(Decimal::ZERO, |o| o.leaves_quantity)
}

impl Mirror {
    /// Applies a level2 snapshot or update. A snapshot sets every level at once (shrinking
    /// levels first, so a growing level does not cross one that is about to go). An update
    /// grows a level at once (after the cuts of opposite levels it would cross) and defers a
    /// shrink: the trade that caused it may still be on its way ([`Mirror::on_trades`]).
    pub fn on_book(&mut self, engine: &mut Engine, event: &BookEvent, now: DateTime<Utc>) {
        let mut targets: Vec<(Side, Decimal, Decimal)> = event
            .levels
            .iter()
            .filter(|l| l.price > Decimal::ZERO)
            .map(|l| (order_side(l.side), l.price, l.size.max(Decimal::ZERO)))
            .collect();
        if event.kind == EventKind::Update {
            for (side, price, target) in targets {
                self.on_level(engine, (event.product.clone(), side, price), target, now);
            }
            return;
        }
        self.cuts.retain(|key, _| key.0 != event.product);
        for side in [Side::Buy, Side::Sell] {
            let known = self.levels.get(&(event.product.clone(), side)).into_iter().flat_map(|l| l.keys());
            let gone: Vec<Decimal> =
                known.filter(|p| !targets.iter().any(|t| t.0 == side && t.1 == **p)).copied().collect();
            targets.extend(gone.into_iter().map(|p| (side, p, Decimal::ZERO)));
        }
        self.snapshotted.insert(event.product.clone());
        let (shrinking, growing): (Vec<_>, Vec<_>) = targets
            .into_iter()
            .partition(|(side, price, size)| *size < self.synthetic(engine, &event.product, *side, *price));
        for (side, price, size) in shrinking.into_iter().chain(growing) {
            self.set_level(engine, &event.product, side, price, size, now);
        }
    }

    /// One level of an update: a shrink waits, a growth is placed.
    fn on_level(&mut self, engine: &mut Engine, key: LevelKey, target: Decimal, now: DateTime<Utc>) {
        let have = self.synthetic(engine, &key.0, key.1, key.2);
        if target < have {
            let since = self.cuts.get(&key).map_or(now, |cut| cut.1);
            self.cuts.insert(key, (have - target, since));
            return;
        }
        self.cuts.remove(&key);
        if target > have {
            let (product, side, price) = key;
            let crossed: Vec<LevelKey> = self
                .cuts
                .keys()
                .filter(|(p, s, level)| {
                    p == &product
                        && *s != side
                        && if side == Side::Buy { *level <= price } else { *level >= price }
                })
                .cloned()
                .collect();
            for cut in crossed {
                self.apply_cut(engine, cut, now);
            }
            self.set_level(engine, &product, side, price, target, now);
        }
    }

    /// Applies the cuts that waited [`cut_wait`] without a trade: cancels, from the back.
    pub fn apply_due_cuts(&mut self, engine: &mut Engine, now: DateTime<Utc>) {
        let due: Vec<LevelKey> = self
            .cuts
            .iter()
            .filter(|(_, cut)| now - cut.1 >= cut_wait())
            .map(|(key, _)| key.clone())
            .collect();
        for key in due {
            self.apply_cut(engine, key, now);
        }
    }

    fn apply_cut(&mut self, engine: &mut Engine, key: LevelKey, now: DateTime<Utc>) {
        let Some((size, _)) = self.cuts.remove(&key) else { return };
        let (product, side, price) = key;
        let have = self.synthetic(engine, &product, side, price);
        let target = have.saturating_sub(size).max(Decimal::ZERO);
        self.set_level(engine, &product, side, price, target, now);
    }

    /// The synthetic size resting at one level.
    fn synthetic(&self, engine: &Engine, product: &ProductId, side: Side, price: Decimal) -> Decimal {
        let queue = self.levels.get(&(product.clone(), side)).and_then(|l| l.get(&price));
        total(queue.into_iter().flatten().map(|id| leaves(engine, id)))
    }

    /// Brings the synthetic size at one level to `target`: a new order behind everything there
    /// for an increase, cuts from the newest order back for a decrease.
    fn set_level(
        &mut self,
        engine: &mut Engine,
        product: &ProductId,
        side: Side,
        price: Decimal,
        target: Decimal,
        now: DateTime<Utc>,
    ) {
        let levels = self.levels.entry((product.clone(), side)).or_default();
        let queue = levels.entry(price).or_default();
        queue.retain(|id| leaves(engine, id) > Decimal::ZERO);
        let have = total(queue.iter().map(|id| leaves(engine, id)));
        if target > have {
            let order = NewOrder {
                client_order_id: String::new(),
                product_id: product.clone(),
                side,
                config: OrderConfig::LimitGtc(LimitGtc {
                    base_size: target - have,
                    limit_price: price,
                    post_only: false,
                }),
            };
            match engine.place_unchecked(MARKET, order, now) {
                Ok(id) if leaves(engine, &id) > Decimal::ZERO => queue.push(id),
                Ok(_) => {}
                Err(reject) => {
                    tracing::warn!(%product, %price, reason = reject.reason, "paper: level not mirrored")
                }
            }
        } else {
            cut_back(engine, queue, have - target, now);
        }
        if queue.is_empty() {
            levels.remove(&price);
        }
    }

    /// Replays live trades (not the snapshot of past ones) of products whose book is mirrored;
    /// a trade explains as much of a waiting cut at its level, which then never applies.
    pub fn on_trades(&mut self, engine: &mut Engine, kind: EventKind, trades: &[Trade], now: DateTime<Utc>) {
        if kind == EventKind::Snapshot {
            return;
        }
        let real = |t: &&Trade| t.price > Decimal::ZERO && t.size > Decimal::ZERO;
        for trade in trades.iter().filter(real).filter(|t| self.snapshotted.contains(&t.product)) {
            let key = (trade.product.clone(), trade.taker.opposite(), trade.price);
            if let Some(cut) = self.cuts.get_mut(&key) {
                cut.0 = cut.0.saturating_sub(trade.size).max(Decimal::ZERO);
                if cut.0.is_zero() {
                    self.cuts.remove(&key);
                }
            }
            replay_trade(engine, trade, now);
        }
    }
}

/// Cuts `size` off a level's synthetic orders, newest first, and forgets the ones that ended.
fn cut_back(engine: &mut Engine, queue: &mut Vec<String>, size: Decimal, now: DateTime<Utc>) {
    let mut cut = size;
    for id in queue.iter().rev() {
        if cut <= Decimal::ZERO {
            break;
        }
        let take = cut.min(leaves(engine, id));
        if engine.shrink(MARKET, id, take, now).is_ok() {
            cut -= take;
        }
    }
    queue.retain(|id| leaves(engine, id) > Decimal::ZERO);
}

/// One live trade as an IOC order of [`TAPE`] at the trade's price: it takes every level
/// better than that price (a trade there means they are gone), then the trade's size at the
/// price, front of the queue first.
fn replay_trade(engine: &mut Engine, trade: &Trade, now: DateTime<Utc>) {
    let maker = trade.taker.opposite();
    let better = |price: Decimal| match maker {
        Side::Buy => price > trade.price,
        Side::Sell => price < trade.price,
    };
    let levels = engine.book_levels(&trade.product, maker, usize::MAX);
    let ahead = total(levels.iter().take_while(|(p, _)| better(*p)).map(|(_, s)| *s));
    let order = NewOrder {
        client_order_id: String::new(),
        product_id: trade.product.clone(),
        side: trade.taker,
        config: OrderConfig::SorLimitIoc(LimitIoc {
            base_size: ahead.saturating_add(trade.size),
            limit_price: trade.price,
        }),
    };
    if let Err(reject) = engine.place_unchecked(TAPE, order, now) {
        tracing::warn!(product = %trade.product, reason = reject.reason, "paper: trade not replayed");
    }
}
