//! A bounded store of used JWT nonces, each kept until its token expires.

use std::collections::{BTreeSet, HashMap};

/// Remembers nonces until their token's `exp`, holding at most `capacity` entries.
pub(super) struct NonceStore {
    capacity: usize,
    by_nonce: HashMap<String, i64>,
    by_expiry: BTreeSet<(i64, String)>,
}

impl NonceStore {
    /// An empty store that holds at most `capacity` (at least 1) nonces.
    pub(super) fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), by_nonce: HashMap::new(), by_expiry: BTreeSet::new() }
    }

    /// Records `nonce` (valid until `exp`); `false` if it is already remembered.
    ///
    /// Nonces whose `exp <= now` are forgotten first: their tokens are refused as expired
    /// anyway. If the store is still full, the soonest-expiring nonce is evicted.
    pub(super) fn insert(&mut self, nonce: String, exp: i64, now: i64) -> bool {
        if self.by_nonce.contains_key(&nonce) {
            return false;
        }
        self.forget_expired(now);
        while self.by_nonce.len() >= self.capacity {
            let Some((_, oldest)) = self.by_expiry.pop_first() else {
                break;
            };
            self.by_nonce.remove(&oldest);
        }
        self.by_expiry.insert((exp, nonce.clone()));
        self.by_nonce.insert(nonce, exp);
        true
    }

    fn forget_expired(&mut self, now: i64) {
        while let Some((exp, _)) = self.by_expiry.first() {
            if *exp > now {
                break;
            }
            if let Some((_, nonce)) = self.by_expiry.pop_first() {
                self.by_nonce.remove(&nonce);
            }
        }
    }

    /// How many nonces are remembered.
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.by_nonce.len()
    }
}
