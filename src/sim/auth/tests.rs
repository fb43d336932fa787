#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use jsonwebtoken::Header;

use super::nonce::NonceStore;
use super::{AuthError, Verifier};
use crate::coinbase::jwt::{Claims, rest_token, ws_token};
use crate::credentials::Credentials;

const NAME: &str = "organizations/org-1/apiKeys/key-1";
const HOST: &str = "127.0.0.1:18080";
const PATH: &str = "/api/v3/brokerage/accounts";
const NOW: i64 = 1_800_000_000;

fn verifier_for(creds: &Credentials) -> Verifier {
    let mut verifier = Verifier::new();
    verifier.register(creds.name(), &creds.public_key());
    verifier
}

/// Signs arbitrary claims with `creds`, letting a test break one field at a time.
fn forge(creds: &Credentials, edit: impl FnOnce(&mut Header, &mut Claims)) -> String {
    let mut header = Header::new(creds.algorithm());
    header.kid = Some(creds.name().to_owned());
    header.nonce = Some(format!("{:064x}", rand::random::<u128>()));
    let mut claims = Claims {
        sub: creds.name().to_owned(),
        iss: "cdp".to_owned(),
        nbf: NOW,
        exp: NOW + 120,
        uri: Some(format!("GET {HOST}{PATH}")),
    };
    edit(&mut header, &mut claims);
    jsonwebtoken::encode(&header, &claims, &creds.encoding_key().unwrap()).unwrap()
}

fn rest(verifier: &Verifier, token: &str) -> Result<String, AuthError> {
    verifier.verify_rest(token, "GET", HOST, PATH, NOW)
}

#[test]
fn valid_tokens_pass_once_for_both_algorithms() {
    for creds in [Credentials::generate_es256(NAME), Credentials::generate_ed25519(NAME)] {
        let verifier = verifier_for(&creds);
        let token = rest_token(&creds, "get", HOST, PATH, NOW).unwrap();
        assert_eq!(rest(&verifier, &token).unwrap(), NAME);
        assert_eq!(rest(&verifier, &token), Err(AuthError::ReusedNonce));
        let ws = ws_token(&creds, NOW).unwrap();
        assert_eq!(verifier.verify_ws(&ws, NOW + 5).unwrap(), NAME);
        assert_eq!(verifier.verify_ws(&ws, NOW + 6), Err(AuthError::ReusedNonce));
    }
}

#[test]
fn request_query_is_ignored_and_ws_accepts_a_uri() {
    let creds = Credentials::generate_es256(NAME);
    let verifier = verifier_for(&creds);
    let token = rest_token(&creds, "GET", HOST, &format!("{PATH}?limit=5"), NOW).unwrap();
    let with_query = format!("{PATH}?cursor=abc");
    assert!(verifier.verify_rest(&token, "get", HOST, &with_query, NOW).is_ok());
    let rest_token_on_ws = rest_token(&creds, "GET", HOST, PATH, NOW).unwrap();
    assert!(verifier.verify_ws(&rest_token_on_ws, NOW).is_ok());
}

#[test]
fn wrong_or_unknown_keys_are_rejected() {
    let creds = Credentials::generate_es256(NAME);
    let verifier = verifier_for(&creds);
    let impostor = Credentials::generate_es256(NAME);
    let token = rest_token(&impostor, "GET", HOST, PATH, NOW).unwrap();
    assert_eq!(rest(&verifier, &token), Err(AuthError::BadSignature));
    let stranger = Credentials::generate_es256("organizations/o/apiKeys/other");
    let token = rest_token(&stranger, "GET", HOST, PATH, NOW).unwrap();
    assert_eq!(rest(&verifier, &token), Err(AuthError::UnknownKey));
    let ed = Credentials::generate_ed25519(NAME);
    let token = rest_token(&ed, "GET", HOST, PATH, NOW).unwrap();
    assert_eq!(rest(&verifier, &token), Err(AuthError::WrongAlgorithm));
    let no_kid = forge(&creds, |h, _| h.kid = None);
    assert_eq!(rest(&verifier, &no_kid), Err(AuthError::UnknownKey));
}

#[test]
fn time_window_is_enforced_with_zero_leeway() {
    let creds = Credentials::generate_ed25519(NAME);
    let verifier = verifier_for(&creds);
    let at = |now: i64| {
        let token = rest_token(&creds, "GET", HOST, PATH, NOW).unwrap();
        verifier.verify_rest(&token, "GET", HOST, PATH, now)
    };
    assert_eq!(at(NOW - 1), Err(AuthError::NotYetValid));
    assert!(at(NOW).is_ok());
    assert!(at(NOW + 119).is_ok());
    assert_eq!(at(NOW + 120), Err(AuthError::Expired));
    let long = forge(&creds, |_, c| c.exp = c.nbf + 121);
    assert_eq!(rest(&verifier, &long), Err(AuthError::LifetimeTooLong));
}

#[test]
fn wrong_method_host_or_path_is_rejected() {
    let creds = Credentials::generate_es256(NAME);
    let verifier = verifier_for(&creds);
    let token = rest_token(&creds, "GET", HOST, PATH, NOW).unwrap();
    let cases = [
        ("POST", HOST, PATH),
        ("GET", "127.0.0.1:18081", PATH),
        ("GET", "api.coinbase.com", PATH),
        ("GET", HOST, "/api/v3/brokerage/orders"),
    ];
    for (method, host, path) in cases {
        let result = verifier.verify_rest(&token, method, host, path, NOW);
        assert_eq!(result, Err(AuthError::WrongUri), "{method} {host}{path}");
    }
    let ws = ws_token(&creds, NOW).unwrap();
    assert_eq!(rest(&verifier, &ws), Err(AuthError::WrongUri));
    assert!(rest(&verifier, &token).is_ok(), "rejections must not consume the nonce");
}

#[test]
fn bad_claims_and_headers_are_rejected() {
    let creds = Credentials::generate_es256(NAME);
    let verifier = verifier_for(&creds);
    for iss in ["coinbase", "CDP", "", "coinbase-cloud "] {
        let wrong_iss = forge(&creds, |_, c| c.iss = iss.to_owned());
        assert_eq!(rest(&verifier, &wrong_iss), Err(AuthError::WrongIssuer), "{iss:?}");
    }
    let wrong_sub = forge(&creds, |_, c| c.sub = "someone-else".to_owned());
    assert_eq!(rest(&verifier, &wrong_sub), Err(AuthError::WrongSubject));
    let no_nonce = forge(&creds, |h, _| h.nonce = None);
    assert_eq!(rest(&verifier, &no_nonce), Err(AuthError::MissingNonce));
    assert_eq!(rest(&verifier, "not.a.jwt"), Err(AuthError::Malformed));
    assert_eq!(rest(&verifier, ""), Err(AuthError::Malformed));
    let good = forge(&creds, |_, _| {});
    let evil = forge(&creds, |_, c| c.sub = "x".to_owned());
    let mut parts: Vec<&str> = good.split('.').collect();
    parts[1] = evil.split('.').nth(1).unwrap();
    assert_eq!(rest(&verifier, &parts.join(".")), Err(AuthError::BadSignature));
}

/// Signs `claims` as raw JSON, as ccxt and PyJWT do, with a fresh nonce.
fn forge_json(creds: &Credentials, claims: &serde_json::Value) -> String {
    let mut header = Header::new(creds.algorithm());
    header.kid = Some(creds.name().to_owned());
    header.nonce = Some(format!("{:032x}", rand::random::<u128>()));
    jsonwebtoken::encode(&header, claims, &creds.encoding_key().unwrap()).unwrap()
}

fn ccxt_claims(iss: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut claims = serde_json::json!({
        "sub": NAME, "iss": iss, "nbf": NOW, "exp": NOW + 120, "uri": format!("GET {HOST}{PATH}"),
    });
    claims.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
    claims
}

#[test]
fn both_issuers_pass_with_or_without_aud_and_iat() {
    let creds = Credentials::generate_es256(NAME);
    let verifier = verifier_for(&creds);
    let extras = [
        serde_json::json!({}),
        serde_json::json!({"aud": ["retail_rest_api_proxy"], "iat": NOW}),
        serde_json::json!({"aud": "retail_rest_api_proxy"}),
        serde_json::json!({"iat": NOW - 5}),
    ];
    for iss in ["cdp", "coinbase-cloud"] {
        for extra in &extras {
            let token = forge_json(&creds, &ccxt_claims(iss, extra.clone()));
            assert_eq!(rest(&verifier, &token), Ok(NAME.to_owned()), "{iss} {extra}");
        }
    }
}

#[test]
fn aud_and_iat_of_the_wrong_shape_or_time_are_refused() {
    let creds = Credentials::generate_es256(NAME);
    let verifier = verifier_for(&creds);
    let cases = [
        (serde_json::json!({"aud": 7}), AuthError::Malformed),
        (serde_json::json!({"aud": [1, 2]}), AuthError::Malformed),
        (serde_json::json!({"iat": "now"}), AuthError::Malformed),
        (serde_json::json!({"iat": NOW + 1}), AuthError::NotYetValid),
    ];
    for (extra, expected) in cases {
        let token = forge_json(&creds, &ccxt_claims("coinbase-cloud", extra.clone()));
        assert_eq!(rest(&verifier, &token), Err(expected), "{extra}");
    }
    let mut no_sub = ccxt_claims("coinbase-cloud", serde_json::json!({"iat": NOW}));
    no_sub.as_object_mut().unwrap().remove("sub");
    assert_eq!(rest(&verifier, &forge_json(&creds, &no_sub)), Err(AuthError::Malformed));
}

#[test]
fn errors_have_short_messages_without_the_token() {
    let all = [
        AuthError::Malformed,
        AuthError::UnknownKey,
        AuthError::WrongAlgorithm,
        AuthError::BadSignature,
        AuthError::WrongSubject,
        AuthError::WrongIssuer,
        AuthError::LifetimeTooLong,
        AuthError::NotYetValid,
        AuthError::Expired,
        AuthError::WrongUri,
        AuthError::MissingNonce,
        AuthError::ReusedNonce,
    ];
    for err in all {
        assert_eq!(err.to_string(), err.message());
        assert!(!err.message().is_empty() && err.message().len() < 60);
    }
}

#[test]
fn nonce_store_forgets_expired_nonces_and_stays_bounded() {
    let mut store = NonceStore::new(3);
    assert!(store.insert("a".into(), 100, 0));
    assert!(!store.insert("a".into(), 100, 50));
    assert!(store.insert("b".into(), 200, 0));
    assert!(store.insert("c".into(), 300, 100));
    assert_eq!(store.len(), 2, "a expired at 100 and is forgotten");
    assert!(store.insert("d".into(), 400, 150));
    assert!(store.insert("e".into(), 500, 150));
    assert_eq!(store.len(), 3, "capacity evicts the soonest-expiring nonce (b)");
    assert!(!store.insert("e".into(), 500, 150));
}

#[test]
fn verifier_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Verifier>();
    let creds = Credentials::generate_ed25519(NAME);
    let verifier = Arc::new(verifier_for(&creds));
    let token = rest_token(&creds, "GET", HOST, PATH, NOW).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (verifier, token) = (Arc::clone(&verifier), token.clone());
            std::thread::spawn(move || rest(&verifier, &token).is_ok())
        })
        .collect();
    let accepted = handles.into_iter().filter(|_| true).map(|h| h.join().unwrap()).filter(|ok| *ok).count();
    assert_eq!(accepted, 1, "exactly one concurrent use of a nonce succeeds");
}
