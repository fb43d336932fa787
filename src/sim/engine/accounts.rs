//! Balances per user and currency, with `available` and `hold`, and checked arithmetic.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

/// An internal accounting failure: an overflow or a hold that does not cover a fill.
/// Unreachable while the engine's invariants hold; reported as `UNKNOWN_FAILURE_REASON`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault(pub &'static str);

/// `a + b`, or a [`Fault`] on overflow.
pub fn add(a: Decimal, b: Decimal) -> Result<Decimal, Fault> {
    a.checked_add(b).ok_or(Fault("addition overflow"))
}

/// `a - b`, or a [`Fault`] on overflow.
pub fn sub(a: Decimal, b: Decimal) -> Result<Decimal, Fault> {
    a.checked_sub(b).ok_or(Fault("subtraction overflow"))
}

/// `a × b`, or a [`Fault`] on overflow.
pub fn mul(a: Decimal, b: Decimal) -> Result<Decimal, Fault> {
    a.checked_mul(b).ok_or(Fault("multiplication overflow"))
}

/// Available and held amounts of one currency.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Bal {
    /// Free to use.
    pub available: Decimal,
    /// Reserved by working orders.
    pub hold: Decimal,
}

/// Every user's balances.
#[derive(Debug, Default)]
pub struct Accounts {
    users: HashMap<String, BTreeMap<String, Bal>>,
}

impl Accounts {
    /// The balance of one currency (zero when never touched).
    pub fn get(&self, user: &str, currency: &str) -> Bal {
        self.users.get(user).and_then(|m| m.get(currency)).copied().unwrap_or_default()
    }

    /// Every currency the user has touched, sorted.
    pub fn of_user(&self, user: &str) -> impl Iterator<Item = (&String, &Bal)> {
        self.users.get(user).into_iter().flat_map(|m| m.iter())
    }

    fn entry(&mut self, user: &str, currency: &str) -> &mut Bal {
        let user = self.users.entry(user.to_string()).or_default();
        user.entry(currency.to_string()).or_default()
    }

    /// Adds to `available`.
    pub fn credit(&mut self, user: &str, currency: &str, amount: Decimal) -> Result<(), Fault> {
        let bal = self.entry(user, currency);
        bal.available = add(bal.available, amount)?;
        Ok(())
    }

    /// Moves `amount` from available to hold; `Ok(false)` when not enough is available.
    pub fn hold(&mut self, user: &str, currency: &str, amount: Decimal) -> Result<bool, Fault> {
        let bal = self.entry(user, currency);
        if bal.available < amount {
            return Ok(false);
        }
        let (available, hold) = (sub(bal.available, amount)?, add(bal.hold, amount)?);
        *bal = Bal { available, hold };
        Ok(true)
    }

    /// Moves `amount` back from hold to available.
    pub fn release(&mut self, user: &str, currency: &str, amount: Decimal) -> Result<(), Fault> {
        let bal = self.entry(user, currency);
        if bal.hold < amount {
            return Err(Fault("release exceeds hold"));
        }
        let (available, hold) = (add(bal.available, amount)?, sub(bal.hold, amount)?);
        *bal = Bal { available, hold };
        Ok(())
    }

    /// Pays `amount` out of hold (it leaves the account).
    pub fn spend_hold(&mut self, user: &str, currency: &str, amount: Decimal) -> Result<(), Fault> {
        let bal = self.entry(user, currency);
        if bal.hold < amount {
            return Err(Fault("fill exceeds hold"));
        }
        bal.hold = sub(bal.hold, amount)?;
        Ok(())
    }
}
