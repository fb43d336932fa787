//! The simulator verifies every JWT: wrong key, expired, wrong `uri` and reused nonces get 401.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use cbterm::coinbase::jwt;
use cbterm::credentials::Credentials;
use common::Venue;

async fn get_accounts(venue: &Venue, token: &str) -> (u16, serde_json::Value) {
    let url = format!("{}/accounts", venue.sim.api_url);
    let response = reqwest::Client::new().get(url).bearer_auth(token).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

fn token(creds: &Credentials, venue: &Venue, method: &str, path: &str, at: i64) -> String {
    jwt::rest_token(creds, method, &venue.sim.addr.to_string(), path, at).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn valid_token_is_accepted_once() {
    let venue = Venue::live().await;
    let now = chrono::Utc::now().timestamp();
    let good = token(&venue.creds, &venue, "GET", "/api/v3/brokerage/accounts", now);
    assert_eq!(get_accounts(&venue, &good).await.0, 200);
    let (status, body) = get_accounts(&venue, &good).await;
    assert_eq!(status, 401, "a reused nonce must be refused");
    assert_eq!(body["error"], "UNAUTHORIZED");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_tokens_get_401() {
    let venue = Venue::live().await;
    let now = chrono::Utc::now().timestamp();
    let path = "/api/v3/brokerage/accounts";
    let impostor = Credentials::generate_es256(venue.creds.name());
    let stranger = Credentials::generate_es256("organizations/x/apiKeys/unknown");
    let cases = [
        ("wrong key", token(&impostor, &venue, "GET", path, now)),
        ("unregistered key", token(&stranger, &venue, "GET", path, now)),
        ("expired", token(&venue.creds, &venue, "GET", path, now - 600)),
        ("not yet valid", token(&venue.creds, &venue, "GET", path, now + 600)),
        ("wrong method", token(&venue.creds, &venue, "POST", path, now)),
        ("wrong path", token(&venue.creds, &venue, "GET", "/api/v3/brokerage/orders", now)),
        ("wrong host", jwt::rest_token(&venue.creds, "GET", "api.coinbase.com", path, now).unwrap()),
        ("garbage", "not.a.jwt".to_string()),
    ];
    for (label, token) in cases {
        let (status, body) = get_accounts(&venue, &token).await;
        assert_eq!(status, 401, "{label}");
        assert_eq!(body["error"], "UNAUTHORIZED", "{label}");
    }
    let url = format!("{}/accounts", venue.sim.api_url);
    let status = reqwest::get(url).await.unwrap().status().as_u16();
    assert_eq!(status, 401, "no token");
}
