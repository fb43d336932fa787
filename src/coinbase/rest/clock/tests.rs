//! 401 classification and server-time parsing.
#![allow(clippy::unwrap_used)]

use super::*;

#[test]
fn a_401_blaming_the_time_window_is_a_clock_problem() {
    for text in [
        "HTTP 401: UNAUTHORIZED: Unauthorized: token expired",
        "HTTP 401: UNAUTHORIZED: Unauthorized: token not yet valid",
        "jwt nbf is in the future",
        "clock skew too large",
    ] {
        assert_eq!(auth_cause(text), AuthCause::Clock, "{text}");
    }
}

#[test]
fn a_401_blaming_the_key_is_not_and_a_bare_unauthorized_counts_as_a_clock_problem() {
    for text in ["HTTP 401: unknown API key", "invalid token signature", "key revoked"] {
        assert_eq!(auth_cause(text), AuthCause::Credentials, "{text}");
        assert!(!auth_cause(text).remeasure());
    }
    for text in ["HTTP 401: Unauthorized", r#"{"error":"UNAUTHORIZED","code":16,"message":"Unauthorized"}"#] {
        assert_eq!(auth_cause(text), AuthCause::Unstated, "{text}");
        assert!(auth_cause(text).remeasure(), "Coinbase's wording is unconfirmed: re-measure");
    }
}

#[test]
fn server_time_prefers_milliseconds_then_seconds_then_iso() {
    let iso = chrono::DateTime::parse_from_rfc3339("2026-12-04T06:00:00Z").unwrap().to_utc();
    let full = ServerTime { iso, epoch_seconds: "1".into(), epoch_millis: "1234".into() };
    assert_eq!(server_millis(&full), 1234);
    let seconds = ServerTime { epoch_millis: String::new(), ..full.clone() };
    assert_eq!(server_millis(&seconds), 1000);
    let iso_only = ServerTime { epoch_seconds: "x".into(), ..seconds };
    assert_eq!(server_millis(&iso_only), iso.timestamp_millis());
}
