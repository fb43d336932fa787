//! Fault injection: switches the admin routes flip so tests can make the venue misbehave.

use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

/// Answer the next `count` private REST requests with `status` instead of serving them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FailNext {
    /// HTTP status to answer (429, 500, 503, …).
    pub status: u16,
    /// How many requests.
    pub count: u32,
    /// Only requests with this HTTP method (`"POST"`, …) count and fail; any method when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
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

    /// Merges the fields `changes` names into the REST faults (the others keep their value)
    /// and returns the result; an unknown field or a bad value changes nothing.
    pub fn merge_rest(
        &self,
        changes: serde_json::Map<String, serde_json::Value>,
    ) -> Result<RestFaults, String> {
        self.with(|r| {
            let serde_json::Value::Object(mut merged) =
                serde_json::to_value(&*r).map_err(|e| e.to_string())?
            else {
                return Err("faults are not an object".into());
            };
            for (key, value) in changes {
                if !merged.contains_key(&key) {
                    return Err(format!("unknown fault {key:?}"));
                }
                merged.insert(key, value);
            }
            let faults: RestFaults =
                serde_json::from_value(serde_json::Value::Object(merged)).map_err(|e| e.to_string())?;
            *r = faults.clone();
            Ok(faults)
        })
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

    /// Takes one injected failure for a private `method` request, if any remain for it.
    pub fn take_failure(&self, method: &str) -> Option<u16> {
        self.with(|r| {
            let fail = r.fail_private.as_mut()?;
            if fail.count == 0 {
                r.fail_private = None;
                return None;
            }
            if fail.method.as_deref().is_some_and(|m| !m.eq_ignore_ascii_case(method)) {
                return None;
            }
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
