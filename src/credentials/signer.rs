//! The signing key prepared once, when the credentials load: each JWT signature is then one
//! native signing operation (ring, already linked for TLS), with no key re-encoding, parsing
//! or public-key derivation per token.

use p256::pkcs8::EncodePrivateKey as _;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, Ed25519KeyPair};

use super::{CredentialError, SigningKey};

/// A key ready to sign: ES256 with fixed-width (`r‖s`, 64 bytes) signatures as JWS wants, or
/// Ed25519. ring keeps the key material opaque and never exposes it.
pub(super) enum Prepared {
    Es256 { pair: EcdsaKeyPair, rng: SystemRandom },
    Ed25519(Ed25519KeyPair),
}

impl Prepared {
    /// Prepares `key`; the PKCS#8 bytes used to hand it over are wiped on drop.
    pub(super) fn new(key: &SigningKey) -> Result<Self, CredentialError> {
        match key {
            SigningKey::Es256(key) => {
                let der = key.to_pkcs8_der().map_err(|_| CredentialError::Encoding)?;
                let rng = SystemRandom::new();
                let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, der.as_bytes(), &rng)
                    .map_err(|_| CredentialError::Encoding)?;
                Ok(Self::Es256 { pair, rng })
            }
            SigningKey::Ed25519(key) => Ed25519KeyPair::from_seed_unchecked(key.as_bytes())
                .map(Self::Ed25519)
                .map_err(|_| CredentialError::Encoding),
        }
    }

    /// The signature of `message`: 64 bytes for either key type.
    pub(super) fn sign(&self, message: &[u8]) -> Result<Vec<u8>, CredentialError> {
        match self {
            Self::Es256 { pair, rng } => {
                pair.sign(rng, message).map(|s| s.as_ref().to_vec()).map_err(|_| CredentialError::Signing)
            }
            Self::Ed25519(pair) => Ok(pair.sign(message).as_ref().to_vec()),
        }
    }
}
