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

/// How a client signs: its claims beyond `sub`/`nbf`/`exp`/`uri`, and its nonce length.
struct Signer {
    label: &'static str,
    iss: &'static str,
    extra: serde_json::Value,
    nonce_bytes: usize,
}

/// Signs `claims` with the venue's key read back from its key file (SEC1 PEM, as Coinbase
/// issues it), the way PyJWT and ccxt do: header `alg`, `kid`, `nonce`, `typ`.
fn sign_as_client(venue: &Venue, claims: &serde_json::Value, nonce_bytes: usize) -> String {
    use p256::pkcs8::EncodePrivateKey as _;
    let file: serde_json::Value = serde_json::from_slice(&std::fs::read(&venue.key_file).unwrap()).unwrap();
    let pem = file["privateKey"].as_str().unwrap();
    let der = p256::SecretKey::from_sec1_pem(pem).unwrap().to_pkcs8_der().unwrap();
    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES256);
    header.typ = Some("JWT".into());
    header.kid = Some(venue.creds.name().into());
    let nonce: Vec<u8> = (0..nonce_bytes).map(|_| rand::random::<u8>()).collect();
    header.nonce = Some(hex::encode(nonce));
    let key = jsonwebtoken::EncodingKey::from_ec_der(der.as_bytes());
    jsonwebtoken::encode(&header, claims, &key).unwrap()
}

fn claims_for(venue: &Venue, iss: &str, extra: &serde_json::Value, uri: &str) -> serde_json::Value {
    let now = chrono::Utc::now().timestamp();
    let mut claims = serde_json::json!({
        "sub": venue.creds.name(), "iss": iss, "nbf": now, "exp": now + 120, "uri": uri,
    });
    for (k, v) in extra.as_object().unwrap() {
        let value = if v == "NOW" { serde_json::json!(now) } else { v.clone() };
        claims.as_object_mut().unwrap().insert(k.clone(), value);
    }
    claims
}

#[tokio::test(flavor = "multi_thread")]
async fn tokens_signed_as_ccxt_and_the_official_sdk_sign_them_are_accepted() {
    let venue = Venue::live().await;
    let uri = format!("GET {}/api/v3/brokerage/accounts", venue.sim.addr);
    let aud = serde_json::json!(["retail_rest_api_proxy"]);
    let signers = [
        Signer { label: "official SDK", iss: "cdp", extra: serde_json::json!({}), nonce_bytes: 32 },
        Signer {
            label: "ccxt",
            iss: "coinbase-cloud",
            extra: serde_json::json!({"aud": aud, "iat": "NOW"}),
            nonce_bytes: 16,
        },
        Signer {
            label: "cdp + aud + iat",
            iss: "cdp",
            extra: serde_json::json!({"aud": aud, "iat": "NOW"}),
            nonce_bytes: 16,
        },
        Signer { label: "cdp + iat", iss: "cdp", extra: serde_json::json!({"iat": "NOW"}), nonce_bytes: 32 },
        Signer {
            label: "coinbase-cloud bare",
            iss: "coinbase-cloud",
            extra: serde_json::json!({}),
            nonce_bytes: 32,
        },
        Signer {
            label: "coinbase-cloud + aud",
            iss: "coinbase-cloud",
            extra: serde_json::json!({"aud": aud}),
            nonce_bytes: 16,
        },
    ];
    for signer in signers {
        let claims = claims_for(&venue, signer.iss, &signer.extra, &uri);
        let token = sign_as_client(&venue, &claims, signer.nonce_bytes);
        let (status, body) = get_accounts(&venue, &token).await;
        assert_eq!(status, 200, "{}: {body}", signer.label);
        assert!(body["accounts"].as_array().is_some_and(|a| !a.is_empty()), "{}: {body}", signer.label);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn client_tokens_with_a_wrong_issuer_no_sub_or_a_wrong_uri_are_refused() {
    let venue = Venue::live().await;
    let good_uri = format!("GET {}/api/v3/brokerage/accounts", venue.sim.addr);
    let ccxt = serde_json::json!({"aud": ["retail_rest_api_proxy"], "iat": "NOW"});
    let wrong_uri = format!("GET {}/api/v3/brokerage/orders/historical/batch", venue.sim.addr);
    let mut no_sub = claims_for(&venue, "coinbase-cloud", &ccxt, &good_uri);
    no_sub.as_object_mut().unwrap().remove("sub");
    let cases = [
        ("wrong issuer", claims_for(&venue, "coinbase", &ccxt, &good_uri), "wrong token issuer"),
        ("missing sub", no_sub, "malformed token"),
        (
            "wrong uri",
            claims_for(&venue, "coinbase-cloud", &ccxt, &wrong_uri),
            "token uri does not match the request",
        ),
        (
            "live host",
            claims_for(
                &venue,
                "cdp",
                &serde_json::json!({}),
                "GET api.coinbase.com/api/v3/brokerage/accounts",
            ),
            "token uri does not match the request",
        ),
    ];
    for (label, claims, reason) in cases {
        let token = sign_as_client(&venue, &claims, 16);
        let (status, body) = get_accounts(&venue, &token).await;
        assert_eq!(status, 401, "{label}");
        let expected = serde_json::json!({
            "error": "UNAUTHORIZED", "code": 16, "message": "Unauthorized", "error_details": reason,
        });
        assert_eq!(body, expected, "{label}");
    }
}
