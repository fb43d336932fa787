//! One function per Coinbase REST endpoint.

use chrono::{DateTime, Utc};

use crate::domain::Granularity;

use super::*;

/// Client-side `failure_reason` for an id whose cancel request was never sent.
pub const CANCEL_NOT_SENT: &str = "CANCEL_NOT_SENT";
/// Client-side `failure_reason` for an id whose cancel request failed ambiguously.
pub const CANCEL_OUTCOME_UNKNOWN: &str = "CANCEL_OUTCOME_UNKNOWN";

/// Filters for `GET /orders/historical/batch`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OrderFilter {
    /// Only these products.
    pub product_ids: Vec<ProductId>,
    /// Only these statuses (sent as repeated `order_status`).
    pub statuses: Vec<OrderStatus>,
    /// Created at or after.
    pub start_date: Option<DateTime<Utc>>,
    /// Page size.
    pub limit: Option<u32>,
    /// Only these orders (sent as repeated `order_ids`).
    pub order_ids: Vec<String>,
}

/// Filters for `GET /orders/historical/fills`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FillFilter {
    /// Only these orders.
    pub order_ids: Vec<String>,
    /// Only these products.
    pub product_ids: Vec<ProductId>,
    /// Page size.
    pub limit: Option<u32>,
}

impl OrderFilter {
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = ids_query("product_ids", &self.product_ids);
        q.extend(self.statuses.iter().map(|s| ("order_status", s.as_wire().to_string())));
        q.extend(self.order_ids.iter().map(|id| ("order_ids", id.clone())));
        if let Some(start) = self.start_date {
            q.push(("start_date", start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)));
        }
        q.push(("limit", self.limit.unwrap_or(250).to_string()));
        q
    }
}

impl FillFilter {
    fn query(&self) -> Vec<(&'static str, String)> {
        let mut q = ids_query("product_ids", &self.product_ids);
        q.extend(self.order_ids.iter().map(|id| ("order_ids", id.clone())));
        q.push(("limit", self.limit.unwrap_or(100).to_string()));
        q
    }
}

fn with_cursor(mut query: Vec<(&'static str, String)>, cursor: &str) -> Vec<(&'static str, String)> {
    if !cursor.is_empty() {
        query.push(("cursor", cursor.to_string()));
    }
    query
}

impl RestClient {
    /// `GET /time` (public).
    pub async fn server_time(&self) -> Result<ServerTime, ApiError> {
        self.get("/time", &[], Auth::Public).await
    }

    /// `GET /key_permissions`.
    pub async fn key_permissions(&self) -> Result<KeyPermissions, ApiError> {
        self.get("/key_permissions", &[], Auth::Private).await
    }

    /// `GET /products` (or `/market/products` without credentials), spot products.
    pub async fn products(&self) -> Result<Vec<Product>, ApiError> {
        let (path, auth) = self.market_path("/products");
        let query = [("product_type", "SPOT".to_string())];
        let page: ProductsResponse = self.get(&path, &query, auth).await?;
        Ok(page.products)
    }

    /// `GET /products/{id}`.
    pub async fn product(&self, id: &ProductId) -> Result<Product, ApiError> {
        let (path, auth) = self.market_path(&format!("/products/{id}"));
        self.get(&path, &[], auth).await
    }

    /// `GET /product_book?product_id=…&limit=…`.
    pub async fn product_book(
        &self,
        id: &ProductId,
        limit: Option<u32>,
    ) -> Result<ProductBookResponse, ApiError> {
        let (path, auth) = self.market_path("/product_book");
        let mut query = vec![("product_id", id.0.clone())];
        if let Some(limit) = limit {
            query.push(("limit", limit.to_string()));
        }
        self.get(&path, &query, auth).await
    }

    /// `GET /best_bid_ask?product_ids=…` (private).
    pub async fn best_bid_ask(&self, ids: &[ProductId]) -> Result<Vec<PriceBook>, ApiError> {
        let query = ids_query("product_ids", ids);
        let response: BestBidAskResponse = self.get("/best_bid_ask", &query, Auth::Private).await?;
        Ok(response.pricebooks)
    }

    /// `GET /products/{id}/candles`, newest first. Coinbase rejects spans over 350 buckets.
    pub async fn candles(
        &self,
        id: &ProductId,
        start: i64,
        end: i64,
        granularity: Granularity,
    ) -> Result<Vec<Candle>, ApiError> {
        let (path, auth) = self.market_path(&format!("/products/{id}/candles"));
        let query = [
            ("start", start.to_string()),
            ("end", end.to_string()),
            ("granularity", granularity.as_wire().to_string()),
        ];
        let response: CandlesResponse = self.get(&path, &query, auth).await?;
        Ok(response.candles)
    }

    /// `GET /products/{id}/ticker?limit=…`: recent trades and best bid/ask.
    pub async fn market_trades(&self, id: &ProductId, limit: u32) -> Result<MarketTradesResponse, ApiError> {
        let (path, auth) = self.market_path(&format!("/products/{id}/ticker"));
        self.get(&path, &[("limit", limit.to_string())], auth).await
    }

    /// `GET /accounts`, every page.
    pub async fn accounts(&self) -> Result<Vec<Account>, ApiError> {
        self.every_page::<AccountsPage>("/accounts", vec![("limit", "250".to_string())]).await
    }

    /// `GET /transaction_summary` for spot.
    pub async fn transaction_summary(&self) -> Result<TransactionSummary, ApiError> {
        let query = [("product_type", "SPOT".to_string())];
        self.get("/transaction_summary", &query, Auth::Private).await
    }

    /// `POST /orders`. `success: false` becomes [`ApiError::Rejected`] with the reason.
    pub async fn create_order(&self, request: &CreateOrderRequest) -> Result<CreateSuccess, ApiError> {
        let response: CreateOrderResponse = self.post("/orders", request).await?;
        accepted(response, &request.client_order_id)
    }

    /// `POST /orders/preview`.
    pub async fn preview_order(
        &self,
        request: &PreviewOrderRequest,
    ) -> Result<PreviewOrderResponse, ApiError> {
        self.post("/orders/preview", request).await
    }

    /// `POST /orders/batch_cancel`, 100 ids per request.
    ///
    /// If a later request fails, the results already received are kept and every id not
    /// answered gets `success: false` with [`CANCEL_NOT_SENT`] or, when the failed request may
    /// have been acted on, [`CANCEL_OUTCOME_UNKNOWN`]. Only a failure of the first request is
    /// returned as an error.
    pub async fn cancel_orders(&self, ids: &[String]) -> Result<Vec<CancelResult>, ApiError> {
        let mut results = Vec::with_capacity(ids.len());
        for (index, chunk) in ids.chunks(100).enumerate() {
            let request = CancelOrdersRequest { order_ids: chunk.to_vec() };
            match self.post::<_, CancelOrdersResponse>("/orders/batch_cancel", &request).await {
                Ok(response) => results.extend(response.results),
                Err(e) if index == 0 => return Err(e),
                Err(e) => {
                    let reason = if e.is_ambiguous() { CANCEL_OUTCOME_UNKNOWN } else { CANCEL_NOT_SENT };
                    let unanswered = ids.iter().skip(index * 100);
                    results.extend(unanswered.enumerate().map(|(i, id)| CancelResult {
                        success: false,
                        failure_reason: if i < chunk.len() { reason } else { CANCEL_NOT_SENT }.to_string(),
                        order_id: id.clone(),
                    }));
                    return Ok(results);
                }
            }
        }
        Ok(results)
    }

    /// `GET /orders/historical/batch`, following the cursor to the end.
    pub async fn list_orders(&self, filter: &OrderFilter) -> Result<Vec<Order>, ApiError> {
        self.every_page::<OrdersPage>("/orders/historical/batch", filter.query()).await
    }

    /// `GET /orders/historical/batch`, the first page only (newest first): the `limit` most
    /// recent orders that match.
    pub async fn recent_orders(&self, filter: &OrderFilter) -> Result<Vec<Order>, ApiError> {
        let page: OrdersPage = self.get("/orders/historical/batch", &filter.query(), Auth::Private).await?;
        Ok(page.orders)
    }

    /// Every order that can still be cancelled: `OPEN`, then `PENDING`/`QUEUED` (asked
    /// separately, since some servers refuse `OPEN` mixed with other statuses).
    pub async fn open_orders(&self, product_ids: &[ProductId]) -> Result<Vec<Order>, ApiError> {
        let mut orders = Vec::new();
        let groups = [vec![OrderStatus::Open], vec![OrderStatus::Pending, OrderStatus::Queued]];
        for statuses in groups {
            let filter =
                OrderFilter { product_ids: product_ids.to_vec(), statuses, ..OrderFilter::default() };
            for order in self.list_orders(&filter).await? {
                if !orders.iter().any(|o: &Order| o.order_id == order.order_id) {
                    orders.push(order);
                }
            }
        }
        Ok(orders)
    }

    /// `GET /orders/historical/{id}`.
    pub async fn get_order(&self, order_id: &str) -> Result<Order, ApiError> {
        let safe = !order_id.is_empty()
            && order_id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !safe {
            return Err(ApiError::Build(format!("{order_id:?} is not an order id")));
        }
        let response: GetOrderResponse =
            self.get(&format!("/orders/historical/{order_id}"), &[], Auth::Private).await?;
        Ok(response.order)
    }

    /// `GET /orders/historical/fills`, until the cursor is empty or a page is empty.
    pub async fn fills(&self, filter: &FillFilter) -> Result<Vec<Fill>, ApiError> {
        self.every_page::<FillsPage>("/orders/historical/fills", filter.query()).await
    }

    /// Every item of a private cursor-paged listing: pages are fetched until one says no
    /// more follow, its cursor is empty or repeats, or [`MAX_PAGES`] were read.
    async fn every_page<P: Paged>(
        &self,
        path: &str,
        query: Vec<(&'static str, String)>,
    ) -> Result<Vec<P::Item>, ApiError> {
        let mut all = Vec::new();
        let mut cursor = String::new();
        for _ in 0..MAX_PAGES {
            let page: P = self.get(path, &with_cursor(query.clone(), &cursor), Auth::Private).await?;
            let (items, more, next) = page.split();
            all.extend(items);
            if !more || next.is_empty() || next == cursor {
                break;
            }
            cursor = next;
        }
        Ok(all)
    }
}

/// One page of a cursor-paged listing.
trait Paged: serde::de::DeserializeOwned {
    /// What the listing holds.
    type Item;
    /// The items, whether more pages follow, and the cursor of the next page.
    fn split(self) -> (Vec<Self::Item>, bool, String);
}

impl Paged for AccountsPage {
    type Item = Account;
    fn split(self) -> (Vec<Account>, bool, String) {
        (self.accounts, self.has_next, self.cursor)
    }
}

impl Paged for OrdersPage {
    type Item = Order;
    fn split(self) -> (Vec<Order>, bool, String) {
        (self.orders, self.has_next, self.cursor)
    }
}

/// Fills pages carry no `has_next`: an empty page is the end.
impl Paged for FillsPage {
    type Item = Fill;
    fn split(self) -> (Vec<Fill>, bool, String) {
        let more = !self.fills.is_empty();
        (self.fills, more, self.cursor)
    }
}

fn accepted(response: CreateOrderResponse, client_order_id: &str) -> Result<CreateSuccess, ApiError> {
    if response.success {
        let order_id = response.success_response.as_ref().map(|s| s.order_id.clone()).or(response.order_id);
        return match (response.success_response, order_id) {
            (Some(s), _) => Ok(s),
            (None, Some(order_id)) => Ok(CreateSuccess {
                order_id,
                product_id: None,
                side: None,
                client_order_id: client_order_id.to_string(),
            }),
            (None, None) => Err(ApiError::Decode {
                message: "success without an order id".into(),
                excerpt: String::new(),
            }),
        };
    }
    let error = response.error_response.unwrap_or_default();
    // A code in `error_response` wins; else the legacy top-level code; else the message.
    let codes_only = CreateError { message: String::new(), error_details: String::new(), ..error.clone() };
    let reason = match (codes_only.reason(), response.failure_reason) {
        (r, Some(top)) if r.starts_with("UNKNOWN") && !top.is_empty() && !top.starts_with("UNKNOWN") => top,
        _ => error.reason(),
    };
    let message = if error.message == reason { String::new() } else { error.message };
    Err(ApiError::Rejected { reason, message })
}
