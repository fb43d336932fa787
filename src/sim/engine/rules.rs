//! Coinbase's order rules that depend on the market, checked on arrival: a stop the last
//! trade already meets would trigger at once and is refused.

use super::Engine;
use super::types::{NewOrder, Reject};
use crate::domain::StopDirection;

impl Engine {
    /// Refuses a stop-limit whose `stop_direction` the last trade already meets, and a
    /// bracket whose stop trigger is on the wrong side of the last trade (a sell bracket's
    /// stop must be below it, a buy bracket's above). Without a last trade nothing is refused.
    pub(super) fn check_stop(&self, order: &NewOrder) -> Result<(), Reject> {
        let Some(stop) = order.config.stop_price() else {
            return Ok(());
        };
        let Some((last, _)) = self.last_trade(&order.product_id) else {
            return Ok(());
        };
        let chosen = order.config.stop_direction();
        let direction = chosen.unwrap_or_else(|| StopDirection::natural(order.side));
        if !direction.is_met(stop, last) {
            return Ok(());
        }
        let side = match direction {
            StopDirection::Up => "above",
            StopDirection::Down => "below",
        };
        let message = format!("stop price {stop} must be {side} the last trade price {last}");
        let reason = if chosen.is_some() {
            "PREVIEW_INVALID_STOP_PRICE"
        } else {
            "INVALID_BRACKET_STOP_TRIGGER_PRICE"
        };
        Err(Reject::new(reason, "PREVIEW_INVALID_STOP_PRICE", &message))
    }
}
