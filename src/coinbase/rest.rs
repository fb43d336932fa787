//! `RestClient`: one typed async function per Coinbase endpoint.
//!
//! Building a request (URL, query, JWT) is separate from sending it, so the signing rules can
//! be tested without a network. Every request has a connect and a total deadline; reads are
//! retried on transient failures with a freshly signed JWT, writes never are (R-REST2, R-ORD4).

use std::sync::Arc;
use std::time::Duration;

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::error::{self, ApiError, excerpt};
use super::jwt::{self, Clock};
use super::wire::*;
use crate::credentials::Credentials;
use crate::domain::{OrderStatus, ProductId};

mod endpoints;
pub use endpoints::{CANCEL_NOT_SENT, CANCEL_OUTCOME_UNKNOWN, FillFilter, OrderFilter};

/// Deadline for the TCP connect and TLS handshake (R-REST1).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Deadline for a whole request (R-REST1).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response body accepted (R-REST3).
pub const MAX_BODY: usize = 8 * 1024 * 1024;
const GET_RETRIES: u32 = 3;
const MAX_PAGES: usize = 1000;

/// Whether an endpoint needs a JWT.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Public: no JWT.
    Public,
    /// Private: a fresh JWT per request.
    Private,
}

/// A REST client for one venue.
#[derive(Clone)]
pub struct RestClient {
    http: reqwest::Client,
    base: Url,
    authority: String,
    creds: Option<Arc<Credentials>>,
    clock: Clock,
}

impl std::fmt::Debug for RestClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RestClient")
            .field("base", &self.base.as_str())
            .field("authenticated", &self.creds.is_some())
            .finish()
    }
}

impl RestClient {
    /// A client for `base`, e.g. `https://api.coinbase.com/api/v3/brokerage`.
    ///
    /// The JWT `uri` claim uses the base URL's `host[:port]`, as the official SDK does.
    pub fn new(base: Url, creds: Option<Arc<Credentials>>, clock: Clock) -> Result<Self, ApiError> {
        let host = base.host_str().ok_or_else(|| ApiError::Build(format!("{base} has no host")))?;
        let authority = match base.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("cbterm/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ApiError::Build(e.to_string()))?;
        let base =
            Url::parse(base.as_str().trim_end_matches('/')).map_err(|e| ApiError::Build(e.to_string()))?;
        Ok(Self { http, base, authority, creds, clock })
    }

    /// Whether the client has credentials for private endpoints.
    pub fn has_credentials(&self) -> bool {
        self.creds.is_some()
    }

    /// The clock used for JWT `nbf`/`exp`.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The base URL.
    pub fn base(&self) -> &Url {
        &self.base
    }

    /// Builds a signed request without sending it.
    ///
    /// Array parameters repeat their key (`product_ids=A&product_ids=B`); the JWT `uri` claim
    /// has the path only, never the query.
    pub fn build(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        auth: Auth,
    ) -> Result<reqwest::Request, ApiError> {
        let mut url = self.base.clone();
        url.set_path(&format!("{}{path}", self.base.path().trim_end_matches('/')));
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query.iter().map(|(k, v)| (*k, v.as_str())));
        }
        let mut builder = self.http.request(method.clone(), url.clone());
        if auth == Auth::Private {
            let creds = self.creds.as_ref().ok_or(ApiError::NoCredentials)?;
            let token =
                jwt::rest_token(creds, method.as_str(), &self.authority, url.path(), self.clock.now_unix())
                    .map_err(|e| ApiError::Build(e.to_string()))?;
            builder = builder.bearer_auth(token);
        }
        if let Some(body) = body {
            builder = builder.header(reqwest::header::CONTENT_TYPE, "application/json").body(body);
        }
        builder.build().map_err(|e| ApiError::Build(e.to_string()))
    }

    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        query: &[(&str, String)],
        body: Option<Vec<u8>>,
        auth: Auth,
    ) -> Result<T, ApiError> {
        let retries = if method == Method::GET { GET_RETRIES } else { 0 };
        let mut attempt = 0;
        loop {
            let request = self.build(method.clone(), path, query, body.clone(), auth)?;
            let result = self.execute(request).await;
            match result {
                Err(e) if attempt < retries && retryable(&e) => {
                    tokio::time::sleep(backoff(attempt)).await;
                    attempt += 1;
                }
                Err(e) if e.is_unauthorized() && attempt == 0 && method == Method::GET => {
                    attempt = retries.max(1);
                }
                other => return other.and_then(|text| decode(&text)),
            }
        }
    }

    async fn execute(&self, request: reqwest::Request) -> Result<String, ApiError> {
        let host = request.url().host_str().unwrap_or_default().to_string();
        let mut response = self.http.execute(request).await.map_err(|e| send_error(&host, e))?;
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
            .map(Duration::from_secs);
        let is_json = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("json"));
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| send_error(&host, e))? {
            if bytes.len() + chunk.len() > MAX_BODY {
                return Err(ApiError::Transport(format!("response larger than {MAX_BODY} bytes")));
            }
            bytes.extend_from_slice(&chunk);
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if !(200..300).contains(&status) {
            return Err(error::from_status(status, &text, retry_after));
        }
        if !is_json {
            return Err(ApiError::Decode { message: "response is not JSON".into(), excerpt: excerpt(&text) });
        }
        Ok(text)
    }

    async fn get<T: DeserializeOwned>(
        &self,
        path: &str,
        query: &[(&str, String)],
        auth: Auth,
    ) -> Result<T, ApiError> {
        self.call(Method::GET, path, query, None, auth).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiError> {
        let bytes = serde_json::to_vec(body).map_err(|e| ApiError::Build(e.to_string()))?;
        self.call(Method::POST, path, &[], Some(bytes), Auth::Private).await
    }

    /// Chooses the private path when credentials exist, else the public `/market` mirror.
    fn market_path(&self, private: &str) -> (String, Auth) {
        if self.creds.is_some() {
            (private.to_string(), Auth::Private)
        } else {
            (format!("/market{private}"), Auth::Public)
        }
    }
}

fn retryable(e: &ApiError) -> bool {
    matches!(e, ApiError::Connect { .. } | ApiError::Transport(_) | ApiError::Timeout(_))
        || e.status().is_some_and(|s| s >= 500)
}

/// Wait before retry `attempt` (0-based): 100 ms doubling, capped at 5 s.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(100u64.saturating_mul(1 << attempt.min(6))).min(Duration::from_secs(5))
}

fn send_error(host: &str, e: reqwest::Error) -> ApiError {
    if e.is_connect() {
        ApiError::Connect { host: host.to_string(), message: root_cause(&e) }
    } else if e.is_timeout() {
        ApiError::Timeout(REQUEST_TIMEOUT)
    } else {
        ApiError::Transport(root_cause(&e))
    }
}

fn root_cause(e: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

fn decode<T: DeserializeOwned>(text: &str) -> Result<T, ApiError> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::Decode { message: e.to_string(), excerpt: excerpt(text) })
}

/// The statuses that still count as open (for listing and cancel-all).
pub fn working_statuses() -> Vec<OrderStatus> {
    vec![OrderStatus::Open, OrderStatus::Pending, OrderStatus::Queued]
}

fn ids_query<'a>(key: &'a str, ids: &[ProductId]) -> Vec<(&'a str, String)> {
    ids.iter().map(|id| (key, id.0.clone())).collect()
}
