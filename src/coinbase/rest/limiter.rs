//! Client-side request metering: a GCRA bucket per API side with a priority queue (R-RATE1/2).
//!
//! Each request waits for a permit. Waiters are served strictly by [`Priority`] (cancels first),
//! then in arrival order. Cancels draw only on the full rate; every other request must also fit
//! a lower rate, which keeps [`CANCEL_RESERVE`] of each second free for cancels. A 429 pauses
//! status look-ups and background reads until the server's reset time
//! ([`Limiter::pause_until`]); cancels and submits are never held by it (a submit answered 429
//! is "not placed", R-RATE3).

use std::collections::{BTreeSet, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use reqwest::Method;
use tokio::sync::Notify;
use tokio::time::Instant;

/// Private REST: 24 requests/s, 80 % of Coinbase's 30/s (R-RATE1).
pub const PRIVATE_RATE: u32 = 24;
/// Public REST: 8 requests/s, 80 % of Coinbase's 10/s (R-RATE1).
pub const PUBLIC_RATE: u32 = 8;
/// WebSocket subscribe and unsubscribe messages per second, across every connection of the
/// process (Coinbase limits them per IP; R-RATE1).
pub const WS_SUBSCRIBE_RATE: u32 = 5;
/// Requests per second of the private bucket only cancels may use (R-RATE2).
pub const CANCEL_RESERVE: u32 = 4;

/// This many 429s within [`SLOW_AFTER_WINDOW`] slow the bucket down (R-RATE3).
pub const SLOW_AFTER_429S: usize = 3;
/// The window [`SLOW_AFTER_429S`] counts in.
pub const SLOW_AFTER_WINDOW: Duration = Duration::from_secs(60);
/// How long a slowed bucket stays slow.
pub const SLOW_FOR: Duration = Duration::from_secs(10 * 60);

/// Who goes first when requests queue (R-RATE2), highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// Order cancels.
    Cancel,
    /// Order submits and edits.
    Submit,
    /// Order status look-ups.
    Status,
    /// Everything else (listings, market data, polling).
    Other,
}

/// The queue position of a request (R-RATE2).
pub fn priority(method: &Method, path: &str) -> Priority {
    let status_lookup = path.starts_with("/orders/historical/")
        && !matches!(path, "/orders/historical/batch" | "/orders/historical/fills");
    match (method.as_str(), path) {
        ("POST", "/orders/batch_cancel") => Priority::Cancel,
        ("POST", "/orders" | "/orders/edit") => Priority::Submit,
        ("GET", _) if status_lookup => Priority::Status,
        _ => Priority::Other,
    }
}

/// One GCRA cell: the theoretical arrival time and the spacing between permits.
#[derive(Debug)]
struct Gcra {
    tat: Instant,
    interval: Duration,
    burst: Duration,
}

impl Gcra {
    fn new(per_sec: u32, burst: u32, now: Instant) -> Self {
        let interval = Duration::from_secs(1) / per_sec.max(1);
        Self { tat: now, interval, burst: interval * burst.saturating_sub(1) }
    }

    /// The earliest instant a permit is available.
    fn ready_at(&self) -> Instant {
        self.tat.checked_sub(self.burst).unwrap_or(self.tat)
    }

    /// Takes a permit; a slowed bucket spaces permits 4/3 as far (25 % fewer a second).
    fn take(&mut self, now: Instant, slow: bool) {
        let interval = if slow { self.interval * 4 / 3 } else { self.interval };
        self.tat = self.tat.max(now) + interval;
    }
}

#[derive(Debug)]
struct State {
    all: Gcra,
    general: Gcra,
    paused_until: Option<Instant>,
    recent_429s: VecDeque<Instant>,
    slow_until: Option<Instant>,
    queue: BTreeSet<(Priority, u64)>,
    next_ticket: u64,
}

impl State {
    /// When `priority` may take a permit.
    fn ready_at(&self, priority: Priority) -> Instant {
        let mut at = self.all.ready_at();
        if priority != Priority::Cancel {
            at = at.max(self.general.ready_at());
        }
        match self.paused_until {
            Some(paused) if priority >= Priority::Status => at.max(paused),
            _ => at,
        }
    }
}

/// A rate limiter for one side of the API (private or public).
#[derive(Debug)]
pub struct Limiter {
    state: Mutex<State>,
    wake: Notify,
}

impl Limiter {
    /// `per_sec` permits a second with bursts of `burst`; `reserve` of them only for cancels.
    pub fn new(per_sec: u32, burst: u32, reserve: u32) -> Self {
        let now = Instant::now();
        let general = per_sec.saturating_sub(reserve).max(1);
        let state = State {
            all: Gcra::new(per_sec, burst, now),
            general: Gcra::new(general, burst, now),
            paused_until: None,
            recent_429s: VecDeque::new(),
            slow_until: None,
            queue: BTreeSet::new(),
            next_ticket: 0,
        };
        Self { state: Mutex::new(state), wake: Notify::new() }
    }

    /// The private REST bucket: 24/s, bursts of 3, 4/s reserved for cancels.
    pub fn private() -> Self {
        Self::new(PRIVATE_RATE, 3, CANCEL_RESERVE)
    }

    /// The WebSocket subscribe bucket: 5 messages/s, bursts of 5 (one connection's
    /// `heartbeats` and four channels go out at once; the next ones wait).
    pub fn ws_subscribe() -> Self {
        Self::new(WS_SUBSCRIBE_RATE, WS_SUBSCRIBE_RATE, 0)
    }

    /// The public REST bucket: 8/s, bursts of 2.
    pub fn public() -> Self {
        Self::new(PUBLIC_RATE, 2, 0)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Holds status look-ups and background reads until `until` (after a 429, R-RATE3).
    pub fn pause_until(&self, until: Instant) {
        let mut state = self.lock();
        state.paused_until = Some(state.paused_until.map_or(until, |p| p.max(until)));
        drop(state);
        self.wake.notify_waiters();
    }

    /// Records a 429 answer: after [`SLOW_AFTER_429S`] in [`SLOW_AFTER_WINDOW`], the bucket
    /// runs 25 % slower for [`SLOW_FOR`] (R-RATE3).
    pub fn note_429(&self) {
        let now = Instant::now();
        let mut state = self.lock();
        while state
            .recent_429s
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= SLOW_AFTER_WINDOW)
        {
            state.recent_429s.pop_front();
        }
        state.recent_429s.push_back(now);
        if state.recent_429s.len() >= SLOW_AFTER_429S {
            state.slow_until = Some(now + SLOW_FOR);
            tracing::warn!("three 429s within a minute: request rate lowered by 25 % for 10 minutes");
        }
    }

    /// Waits for a permit. Dropping the future leaves the queue cleanly.
    pub async fn acquire(&self, priority: Priority) {
        let ticket = {
            let mut state = self.lock();
            let ticket = (priority, state.next_ticket);
            state.next_ticket += 1;
            state.queue.insert(ticket);
            ticket
        };
        let _leave = Leave { limiter: self, ticket };
        loop {
            let notified = self.wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            let wait_until = {
                let mut state = self.lock();
                let now = Instant::now();
                let first = state.queue.first() == Some(&ticket);
                let ready = state.ready_at(priority);
                if first && ready <= now {
                    let slow = state.slow_until.is_some_and(|until| now < until);
                    state.all.take(now, slow);
                    if priority != Priority::Cancel {
                        state.general.take(now, slow);
                    }
                    return;
                }
                first.then_some(ready)
            };
            match wait_until {
                Some(at) => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(at) => {}
                        _ = &mut notified => {}
                    }
                }
                None => notified.await,
            }
        }
    }
}

/// Removes a waiter's ticket when it is served or dropped, and wakes the next one.
struct Leave<'a> {
    limiter: &'a Limiter,
    ticket: (Priority, u64),
}

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.limiter.lock().queue.remove(&self.ticket);
        self.limiter.wake.notify_waiters();
    }
}

#[cfg(test)]
mod tests;
