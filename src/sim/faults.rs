//! Fault injection: switches the admin routes flip so tests can make the venue misbehave.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// Answer the next `count` private REST requests with `status` instead of serving them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailNext {
    /// HTTP status to answer (429, 500, 503, …).
    pub status: u16,
    /// How many requests.
    pub count: u32,
}

/// REST faults, all off by default. `POST /admin/faults` merges the fields it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestFaults {
    /// Fail the next private requests.
    #[serde(default)]
    pub fail_private: Option<FailNext>,
    /// Delay every REST response by this many milliseconds.
    #[serde(default)]
    pub rest_delay_ms: u64,
    /// Accept the next `POST /orders` but withhold the answer until the client gives up
    /// (the order exists; the client cannot know).
    #[serde(default)]
    pub drop_next_order_response: bool,
    /// Seconds added to the simulator's clock (JWT checks and `/time`).
    #[serde(default)]
    pub clock_skew_secs: i64,
}

/// A fault applied to every open WebSocket connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WsFault {
    /// Close every connection.
    DropAll,
    /// Stop sending anything, heartbeats included, but keep the socket open.
    Stall,
    /// Skip one `sequence_num` on the next message.
    SkipSequence,
}

/// The simulator's fault switches.
pub struct Faults {
    rest: Mutex<RestFaults>,
    ws: broadcast::Sender<WsFault>,
}

impl Default for Faults {
    fn default() -> Self {
        Self { rest: Mutex::new(RestFaults::default()), ws: broadcast::channel(64).0 }
    }
}

impl Faults {
    fn with<R>(&self, f: impl FnOnce(&mut RestFaults) -> R) -> R {
        let mut guard = self.rest.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut guard)
    }

    /// Replaces the REST faults.
    pub fn set_rest(&self, faults: RestFaults) {
        self.with(|r| *r = faults);
    }

    /// The current REST faults.
    pub fn rest(&self) -> RestFaults {
        self.with(|r| r.clone())
    }

    /// Clock skew in seconds.
    pub fn clock_skew(&self) -> i64 {
        self.with(|r| r.clock_skew_secs)
    }

    /// Delay for REST responses.
    pub fn rest_delay(&self) -> Duration {
        Duration::from_millis(self.with(|r| r.rest_delay_ms))
    }

    /// Takes one injected failure for a private request, if any remain.
    pub fn take_failure(&self) -> Option<u16> {
        self.with(|r| {
            let fail = r.fail_private.as_mut()?;
            let status = fail.status;
            fail.count = fail.count.saturating_sub(1);
            if fail.count == 0 {
                r.fail_private = None;
            }
            Some(status)
        })
    }

    /// Takes the "withhold the next order response" switch.
    pub fn take_drop_order_response(&self) -> bool {
        self.with(|r| std::mem::take(&mut r.drop_next_order_response))
    }

    /// Sends a fault to every WebSocket connection; returns how many received it.
    pub fn inject_ws(&self, fault: WsFault) -> usize {
        self.ws.send(fault).unwrap_or(0)
    }

    /// A receiver for WebSocket faults, one per connection.
    pub fn ws_faults(&self) -> broadcast::Receiver<WsFault> {
        self.ws.subscribe()
    }
}
