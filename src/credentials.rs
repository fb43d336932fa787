//! Coinbase CDP API credentials: the key name and a parsed signing key.
//!
//! Keys load from a Coinbase key JSON file (after the permission checks of R-SEC1), from JSON
//! text, from a name and key pair, or from `COINBASE_API_KEY` / `COINBASE_API_SECRET`. The key
//! type (ECDSA P-256 or Ed25519) is detected from the key text. Secret material lives only in
//! zeroize-on-drop types, and neither `Debug` nor any error ever shows it.

mod error;
mod file;
#[cfg(test)]
mod file_tests;
#[cfg(test)]
mod fixtures;
mod parse;
mod signer;
#[cfg(test)]
pub(crate) mod test_keys;
#[cfg(test)]
mod tests;

use std::fmt;
use std::io;
use std::path::Path;

use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey};
use p256::elliptic_curve::sec1::ToEncodedPoint as _;
use p256::elliptic_curve::zeroize::Zeroizing;

pub use error::CredentialError;

/// Environment variable holding the API key name.
pub const ENV_KEY_NAME: &str = "COINBASE_API_KEY";
/// Environment variable holding the private key (PEM, `\n`-escaped PEM, or base64 Ed25519).
pub const ENV_KEY_SECRET: &str = "COINBASE_API_SECRET";

/// The parsed private key; both variants wipe their bytes on drop.
enum SigningKey {
    Es256(p256::SecretKey),
    Ed25519(ed25519_dalek::SigningKey),
}

/// A Coinbase API key: its name (`kid`/`sub` in JWTs), its private key (kept to write key
/// files and derive the public half) and the same key prepared for signing.
pub struct Credentials {
    name: String,
    key: SigningKey,
    signer: signer::Prepared,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("name", &self.name)
            .field("algorithm", &self.algorithm())
            .finish_non_exhaustive()
    }
}

impl Credentials {
    /// Loads a Coinbase key JSON file, refusing symlinks and files other users can access.
    pub fn from_key_file(path: &Path) -> Result<Self, CredentialError> {
        let bytes = file::read_key_file(path)?;
        Self::from_json_bytes(&bytes)
    }

    /// Parses Coinbase key JSON: `name` (falling back to `id`) and `privateKey`.
    pub fn from_json(text: &str) -> Result<Self, CredentialError> {
        Self::from_json_bytes(text.as_bytes())
    }

    fn from_json_bytes(bytes: &[u8]) -> Result<Self, CredentialError> {
        let parsed = file::parse_json(bytes)?;
        let name = non_empty(parsed.name.as_deref())
            .or_else(|| non_empty(parsed.id.as_deref()))
            .ok_or(CredentialError::MissingName)?;
        let private_key = parsed.private_key.as_deref().ok_or(CredentialError::MissingPrivateKey)?;
        Self::from_parts(name, private_key)
    }

    /// Builds credentials from a key name and private-key text of any supported format.
    pub fn from_parts(name: &str, private_key: &str) -> Result<Self, CredentialError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(CredentialError::MissingName);
        }
        Self::new(name, parse::parse_private_key(private_key)?)
    }

    fn new(name: &str, key: SigningKey) -> Result<Self, CredentialError> {
        let signer = signer::Prepared::new(&key)?;
        Ok(Self { name: name.to_owned(), key, signer })
    }

    /// Reads `COINBASE_API_KEY` and `COINBASE_API_SECRET`: `None` when neither is set.
    pub fn from_env() -> Result<Option<Self>, CredentialError> {
        Self::from_env_with(|var| std::env::var_os(var))
    }

    /// [`Credentials::from_env`] with an injectable variable lookup (empty counts as unset).
    fn from_env_with(
        lookup: impl Fn(&str) -> Option<std::ffi::OsString>,
    ) -> Result<Option<Self>, CredentialError> {
        let read = |var: &'static str| -> Result<Option<Zeroizing<String>>, CredentialError> {
            match lookup(var).map(|v| v.into_string().map(Zeroizing::new)) {
                None => Ok(None),
                Some(Err(_)) => Err(CredentialError::EnvNotUnicode(var)),
                Some(Ok(v)) => Ok(Some(v).filter(|v| !v.trim().is_empty())),
            }
        };
        match (read(ENV_KEY_NAME)?, read(ENV_KEY_SECRET)?) {
            (None, None) => Ok(None),
            (Some(name), Some(secret)) => Self::from_parts(&name, &secret).map(Some),
            (Some(_), None) => {
                Err(CredentialError::EnvHalfSet { set: ENV_KEY_NAME, missing: ENV_KEY_SECRET })
            }
            (None, Some(_)) => {
                Err(CredentialError::EnvHalfSet { set: ENV_KEY_SECRET, missing: ENV_KEY_NAME })
            }
        }
    }

    /// A fresh random ECDSA P-256 key under `name` (for the simulator and tests).
    ///
    /// # Panics
    /// If the operating system cannot prepare a freshly generated key (never for a valid key).
    pub fn generate_es256(name: &str) -> Self {
        let key = p256::SecretKey::random(&mut rand::rngs::OsRng);
        Self::new(name, SigningKey::Es256(key)).expect("a fresh P-256 key prepares")
    }

    /// A fresh random Ed25519 key under `name` (for the simulator and tests).
    ///
    /// # Panics
    /// If a freshly generated key cannot be prepared (never for a valid key).
    pub fn generate_ed25519(name: &str) -> Self {
        let key = ed25519_dalek::SigningKey::generate(&mut rand::rngs::OsRng);
        Self::new(name, SigningKey::Ed25519(key)).expect("a fresh Ed25519 key prepares")
    }

    /// Writes a Coinbase-style `{"name","privateKey"}` JSON file created with mode 0600.
    ///
    /// ES256 keys are written as SEC1 PEM, Ed25519 keys as base64 `seed‖public` (64 bytes),
    /// the formats Coinbase issues. An existing file at `path` is replaced atomically.
    pub fn write_key_file(&self, path: &Path) -> io::Result<()> {
        let private_key = match &self.key {
            SigningKey::Es256(key) => {
                file::sec1_pem(key).map_err(|_| io::Error::other("the key could not be encoded as PEM"))?
            }
            SigningKey::Ed25519(key) => {
                let pair = Zeroizing::new(key.to_keypair_bytes());
                Zeroizing::new(base64::engine::general_purpose::STANDARD.encode(*pair))
            }
        };
        file::write_key_file(path, &self.name, &private_key)
    }

    /// The API key name, used as JWT `kid` and `sub`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The JWT algorithm for this key: `ES256` or `EdDSA`.
    pub fn algorithm(&self) -> Algorithm {
        match self.key {
            SigningKey::Es256(_) => Algorithm::ES256,
            SigningKey::Ed25519(_) => Algorithm::EdDSA,
        }
    }

    /// The key's type in words: `ECDSA P-256 (ES256)` or `Ed25519 (EdDSA)`.
    pub fn key_type(&self) -> &'static str {
        match self.key {
            SigningKey::Es256(_) => "ECDSA P-256 (ES256)",
            SigningKey::Ed25519(_) => "Ed25519 (EdDSA)",
        }
    }

    /// The public half, for verifying this key's tokens.
    pub fn public_key(&self) -> PublicKey {
        let bytes = match &self.key {
            SigningKey::Es256(key) => key.public_key().to_encoded_point(false).as_bytes().to_vec(),
            SigningKey::Ed25519(key) => key.verifying_key().to_bytes().to_vec(),
        };
        PublicKey { algorithm: self.algorithm(), bytes }
    }

    /// Signs `message` (a JWS signing input) with the prepared key.
    pub(crate) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CredentialError> {
        self.signer.sign(message)
    }

    /// A `jsonwebtoken` signing key, built on demand as PKCS#8 DER (wiped on drop); tests use
    /// it to sign tokens with hand-made claims.
    #[cfg(test)]
    pub(crate) fn encoding_key(&self) -> Result<jsonwebtoken::EncodingKey, CredentialError> {
        use jsonwebtoken::EncodingKey;
        use p256::pkcs8::EncodePrivateKey as _;
        let der = match &self.key {
            SigningKey::Es256(key) => key.to_pkcs8_der(),
            SigningKey::Ed25519(key) => key.to_pkcs8_der(),
        }
        .map_err(|_| CredentialError::Encoding)?;
        Ok(match self.key {
            SigningKey::Es256(_) => EncodingKey::from_ec_der(der.as_bytes()),
            SigningKey::Ed25519(_) => EncodingKey::from_ed_der(der.as_bytes()),
        })
    }
}

fn non_empty(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.trim().is_empty())
}

/// The public half of a [`Credentials`] key: enough to verify its JWTs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicKey {
    algorithm: Algorithm,
    /// Uncompressed SEC1 point (65 bytes) for ES256, raw 32 bytes for Ed25519.
    bytes: Vec<u8>,
}

impl PublicKey {
    /// The JWT algorithm tokens from this key must carry.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The raw public key: an uncompressed SEC1 point for ES256, 32 bytes for Ed25519.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// A `jsonwebtoken` verification key for this public key.
    pub fn decoding_key(&self) -> DecodingKey {
        match self.algorithm {
            Algorithm::EdDSA => DecodingKey::from_ed_der(&self.bytes),
            _ => DecodingKey::from_ec_der(&self.bytes),
        }
    }
}
