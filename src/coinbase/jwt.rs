//! JWT signing for the Advanced Trade API (REST and WebSocket), and the skew-corrected clock.
//!
//! Tokens follow the official SDK: header `alg` (`ES256`/`EdDSA`), `kid` = key name, a fresh
//! 32-byte hex `nonce`, `typ` = `JWT`; claims `sub` = key name, `iss` = `cdp`, `nbf` = now,
//! `exp` = now + 120 and, for REST only, `uri` = `"<METHOD> <authority><path>"` without query.
//! Tokens are bearer credentials: never log them (R-SEC3). The compact form is assembled here
//! and signed with the key [`Credentials`] prepared when it loaded, so a token costs one
//! signing operation.

#[cfg(test)]
mod tests;

use std::sync::atomic::{AtomicBool, AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::Header;
use rand::RngCore as _;
use serde::{Deserialize, Serialize};

use super::error::ApiError;
use super::rest::TimeSource;
use crate::credentials::Credentials;

/// Token lifetime in seconds (`exp - nbf`).
pub const TOKEN_LIFETIME_SECS: i64 = 120;
/// The `iss` claim Coinbase expects.
pub const ISSUER: &str = "cdp";
/// Random bytes in each header `nonce` (hex-encoded to twice as many characters).
pub const NONCE_BYTES: usize = 32;

/// JWT claims for Coinbase CDP keys.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    /// The key name.
    pub sub: String,
    /// Always `cdp`.
    pub iss: String,
    /// Not before (unix seconds).
    pub nbf: i64,
    /// Expiry (unix seconds).
    pub exp: i64,
    /// `"<METHOD> <authority><path>"` for REST; absent for WebSocket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
}

/// Why a token could not be signed. Never carries the token or the key.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JwtError {
    /// The operating system's random number generator failed.
    #[error("the system random number generator failed")]
    Random,
    /// The signing step itself failed.
    #[error("JWT signing failed")]
    Sign,
}

/// The REST `uri` claim: upper-case method, one space, authority, path without any query.
pub fn rest_uri(method: &str, authority: &str, path: &str) -> String {
    let path = path.split_once('?').map_or(path, |(before, _)| before);
    format!("{} {authority}{path}", method.to_ascii_uppercase())
}

/// Signs a REST token for `method` on `authority` + `path` (any `?query` is dropped).
///
/// `authority` is `api.coinbase.com` live, or `127.0.0.1:PORT` for the simulator.
pub fn rest_token(
    creds: &Credentials,
    method: &str,
    authority: &str,
    path: &str,
    now_unix: i64,
) -> Result<String, JwtError> {
    sign(creds, now_unix, Some(rest_uri(method, authority, path)))
}

/// Signs a WebSocket subscribe token: the REST token without `uri`.
pub fn ws_token(creds: &Credentials, now_unix: i64) -> Result<String, JwtError> {
    sign(creds, now_unix, None)
}

fn sign(creds: &Credentials, now_unix: i64, uri: Option<String>) -> Result<String, JwtError> {
    let mut header = Header::new(creds.algorithm());
    header.typ = Some("JWT".to_owned());
    header.kid = Some(creds.name().to_owned());
    header.nonce = Some(new_nonce()?);
    let claims = Claims {
        sub: creds.name().to_owned(),
        iss: ISSUER.to_owned(),
        nbf: now_unix,
        exp: now_unix.saturating_add(TOKEN_LIFETIME_SECS),
        uri,
    };
    let mut token = String::with_capacity(512);
    append_part(&mut token, &header)?;
    token.push('.');
    append_part(&mut token, &claims)?;
    let signature = creds.sign(token.as_bytes()).map_err(|_| JwtError::Sign)?;
    token.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut token);
    Ok(token)
}

/// Appends the JWS compact form of one part: base64url (no padding) of its JSON.
fn append_part(token: &mut String, part: &impl Serialize) -> Result<(), JwtError> {
    let json = serde_json::to_vec(part).map_err(|_| JwtError::Sign)?;
    URL_SAFE_NO_PAD.encode_string(json, token);
    Ok(())
}

/// 32 bytes from the OS random source as 64 lower-case hex characters.
fn new_nonce() -> Result<String, JwtError> {
    let mut bytes = [0u8; NONCE_BYTES];
    rand::rngs::OsRng.try_fill_bytes(&mut bytes).map_err(|_| JwtError::Random)?;
    Ok(hex::encode(bytes))
}

/// A shared clock offset applied to system time when signing.
///
/// Cloning is cheap and every clone sees the same offset, so one server-time measurement
/// corrects skew for all signers at once (R-AUTH3). A [`RestClient`](super::rest::RestClient)
/// attaches its `GET /time` source, so any signer can ask for a re-measurement
/// ([`Clock::remeasure`]), e.g. after an authentication failure.
#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
    measured: Arc<AtomicBool>,
    generation: Arc<AtomicU64>,
    source: Arc<OnceLock<TimeSource>>,
    gate: Arc<tokio::sync::Mutex<()>>,
}

impl Clock {
    /// A clock with zero offset and no time source.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the offset: server time minus local time, in seconds.
    pub fn set_offset(&self, offset_secs: i64) {
        self.set_offset_ms(offset_secs.saturating_mul(1000));
    }

    /// Sets the offset in milliseconds.
    pub fn set_offset_ms(&self, offset_ms: i64) {
        self.offset_ms.store(offset_ms, Ordering::Relaxed);
    }

    /// The current offset in whole seconds (rounded toward the past).
    pub fn offset(&self) -> i64 {
        self.offset_ms().div_euclid(1000)
    }

    /// The current offset in milliseconds.
    pub fn offset_ms(&self) -> i64 {
        self.offset_ms.load(Ordering::Relaxed)
    }

    /// The last measured offset in milliseconds, or `None` if none succeeded yet.
    pub fn measured_offset_ms(&self) -> Option<i64> {
        self.measured.load(Ordering::Relaxed).then(|| self.offset_ms())
    }

    /// Offset-corrected unix time in seconds (the corrected instant, rounded down).
    pub fn now_unix(&self) -> i64 {
        chrono::Utc::now().timestamp_millis().saturating_add(self.offset_ms()).div_euclid(1000)
    }

    /// Attaches the server-time source; the first one attached stays.
    pub fn attach(&self, source: TimeSource) {
        let _ = self.source.set(source);
    }

    /// How many measurements were applied so far; pass it to [`Clock::remeasure_since`].
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::Acquire)
    }

    /// Measures the offset from the attached source and applies it; returns it in ms.
    pub async fn remeasure(&self) -> Result<i64, ApiError> {
        let _turn = self.gate.lock().await;
        self.measure_now().await
    }

    /// Like [`Clock::remeasure`], unless a measurement was applied after `generation` was
    /// read: requests refused together share one re-measurement.
    pub async fn remeasure_since(&self, generation: u64) -> Result<i64, ApiError> {
        let _turn = self.gate.lock().await;
        match self.measured_offset_ms() {
            Some(offset) if self.generation() != generation => Ok(offset),
            _ => self.measure_now().await,
        }
    }

    async fn measure_now(&self) -> Result<i64, ApiError> {
        let Some(source) = self.source.get() else {
            return Err(ApiError::Build("no server-time source for the clock".into()));
        };
        let offset = source.measure().await?;
        self.set_offset_ms(offset);
        self.measured.store(true, Ordering::Relaxed);
        self.generation.fetch_add(1, Ordering::AcqRel);
        Ok(offset)
    }
}
