//! The log of authenticated REST requests the simulator answered (`GET /admin/requests`), so
//! tests can prove which calls a client made, and which it did not.

use std::collections::VecDeque;
use std::sync::Mutex;

/// Requests kept; older ones are dropped.
const KEPT: usize = 10_000;

/// `METHOD /path` of each private request, oldest first.
#[derive(Debug, Default)]
pub struct RequestLog {
    entries: Mutex<VecDeque<String>>,
}

impl RequestLog {
    /// Records one request.
    pub fn record(&self, method: &str, path: &str) {
        let mut entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if entries.len() == KEPT {
            entries.pop_front();
        }
        entries.push_back(format!("{method} {path}"));
    }

    /// Every kept request, oldest first.
    pub fn snapshot(&self) -> Vec<String> {
        let entries = self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        entries.iter().cloned().collect()
    }
}
