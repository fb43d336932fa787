//! [`KeyRights`]: what an API key may do (`GET /key_permissions`), and what about that a user
//! should hear: a key that can move funds out, or one that cannot view or trade.

/// The rights of the API key in use, and the portfolio it is bound to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRights {
    /// Read access (balances, orders).
    pub view: bool,
    /// Placing and cancelling orders.
    pub trade: bool,
    /// Moving funds out (a dashboard never needs it).
    pub transfer: bool,
    /// The portfolio the key is bound to.
    pub portfolio_uuid: String,
    /// Its type (`DEFAULT`, `CONSUMER`, …).
    pub portfolio_type: String,
}

/// How serious a finding about a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Concern {
    /// Works, but should be changed.
    Warn,
    /// Does not work for this program.
    Fail,
}

/// The fix that goes with each concern.
const ALLOW_VIEW: &str = "edit the key at portal.cdp.coinbase.com and allow View";
const ALLOW_TRADE: &str = "edit the key at portal.cdp.coinbase.com and allow Trade";
const NO_TRANSFER: &str =
    "create a key with View and Trade only at portal.cdp.coinbase.com, use it, and delete this one";

impl KeyRights {
    /// `view yes, trade yes, transfer no; portfolio ca72… (DEFAULT)`.
    pub fn summary(&self) -> String {
        let yes = |b: bool| if b { "yes" } else { "no" };
        format!(
            "view {}, trade {}, transfer {}; portfolio {} ({})",
            yes(self.view),
            yes(self.trade),
            yes(self.transfer),
            self.portfolio_uuid,
            self.portfolio_type
        )
    }

    /// The worst finding about these rights, with what it means and its fix; `None` when the
    /// key can view and trade and cannot transfer.
    pub fn concern(&self) -> Option<(Concern, &'static str, &'static str)> {
        if !self.view {
            return Some((Concern::Fail, "the key cannot view balances or orders", ALLOW_VIEW));
        }
        if self.transfer {
            let what = "the key can transfer funds out, which a trading terminal never needs";
            return Some((Concern::Warn, what, NO_TRANSFER));
        }
        if !self.trade {
            return Some((Concern::Warn, "the key cannot trade: orders will be refused", ALLOW_TRADE));
        }
        None
    }
}
