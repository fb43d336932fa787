//! `RestClient`: one typed async function per Coinbase endpoint.
//!
//! Building a request (URL, query, JWT) is separate from sending it, so the signing rules can
//! be tested without a network. Every request waits for a permit of its bucket (private or
//! public, cancels first), has a connect and a total deadline, and is signed on the measured
//! server clock. Reads are retried on transient failures, 5xx and 429 within a 10 s budget,
//! each time with a fresh JWT; writes never are (R-REST2, R-RATE3, R-ORD4). A 401 re-measures
//! the clock and signs once more, for any request (R-AUTH4).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;

use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;
use url::Url;

use super::error::{self, ApiError, excerpt, send_error};
use super::jwt::{self, Clock};
use super::tls::TrustedCa;
use super::wire::*;
use crate::credentials::Credentials;
use crate::domain::{OrderStatus, ProductId};

mod clock;
mod edit;
mod endpoints;
pub mod limiter;
mod lookup;
pub mod retry;
pub use clock::{AuthCause, MAX_ROUND_TRIP, TimeSource, auth_cause, server_millis};
pub use edit::UNKNOWN_EDIT_FAILURE;
pub use endpoints::{CANCEL_NOT_SENT, CANCEL_OUTCOME_UNKNOWN, FillFilter, OrderFilter};
use limiter::{Limiter, priority};
use retry::{Attempts, Next, Refusals};

/// Deadline for the TCP connect and TLS handshake (R-REST1).
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// Deadline for a whole request (R-REST1).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest response body accepted (R-REST3).
pub const MAX_BODY: usize = 8 * 1024 * 1024;
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
    private: Arc<Limiter>,
    public: Arc<Limiter>,
    refusals: Arc<Refusals>,
    ca: Option<TrustedCa>,
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
    /// The JWT `uri` claim uses the base URL's `host[:port]`, as the official SDK does. The
    /// client becomes `clock`'s server-time source unless it already has one.
    pub fn new(base: Url, creds: Option<Arc<Credentials>>, clock: Clock) -> Result<Self, ApiError> {
        Self::with_ca(base, creds, clock, None)
    }

    /// [`RestClient::new`] also trusting `ca` (for this client only; the web roots stay).
    pub fn with_ca(
        base: Url,
        creds: Option<Arc<Credentials>>,
        clock: Clock,
        ca: Option<TrustedCa>,
    ) -> Result<Self, ApiError> {
        let host = base.host_str().ok_or_else(|| ApiError::Build(format!("{base} has no host")))?;
        let authority = match base.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_string(),
        };
        let mut builder = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .pool_idle_timeout(Duration::from_secs(60))
            .user_agent(concat!("cbterm/", env!("CARGO_PKG_VERSION")));
        if let Some(ca) = &ca {
            builder = ca.add_to(builder).map_err(ApiError::Build)?;
        }
        let http = builder.build().map_err(|e| ApiError::Build(e.to_string()))?;
        let base =
            Url::parse(base.as_str().trim_end_matches('/')).map_err(|e| ApiError::Build(e.to_string()))?;
        let public = Arc::new(Limiter::public());
        let mut time_url = base.clone();
        time_url.set_path(&format!("{}/time", base.path().trim_end_matches('/')));
        clock.attach(TimeSource { http: http.clone(), url: time_url, limiter: public.clone() });
        let private = Arc::new(Limiter::private());
        let refusals = Arc::new(Refusals::default());
        Ok(Self { http, base, authority, creds, clock, private, public, refusals, ca })
    }

    /// The key's type in words (`ECDSA P-256 (ES256)`), when the client has credentials.
    pub fn key_type(&self) -> Option<&'static str> {
        self.creds.as_deref().map(Credentials::key_type)
    }

    /// Whether the client has credentials for private endpoints.
    pub fn has_credentials(&self) -> bool {
        self.creds.is_some()
    }

    /// The clock used for JWT `nbf`/`exp`.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Measures the server clock's offset now and signs with it from then on (R-AUTH3).
    pub async fn sync_clock(&self) -> Result<i64, ApiError> {
        self.clock.remeasure().await
    }

    /// The extra CA this venue trusts (`--ca-file`), for its WebSocket feeds too.
    pub fn trusted_ca(&self) -> Option<&TrustedCa> {
        self.ca.as_ref()
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
        let limiter = if auth == Auth::Private { &self.private } else { &self.public };
        let priority = priority(&method, path);
        let mut attempts = Attempts::default();
        loop {
            limiter.acquire(priority).await;
            let generation = self.clock.generation();
            let request = self.build(method.clone(), path, query, body.clone(), auth)?;
            let error = match self.execute(request).await {
                Ok(text) => {
                    // Method, path and size only: never headers or bodies (R-LOG2).
                    tracing::trace!(%method, path, bytes = text.len(), "request answered");
                    return decode(&text);
                }
                Err(error) => error,
            };
            tracing::debug!(%method, path, error = %error, "request failed");
            let wait = self.after_failure(error, &method, limiter, &mut attempts, generation).await?;
            attempts.waited += wait;
            tokio::time::sleep(wait).await;
        }
    }

    /// After a failed attempt: the wait before the next one, or the error to return.
    async fn after_failure(
        &self,
        error: ApiError,
        method: &Method,
        limiter: &Limiter,
        attempts: &mut Attempts,
        generation: u64,
    ) -> Result<Duration, ApiError> {
        if let ApiError::RateLimited { .. } = error {
            limiter.note_429();
        }
        if error.is_unauthorized() && self.refusals.record(std::time::Instant::now()) {
            attempts.resigned = true;
            return Err(self.final_error(error, attempts));
        }
        match retry::next(&error, method, attempts, rand::random()) {
            Next::Stop => Err(self.final_error(error, attempts)),
            Next::Retry(wait) => {
                if attempts.count(&error) == retry::Kind::RateLimited {
                    limiter.pause_until(tokio::time::Instant::now() + wait);
                }
                Ok(wait)
            }
            Next::Resign(wait) => {
                attempts.resigned = true;
                self.before_resign(&error, generation).await;
                Ok(wait)
            }
        }
    }

    /// After a first 401: re-measure the clock, unless the server blamed the key and the
    /// clock was already measured.
    async fn before_resign(&self, error: &ApiError, generation: u64) {
        let measured = self.clock.measured_offset_ms().is_some();
        if measured && !auth_cause(&error.to_string()).remeasure() {
            return;
        }
        if let Err(e) = self.clock.remeasure_since(generation).await {
            tracing::warn!(error = %e, "clock not re-measured after a 401");
        }
    }

    /// A second 401 becomes the one credentials-or-clock error with the measured offset.
    fn final_error(&self, error: ApiError, attempts: &Attempts) -> ApiError {
        if attempts.resigned && error.is_unauthorized() {
            let offset_ms = self.clock.measured_offset_ms();
            return ApiError::Unauthorized { offset_ms, detail: error.to_string() };
        }
        error
    }

    async fn execute(&self, request: reqwest::Request) -> Result<String, ApiError> {
        let host = request.url().host_str().unwrap_or_default().to_string();
        let mut response = self.http.execute(request).await.map_err(|e| send_error(&host, e))?;
        let status = response.status().as_u16();
        let retry_after = retry::server_wait(response.headers(), Utc::now());
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
