//! Test-only key material in every supported format, refusal fixtures and a leak check.
#![allow(clippy::unwrap_used)]

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use p256::pkcs8::{EncodePrivateKey as _, LineEnding};
use rand::rngs::OsRng;

use super::CredentialError;

pub(crate) use super::fixtures::{P384_PKCS8_PEM, P384_SEC1_PEM, RSA_PKCS1_PEM, RSA_PKCS8_PEM};

/// The key name used throughout the tests.
pub(crate) const NAME: &str = "organizations/org-1/apiKeys/key-1";

/// Coinbase-style key JSON with `name_field` set to [`NAME`] and a few ignored fields.
pub(crate) fn key_json(name_field: &str, key: &str) -> String {
    serde_json::json!({ name_field: NAME, "privateKey": key, "nickname": "t", "scopes": [] }).to_string()
}

/// A fresh P-256 key as SEC1 `EC PRIVATE KEY` PEM (what Coinbase issues).
pub(crate) fn p256_sec1_pem() -> String {
    let key = p256::SecretKey::random(&mut OsRng);
    super::file::sec1_pem(&key).unwrap().to_string()
}

/// A fresh P-256 key as PKCS#8 `PRIVATE KEY` PEM.
pub(crate) fn p256_pkcs8_pem() -> String {
    let key = p256::SecretKey::random(&mut OsRng);
    key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string()
}

/// A fresh Ed25519 key.
pub(crate) fn ed25519_key() -> ed25519_dalek::SigningKey {
    ed25519_dalek::SigningKey::generate(&mut OsRng)
}

/// A fresh Ed25519 key as base64 of the 32-byte seed.
pub(crate) fn ed25519_raw32() -> String {
    STANDARD.encode(ed25519_key().to_bytes())
}

/// A fresh Ed25519 key as base64 of the 64-byte `seed‖public` the portal hands out.
pub(crate) fn ed25519_raw64() -> String {
    STANDARD.encode(ed25519_key().to_keypair_bytes())
}

/// A fresh Ed25519 key as PKCS#8 `PRIVATE KEY` PEM.
pub(crate) fn ed25519_pkcs8_pem() -> String {
    ed25519_key().to_pkcs8_pem(LineEnding::LF).unwrap().to_string()
}

/// One fresh key in each supported format: (label, key text, expected JWT algorithm).
pub(crate) fn all_formats() -> Vec<(&'static str, String, jsonwebtoken::Algorithm)> {
    use jsonwebtoken::Algorithm::{ES256, EdDSA};
    vec![
        ("P-256 SEC1 PEM", p256_sec1_pem(), ES256),
        ("P-256 PKCS#8 PEM", p256_pkcs8_pem(), ES256),
        ("Ed25519 raw 32", ed25519_raw32(), EdDSA),
        ("Ed25519 raw 64", ed25519_raw64(), EdDSA),
        ("Ed25519 PKCS#8 PEM", ed25519_pkcs8_pem(), EdDSA),
    ]
}

/// Asserts that neither `Display` nor `Debug` of `err` holds any 8-character run of `secret`.
pub(crate) fn assert_no_leak(err: &CredentialError, secret: &str) {
    let rendered = format!("{err} | {err:?}");
    for line in secret.lines().filter(|l| !l.starts_with("-----")) {
        let chars: Vec<char> = line.trim().chars().collect();
        for window in chars.windows(8) {
            let piece: String = window.iter().collect();
            assert!(!rendered.contains(&piece), "error leaks key material: {rendered}");
        }
    }
}
