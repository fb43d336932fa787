//! Finding an order by its client order id, which Coinbase cannot filter on.

use chrono::{DateTime, Utc};

use super::{ApiError, OrderFilter, RestClient};
use crate::coinbase::wire::Order;
use crate::domain::ProductId;

impl RestClient {
    /// The order of `client_order_id`: open orders of `product` first, then its order history
    /// since `since` (R-ORD4). The match is made here, on every order listed.
    pub async fn find_order(
        &self,
        client_order_id: &str,
        product: &ProductId,
        since: DateTime<Utc>,
    ) -> Result<Option<Order>, ApiError> {
        let open = self.open_orders(std::slice::from_ref(product)).await?;
        if let Some(order) = open.into_iter().find(|o| o.client_order_id == client_order_id) {
            return Ok(Some(order));
        }
        let filter = OrderFilter {
            product_ids: vec![product.clone()],
            start_date: Some(since),
            ..OrderFilter::default()
        };
        Ok(self.list_orders(&filter).await?.into_iter().find(|o| o.client_order_id == client_order_id))
    }
}
