//! Market data of one product: ticker, sparkline, order book, trades and candles.

use std::collections::VecDeque;
use std::time::Instant;

use rust_decimal::Decimal;

use super::book_state::BookState;
use super::candles::Candles;
use crate::domain::{Ticker, Trade};

/// Prices kept for the sparkline.
pub const SPARK_LEN: usize = 60;
/// Trades kept for the tape.
pub const TAPE_LEN: usize = 100;

/// Everything known about one product's market.
#[derive(Debug, Clone, Default)]
pub struct Market {
    /// Last trade price from the ticker.
    pub last: Option<Decimal>,
    /// 24 h change in percent.
    pub change_pct: Option<Decimal>,
    /// 24 h volume in base units.
    pub volume: Option<Decimal>,
    /// Best bid from the ticker.
    pub best_bid: Option<Decimal>,
    /// Best ask from the ticker.
    pub best_ask: Option<Decimal>,
    /// When the last ticker arrived (monotonic).
    pub ticker_at: Option<Instant>,
    /// Recent last prices, oldest first.
    pub spark: VecDeque<Decimal>,
    /// The level2 book.
    pub book: BookState,
    /// Recent trades, newest first.
    pub trades: VecDeque<Trade>,
    /// When the last trade arrived (monotonic).
    pub trade_at: Option<Instant>,
    /// When the last live trade (a WebSocket `update`, not a snapshot or REST) arrived.
    pub live_trade_at: Option<Instant>,
    /// When a level2 resync of this product was last requested (rate limit, R-BK4).
    pub resync_at: Option<Instant>,
    /// Candles of the chart's granularity.
    pub candles: Candles,
}

impl Market {
    /// Applies a ticker received at `at`.
    pub fn apply_ticker(&mut self, t: &Ticker, at: Instant) {
        if let Some(price) = t.price {
            self.last = Some(price);
            if self.spark.len() == SPARK_LEN {
                self.spark.pop_front();
            }
            self.spark.push_back(price);
        }
        self.change_pct = t.change_pct_24h.or(self.change_pct);
        self.volume = t.volume_24h.or(self.volume);
        self.best_bid = t.best_bid.or(self.best_bid);
        self.best_ask = t.best_ask.or(self.best_ask);
        self.ticker_at = Some(at);
    }

    /// The 24 h change in quote units, derived from the last price and the percentage.
    pub fn change_abs(&self) -> Option<Decimal> {
        let (last, pct) = (self.last?, self.change_pct?);
        let factor = Decimal::ONE_HUNDRED.checked_add(pct)?;
        if factor.is_zero() {
            return None;
        }
        let open = last.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(factor)?;
        last.checked_sub(open)
    }

    /// Ask minus bid.
    pub fn spread(&self) -> Option<Decimal> {
        self.best_ask?.checked_sub(self.best_bid?)
    }

    /// Adds trades (newest first or oldest first) to the tape, skipping ones already there.
    pub fn add_trades<'a>(&mut self, trades: impl IntoIterator<Item = &'a Trade>, at: Instant) {
        let mut fresh: Vec<Trade> =
            trades.into_iter().filter(|t| !self.trades.iter().any(|k| k.id == t.id)).cloned().collect();
        if fresh.is_empty() {
            return;
        }
        fresh.sort_by_key(|t| t.time);
        for trade in fresh {
            self.candles.apply_trade(trade.time.timestamp(), trade.price, trade.size);
            self.trades.push_front(trade);
        }
        self.trades.make_contiguous().sort_by_key(|t| std::cmp::Reverse(t.time));
        self.trades.truncate(TAPE_LEN);
        self.trade_at = Some(at);
    }
}
