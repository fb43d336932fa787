//! The simulator's JWT verifier: checks tokens exactly as strictly as cbterm signs them.
//!
//! A token passes when its header `alg` matches the registered key, `kid` names a registered
//! key and equals `sub`, the signature verifies, `iss` is `cdp` (the official SDK's issuer) or
//! `coinbase-cloud` (the older one ccxt still signs, which Coinbase accepts), `nbf <= now < exp`
//! with zero leeway, `exp - nbf <= 120`, the REST `uri` matches the request, and its nonce is
//! new. The optional `aud` (a string or a list of strings) and `iat` (not after `now`) that
//! ccxt and older SDKs add are allowed; any other shape of them is malformed. Errors never
//! echo the token.

mod nonce;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::fmt;
use std::sync::Mutex;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;

use crate::coinbase::jwt::{Claims, ISSUER, TOKEN_LIFETIME_SECS, rest_uri};
use crate::credentials::PublicKey;
use nonce::NonceStore;

/// Default cap on remembered nonces.
pub const DEFAULT_NONCE_CAPACITY: usize = 100_000;
/// The older issuer ccxt and SDKs before 1.4.1 sign with; Coinbase still accepts it.
pub const LEGACY_ISSUER: &str = "coinbase-cloud";
/// Tokens longer than this are refused unparsed.
const MAX_TOKEN_LEN: usize = 8 * 1024;
/// Nonces longer than this are refused (the SDK sends 64 hex characters).
const MAX_NONCE_LEN: usize = 256;

/// Why a token was refused. Carries no part of the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// Not a parseable JWT (or absurdly long).
    Malformed,
    /// `kid` is missing or not a registered key.
    UnknownKey,
    /// Header `alg` differs from the registered key's algorithm.
    WrongAlgorithm,
    /// The signature does not verify.
    BadSignature,
    /// `sub` differs from `kid`.
    WrongSubject,
    /// `iss` is neither `cdp` nor `coinbase-cloud`.
    WrongIssuer,
    /// `exp - nbf` exceeds 120 seconds.
    LifetimeTooLong,
    /// `now < nbf`, or `now < iat`.
    NotYetValid,
    /// `now >= exp`.
    Expired,
    /// REST `uri` missing or not `"<METHOD> <authority><path>"`.
    WrongUri,
    /// The header carries no `nonce`.
    MissingNonce,
    /// The nonce was already used.
    ReusedNonce,
}

impl AuthError {
    /// A short description, safe to return to the client.
    pub fn message(&self) -> &'static str {
        match self {
            Self::Malformed => "malformed token",
            Self::UnknownKey => "unknown API key",
            Self::WrongAlgorithm => "token algorithm does not match the API key",
            Self::BadSignature => "invalid token signature",
            Self::WrongSubject => "token sub does not match kid",
            Self::WrongIssuer => "wrong token issuer",
            Self::LifetimeTooLong => "token lifetime exceeds 120 seconds",
            Self::NotYetValid => "token not yet valid",
            Self::Expired => "token expired",
            Self::WrongUri => "token uri does not match the request",
            Self::MissingNonce => "token has no nonce",
            Self::ReusedNonce => "token nonce already used",
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for AuthError {}

struct RegisteredKey {
    algorithm: Algorithm,
    decoding: DecodingKey,
}

/// Verifies Coinbase-style JWTs against registered public keys, rejecting replays.
///
/// Methods take `&self` (the nonce store sits behind a `Mutex`), so one verifier can be
/// shared behind an `Arc`.
pub struct Verifier {
    keys: HashMap<String, RegisteredKey>,
    nonces: Mutex<NonceStore>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("keys", &self.keys.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl Default for Verifier {
    fn default() -> Self {
        Self::new()
    }
}

impl Verifier {
    /// An empty verifier remembering up to [`DEFAULT_NONCE_CAPACITY`] nonces.
    pub fn new() -> Self {
        Self::with_nonce_capacity(DEFAULT_NONCE_CAPACITY)
    }

    /// An empty verifier remembering up to `capacity` live nonces.
    ///
    /// Expired nonces are forgotten first; past the cap the soonest-expiring is evicted.
    pub fn with_nonce_capacity(capacity: usize) -> Self {
        Self { keys: HashMap::new(), nonces: Mutex::new(NonceStore::new(capacity)) }
    }

    /// Registers (or replaces) the public key for key name `name`.
    pub fn register(&mut self, name: &str, key: &PublicKey) {
        let entry = RegisteredKey { algorithm: key.algorithm(), decoding: key.decoding_key() };
        self.keys.insert(name.to_owned(), entry);
    }

    /// Verifies a REST bearer token for `method` on `authority` + `path`; returns the key name.
    pub fn verify_rest(
        &self,
        bearer_token: &str,
        method: &str,
        authority: &str,
        path: &str,
        now_unix: i64,
    ) -> Result<String, AuthError> {
        let expected = rest_uri(method, authority, path);
        self.verify(bearer_token, Some(&expected), now_unix)
    }

    /// Verifies a WebSocket subscribe token (no `uri` needed); returns the key name.
    pub fn verify_ws(&self, token: &str, now_unix: i64) -> Result<String, AuthError> {
        self.verify(token, None, now_unix)
    }

    fn verify(&self, token: &str, uri: Option<&str>, now: i64) -> Result<String, AuthError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(AuthError::Malformed);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| AuthError::Malformed)?;
        let nonce = header.nonce.filter(|n| !n.is_empty()).ok_or(AuthError::MissingNonce)?;
        if nonce.len() > MAX_NONCE_LEN {
            return Err(AuthError::Malformed);
        }
        let kid = header.kid.ok_or(AuthError::UnknownKey)?;
        let key = self.keys.get(&kid).ok_or(AuthError::UnknownKey)?;
        if header.alg != key.algorithm {
            return Err(AuthError::WrongAlgorithm);
        }
        let claims = verify_signature(token, key)?;
        check_claims(&claims, &kid, uri, now)?;
        let mut nonces = self.nonces.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if !nonces.insert(nonce, claims.base.exp, now) {
            return Err(AuthError::ReusedNonce);
        }
        Ok(kid)
    }
}

/// The claims a token may carry: the SDK's, plus the `aud` and `iat` ccxt adds.
#[derive(Deserialize)]
struct TokenClaims {
    #[serde(flatten)]
    base: Claims,
    #[serde(default)]
    iat: Option<i64>,
    #[serde(default, rename = "aud")]
    _aud: Option<Audience>,
}

/// `aud` as JWT allows it: one audience or a list (ccxt sends `["retail_rest_api_proxy"]`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(#[allow(dead_code, reason = "only the shape is checked")] String),
    Many(#[allow(dead_code, reason = "only the shape is checked")] Vec<String>),
}

/// Checks the signature only; time and claim checks are done against the caller's `now`.
fn verify_signature(token: &str, key: &RegisteredKey) -> Result<TokenClaims, AuthError> {
    let mut validation = Validation::new(key.algorithm);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    match jsonwebtoken::decode::<TokenClaims>(token, &key.decoding, &validation) {
        Ok(data) => Ok(data.claims),
        Err(e) if matches!(e.kind(), ErrorKind::InvalidSignature) => Err(AuthError::BadSignature),
        Err(_) => Err(AuthError::Malformed),
    }
}

fn check_claims(token: &TokenClaims, kid: &str, uri: Option<&str>, now: i64) -> Result<(), AuthError> {
    let claims = &token.base;
    if claims.sub != kid {
        return Err(AuthError::WrongSubject);
    }
    if claims.iss != ISSUER && claims.iss != LEGACY_ISSUER {
        return Err(AuthError::WrongIssuer);
    }
    if token.iat.is_some_and(|iat| now < iat) {
        return Err(AuthError::NotYetValid);
    }
    if claims.exp.saturating_sub(claims.nbf) > TOKEN_LIFETIME_SECS {
        return Err(AuthError::LifetimeTooLong);
    }
    if now < claims.nbf {
        return Err(AuthError::NotYetValid);
    }
    if now >= claims.exp {
        return Err(AuthError::Expired);
    }
    match uri {
        Some(expected) if claims.uri.as_deref() != Some(expected) => Err(AuthError::WrongUri),
        _ => Ok(()),
    }
}
