//! A failed authenticated request in plain words: what is wrong (the key, its permissions, the
//! clock, an IP allow-list, the network) and how to fix it. Shared by `cbterm doctor` and the
//! dashboard's start-up key check.

use super::error::ApiError;
use super::rest::{AuthCause, auth_cause};

/// What went wrong, and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnosis {
    /// The problem, naming what the exchange said.
    pub problem: String,
    /// What to do about it.
    pub fix: String,
}

/// The fix for a clock too far from the exchange's.
pub const FIX_CLOCK: &str =
    "set this computer's clock from the network (e.g. `timedatectl set-ntp true`) and retry";
const FIX_KEY: &str = "check that the key file's name is this key's full name \
    (organizations/…/apiKeys/…) and its privateKey belongs to it, that the key was not deleted, and \
    that it is a CDP Secret API key (ECDSA or Ed25519) from portal.cdp.coinbase.com, not a legacy key";
const FIX_UNSTATED: &str = "check this computer's clock, then the key's IP allow-list at \
    portal.cdp.coinbase.com (add this computer's public IP address), then the key's name and privateKey";
const FIX_SCOPES: &str = "edit the key at portal.cdp.coinbase.com and allow View (and Trade to place orders)";
const FIX_FORBIDDEN: &str = "if the key has an IP allow-list, add this computer's public IP address to it \
    at portal.cdp.coinbase.com; else check the key's permissions there";
const FIX_NETWORK: &str = "check the API URL and this computer's network (DNS, proxy, firewall)";
const FIX_NO_KEY: &str = "pass --key-file PATH (the key JSON from portal.cdp.coinbase.com) or set \
    COINBASE_API_KEY and COINBASE_API_SECRET";
const FIX_OTHER: &str = "retry later; if it persists, run `cbterm doctor` and read the log file";

/// The problem and fix for `error`, the answer to an authenticated request.
pub fn diagnose(error: &ApiError) -> Diagnosis {
    let said = error.to_string();
    let (problem, fix) = match error {
        ApiError::Connect { .. } | ApiError::Transport(_) | ApiError::Timeout(_) => {
            (format!("the exchange could not be reached: {said}"), FIX_NETWORK)
        }
        ApiError::NoCredentials => ("no API key".to_string(), FIX_NO_KEY),
        e if e.is_unauthorized() => unauthorized(e),
        e if e.status() == Some(403) && said.to_ascii_lowercase().contains("missing required scopes") => {
            (format!("the key lacks a permission: {said}"), FIX_SCOPES)
        }
        e if e.status() == Some(403) => (format!("the exchange refused the request: {said}"), FIX_FORBIDDEN),
        _ => (format!("the request failed: {said}"), FIX_OTHER),
    };
    Diagnosis { problem, fix: fix.to_string() }
}

/// A 401, read by what the server said (the last answer, after a re-measured clock).
fn unauthorized(error: &ApiError) -> (String, &'static str) {
    let said = match error {
        ApiError::Unauthorized { detail, .. } => detail.clone(),
        e => e.to_string(),
    };
    match auth_cause(&said) {
        AuthCause::Clock => {
            (format!("the exchange refused the key's token as out of date: {said}"), FIX_CLOCK)
        }
        AuthCause::Credentials => (format!("the exchange does not accept this key: {said}"), FIX_KEY),
        AuthCause::Unstated => (format!("the exchange refused the key: {said}"), FIX_UNSTATED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::coinbase::wire::ErrorBody;

    fn status(status: u16, error: &str, details: &str) -> ApiError {
        let body = ErrorBody {
            error: Some(error.into()),
            message: Some(details.into()),
            error_details: Some(details.into()),
            ..ErrorBody::default()
        };
        ApiError::Status { status, body }
    }

    #[test]
    fn each_usual_failure_gets_its_fix() {
        let cases = [
            (status(401, "UNAUTHORIZED", "token expired"), FIX_CLOCK),
            (status(401, "UNAUTHORIZED", "invalid token signature"), FIX_KEY),
            (ApiError::StatusText { status: 401, excerpt: "Unauthorized".into() }, FIX_UNSTATED),
            (status(403, "PERMISSION_DENIED", "Missing required scopes"), FIX_SCOPES),
            (status(403, "PERMISSION_DENIED", "Forbidden"), FIX_FORBIDDEN),
            (ApiError::Connect { host: "h".into(), message: "refused".into() }, FIX_NETWORK),
            (ApiError::NoCredentials, FIX_NO_KEY),
        ];
        for (error, fix) in cases {
            assert_eq!(diagnose(&error).fix, fix, "{error}");
        }
        assert!(FIX_UNSTATED.contains("IP allow-list"));
    }
}
