#![allow(clippy::unwrap_used)]

use std::collections::HashSet;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Validation};
use serde_json::Value;

use super::{Claims, Clock, rest_token, rest_uri, ws_token};
use crate::credentials::Credentials;
use crate::credentials::test_keys::all_formats;

const NAME: &str = "organizations/org-1/apiKeys/key-1";
const ORDERS_PATH: &str = "/api/v3/brokerage/orders/historical/batch";

/// Strict validation: signature, algorithm, `sub`, `iss`, `nbf` and `exp`, zero leeway.
fn strict(alg: Algorithm) -> Validation {
    let mut validation = Validation::new(alg);
    validation.leeway = 0;
    validation.validate_nbf = true;
    validation.set_required_spec_claims(&["exp", "nbf", "sub", "iss"]);
    validation.set_issuer(&["cdp"]);
    validation.sub = Some(NAME.to_owned());
    validation
}

/// The header and claims of a token as raw JSON objects.
fn segments(token: &str) -> (Value, Value) {
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let json = |s: &str| serde_json::from_slice(&URL_SAFE_NO_PAD.decode(s).unwrap()).unwrap();
    (json(parts[0]), json(parts[1]))
}

fn keys_of(value: &Value) -> Vec<&str> {
    let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

fn assert_nonce(header: &Value) {
    let nonce = header["nonce"].as_str().unwrap();
    assert_eq!(nonce.len(), 64);
    assert!(nonce.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
}

#[test]
fn rest_tokens_from_every_key_format_verify_with_exact_header_and_claims() {
    let now = Clock::new().now_unix();
    for (label, key, alg) in all_formats() {
        let creds = Credentials::from_parts(NAME, &key).unwrap();
        let path = format!("{ORDERS_PATH}?order_status=OPEN&limit=5");
        let token = rest_token(&creds, "get", "api.coinbase.com", &path, now).unwrap();
        let decoding = creds.public_key().decoding_key();
        let data = jsonwebtoken::decode::<Claims>(&token, &decoding, &strict(alg))
            .unwrap_or_else(|e| panic!("{label}: {e:?}"));
        let expected = Claims {
            sub: NAME.to_owned(),
            iss: "cdp".to_owned(),
            nbf: now,
            exp: now + 120,
            uri: Some(format!("GET api.coinbase.com{ORDERS_PATH}")),
        };
        assert_eq!(data.claims, expected, "{label}");
        assert_eq!(data.header.alg, alg, "{label}");
        let (header, claims) = segments(&token);
        assert_eq!(keys_of(&header), ["alg", "kid", "nonce", "typ"], "{label}");
        let alg_name = if alg == Algorithm::ES256 { "ES256" } else { "EdDSA" };
        assert_eq!(
            (&header["alg"], &header["kid"], &header["typ"]),
            (&alg_name.into(), &NAME.into(), &"JWT".into())
        );
        assert_nonce(&header);
        assert_eq!(keys_of(&claims), ["exp", "iss", "nbf", "sub", "uri"], "{label}");
    }
}

#[test]
fn es256_signature_is_raw_r_and_s() {
    let creds = Credentials::generate_es256(NAME);
    let token = rest_token(&creds, "GET", "api.coinbase.com", "/x", 1_800_000_000).unwrap();
    let signature = URL_SAFE_NO_PAD.decode(token.rsplit('.').next().unwrap()).unwrap();
    assert_eq!(signature.len(), 64);
}

#[test]
fn uri_uppercases_the_method_and_drops_the_query() {
    assert_eq!(
        rest_uri("post", "api.coinbase.com", "/api/v3/brokerage/orders"),
        "POST api.coinbase.com/api/v3/brokerage/orders"
    );
    assert_eq!(rest_uri("GET", "127.0.0.1:18080", "/a/b?c=d?e"), "GET 127.0.0.1:18080/a/b");
    assert_eq!(rest_uri("get", "h", "/p?"), "GET h/p");
}

#[test]
fn ws_token_has_no_uri() {
    let now = Clock::new().now_unix();
    for creds in [Credentials::generate_es256(NAME), Credentials::generate_ed25519(NAME)] {
        let token = ws_token(&creds, now).unwrap();
        let (header, claims) = segments(&token);
        assert_eq!(keys_of(&claims), ["exp", "iss", "nbf", "sub"]);
        assert_nonce(&header);
        let validation = strict(creds.algorithm());
        let data =
            jsonwebtoken::decode::<Claims>(&token, &creds.public_key().decoding_key(), &validation).unwrap();
        assert_eq!((data.claims.uri, data.claims.exp - data.claims.nbf), (None, 120));
    }
}

#[test]
fn a_token_does_not_verify_with_another_key() {
    let now = Clock::new().now_unix();
    let signer = Credentials::generate_es256(NAME);
    let other = Credentials::generate_es256(NAME);
    let token = ws_token(&signer, now).unwrap();
    let result =
        jsonwebtoken::decode::<Claims>(&token, &other.public_key().decoding_key(), &strict(Algorithm::ES256));
    assert!(result.is_err());
}

#[test]
fn a_thousand_tokens_never_share_a_nonce() {
    let creds = Credentials::generate_ed25519(NAME);
    let mut nonces = HashSet::new();
    for _ in 0..1_000 {
        let token = rest_token(&creds, "GET", "api.coinbase.com", "/p", 1_800_000_000).unwrap();
        let (header, _) = segments(&token);
        assert!(nonces.insert(header["nonce"].as_str().unwrap().to_owned()));
    }
}

#[test]
fn clock_offset_is_shared_between_clones() {
    let clock = Clock::new();
    let clone = clock.clone();
    assert_eq!(clock.offset(), 0);
    clone.set_offset(-42);
    assert_eq!(clock.offset(), -42);
    let system = chrono::Utc::now().timestamp();
    assert!((clock.now_unix() - (system - 42)).abs() <= 1);
}
