//! Retry decisions and the parsing of the servers' wait headers.
#![allow(clippy::unwrap_used)]

use chrono::TimeZone;
use reqwest::header::HeaderValue;

use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 6, 0, 0).unwrap()
}

fn limited(retry_after: Option<Duration>) -> ApiError {
    ApiError::RateLimited { retry_after, body: "<html>".into() }
}

fn unauthorized() -> ApiError {
    ApiError::StatusText { status: 401, excerpt: "Unauthorized".into() }
}

#[test]
fn retry_after_takes_seconds_or_an_http_date_and_x_ratelimit_reset_a_delay_or_a_unix_time() {
    assert_eq!(retry_after("7", now()), Some(Duration::from_secs(7)));
    assert_eq!(retry_after("Fri, 04 Dec 2026 06:00:03 GMT", now()), Some(Duration::from_secs(3)));
    assert_eq!(retry_after("Fri, 04 Dec 2026 05:59:00 GMT", now()), Some(Duration::ZERO), "past date");
    assert_eq!(retry_after("soon", now()), None);
    assert_eq!(ratelimit_reset("2.5", now()), Some(Duration::from_millis(2500)));
    let at = (now().timestamp() + 4).to_string();
    assert_eq!(ratelimit_reset(&at, now()), Some(Duration::from_secs(4)));
    assert_eq!(ratelimit_reset("99999", now()), Some(Duration::from_secs(30)), "capped");
    assert_eq!(ratelimit_reset("-1", now()), None);
    assert_eq!(ratelimit_reset("NaN", now()), None);
}

#[test]
fn retry_after_wins_over_x_ratelimit_reset_and_neither_gives_none() {
    let mut headers = HeaderMap::new();
    assert_eq!(server_wait(&headers, now()), None);
    headers.insert("x-ratelimit-reset", HeaderValue::from_static("5"));
    assert_eq!(server_wait(&headers, now()), Some(Duration::from_secs(5)));
    headers.insert("retry-after", HeaderValue::from_static("2"));
    assert_eq!(server_wait(&headers, now()), Some(Duration::from_secs(2)));
}

#[test]
fn backoffs_double_with_the_upper_half_jittered_and_are_capped() {
    assert_eq!(backoff(0, 0.0), Duration::from_millis(50));
    assert_eq!(backoff(0, 1.0), Duration::from_millis(100));
    assert_eq!(backoff(3, 1.0), Duration::from_millis(800));
    assert_eq!(backoff(20, 1.0), Duration::from_secs(5));
    assert_eq!(rate_backoff(0, 0.0), Duration::from_millis(125));
    assert_eq!(rate_backoff(2, 1.0), Duration::from_secs(1));
    assert_eq!(rate_backoff(20, 1.0), Duration::from_secs(30));
    let five: Duration = (0..5).map(|a| rate_backoff(a, 1.0)).sum();
    assert!(five <= RETRY_BUDGET, "five 429s in a row fit the budget: {five:?}");
}

#[test]
fn a_read_waits_what_the_server_asked_plus_jitter_and_an_order_429_is_never_retried() {
    let attempts = Attempts::default();
    let asked = limited(Some(Duration::from_secs(2)));
    assert_eq!(next(&asked, &Method::GET, &attempts, 0.0), Next::Retry(Duration::from_secs(2)));
    assert_eq!(next(&asked, &Method::GET, &attempts, 1.0), Next::Retry(Duration::from_millis(2250)));
    assert_eq!(next(&limited(None), &Method::GET, &attempts, 1.0), Next::Retry(Duration::from_millis(250)));
    assert_eq!(next(&asked, &Method::POST, &attempts, 0.5), Next::Stop, "POST 429 = not placed");
    let server = ApiError::StatusText { status: 503, excerpt: String::new() };
    assert_eq!(next(&server, &Method::POST, &attempts, 0.5), Next::Stop, "a write is never resent");
    let bad = ApiError::StatusText { status: 400, excerpt: String::new() };
    assert_eq!(next(&bad, &Method::GET, &attempts, 0.5), Next::Stop, "other 4xx are final");
}

#[test]
fn retries_stop_at_the_budget_and_after_three_transient_failures() {
    let spent = Attempts { waited: Duration::from_secs(9), ..Attempts::default() };
    let asked = limited(Some(Duration::from_secs(2)));
    assert_eq!(next(&asked, &Method::GET, &spent, 0.0), Next::Stop, "9 s + 2 s exceeds 10 s");
    let transient = ApiError::Timeout(Duration::from_secs(10));
    let third = Attempts { transient: 2, ..Attempts::default() };
    assert!(matches!(next(&transient, &Method::GET, &third, 0.0), Next::Retry(_)));
    let fourth = Attempts { transient: 3, ..Attempts::default() };
    assert_eq!(next(&transient, &Method::GET, &fourth, 0.0), Next::Stop);
}

#[test]
fn a_401_re_signs_once_for_any_method_after_250_to_1000_ms() {
    let fresh = Attempts::default();
    assert_eq!(next(&unauthorized(), &Method::POST, &fresh, 0.0), Next::Resign(Duration::from_millis(250)));
    assert_eq!(next(&unauthorized(), &Method::GET, &fresh, 1.0), Next::Resign(Duration::from_millis(1000)));
    let resigned = Attempts { resigned: true, ..Attempts::default() };
    assert_eq!(next(&unauthorized(), &Method::GET, &resigned, 0.5), Next::Stop);
}

#[test]
fn more_than_three_401s_in_a_minute_pass_the_limit_and_older_ones_drop_out() {
    let refusals = Refusals::default();
    let start = Instant::now();
    let at = |secs: u64| start + Duration::from_secs(secs);
    assert!(!refusals.record(at(0)));
    assert!(!refusals.record(at(10)));
    assert!(!refusals.record(at(20)));
    assert!(refusals.record(at(30)), "the fourth within 60 s");
    assert!(refusals.record(at(59)), "still four or more in the window");
    assert!(!refusals.record(at(100)), "only 59 s and 100 s remain");
}
