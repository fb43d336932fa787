//! The client's error type: every way a request to Coinbase can go wrong.

use std::time::Duration;

use super::wire::ErrorBody;

/// Longest slice of a response body kept in an error.
const BODY_EXCERPT: usize = 300;

/// What went wrong with a REST request.
///
/// The variants separate *definitive* outcomes (the request was refused, nothing happened)
/// from *ambiguous* ones (the request may have been acted on), see [`ApiError::is_ambiguous`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The request never left: DNS, connection refused, TLS handshake.
    #[error("could not reach {host}: {message}")]
    Connect {
        /// Host that was dialled.
        host: String,
        /// Cause.
        message: String,
    },
    /// The connection failed after the request was sent.
    #[error("connection failed during the request: {0}")]
    Transport(String),
    /// No complete answer within the deadline.
    #[error("no answer within {0:?}")]
    Timeout(Duration),
    /// HTTP 429.
    #[error("rate limited by the exchange (HTTP 429){}", retry_hint(.retry_after))]
    RateLimited {
        /// `Retry-After`, when given.
        retry_after: Option<Duration>,
        /// Body excerpt (may be HTML).
        body: String,
    },
    /// A non-success HTTP status with Coinbase's JSON error body.
    #[error("HTTP {status}: {}", .body.summary())]
    Status {
        /// HTTP status.
        status: u16,
        /// Parsed body.
        body: ErrorBody,
    },
    /// A non-success HTTP status whose body is not JSON (an HTML error page, plain text).
    #[error("HTTP {status}: {excerpt}")]
    StatusText {
        /// HTTP status.
        status: u16,
        /// Body excerpt.
        excerpt: String,
    },
    /// A success status whose body did not match the expected shape.
    #[error("unexpected response: {message} (body: {excerpt})")]
    Decode {
        /// Parser message.
        message: String,
        /// Body excerpt.
        excerpt: String,
    },
    /// The exchange answered `success: false` (HTTP 200).
    #[error("rejected by the exchange: {reason}{}", detail(.message))]
    Rejected {
        /// Failure code, e.g. `INSUFFICIENT_FUND`.
        reason: String,
        /// Message, when different from the code.
        message: String,
    },
    /// HTTP 401 again after the clock was re-measured and the request signed afresh: the key
    /// or the clock is wrong (R-AUTH4).
    #[error(
        "not authorized (HTTP 401) twice, the second time after re-measuring the clock: check \
         the API key and this machine's clock (credentials or clock); {}; server said: {detail}",
        offset_text(.offset_ms)
    )]
    Unauthorized {
        /// Measured server-minus-local clock offset, when a measurement succeeded.
        offset_ms: Option<i64>,
        /// The last 401's text.
        detail: String,
    },
    /// Private endpoint without credentials.
    #[error("this needs API credentials: pass --key-file or set COINBASE_API_KEY and COINBASE_API_SECRET")]
    NoCredentials,
    /// The request could not be built (bad URL, JWT signing failure).
    #[error("could not build the request: {0}")]
    Build(String),
}

fn retry_hint(retry_after: &Option<Duration>) -> String {
    retry_after.map(|d| format!(", retry after {}s", d.as_secs())).unwrap_or_default()
}

fn offset_text(offset_ms: &Option<i64>) -> String {
    match offset_ms {
        Some(ms) => {
            let side = if *ms >= 0 { "ahead of" } else { "behind" };
            format!("measured server clock: {:.1} s {side} this machine's", ms.unsigned_abs() as f64 / 1000.0)
        }
        None => "the server clock could not be measured".into(),
    }
}

fn detail(message: &str) -> String {
    if message.is_empty() { String::new() } else { format!(" ({message})") }
}

impl ApiError {
    /// Whether the request may have taken effect on the exchange (timeout after sending,
    /// connection reset, 5xx, unparseable success body). Such orders are "unknown", never
    /// "failed", and must not be resent blindly (R-ORD3).
    pub fn is_ambiguous(&self) -> bool {
        match self {
            Self::Transport(_) | Self::Timeout(_) | Self::Decode { .. } => true,
            Self::Status { status, .. } | Self::StatusText { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// Whether this is an HTTP 401.
    pub fn is_unauthorized(&self) -> bool {
        matches!(
            self,
            Self::Status { status: 401, .. }
                | Self::StatusText { status: 401, .. }
                | Self::Unauthorized { .. }
        )
    }

    /// The HTTP status, when there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } | Self::StatusText { status, .. } => Some(*status),
            Self::RateLimited { .. } => Some(429),
            Self::Unauthorized { .. } => Some(401),
            _ => None,
        }
    }
}

/// Trims a body to a short single-line excerpt for an error message.
pub fn excerpt(body: &str) -> String {
    let flat: String = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= BODY_EXCERPT {
        flat
    } else {
        let cut: String = flat.chars().take(BODY_EXCERPT).collect();
        format!("{cut}…")
    }
}

/// Builds the error for a non-success HTTP status from its body.
pub fn from_status(status: u16, body: &str, retry_after: Option<Duration>) -> ApiError {
    if status == 429 {
        return ApiError::RateLimited { retry_after, body: excerpt(body) };
    }
    match serde_json::from_str::<ErrorBody>(body) {
        Ok(parsed) if !parsed.summary().is_empty() => ApiError::Status { status, body: parsed },
        _ => ApiError::StatusText { status, excerpt: excerpt(body) },
    }
}

/// The error for a request to `host` that got no HTTP answer.
pub fn send_error(host: &str, e: reqwest::Error) -> ApiError {
    if e.is_connect() {
        ApiError::Connect { host: host.to_string(), message: root_cause(&e) }
    } else if e.is_timeout() {
        ApiError::Timeout(super::rest::REQUEST_TIMEOUT)
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
