//! Private-key text to signing key, with the key type detected automatically.
//!
//! Accepted: P-256 as SEC1 `EC PRIVATE KEY` or PKCS#8 `PRIVATE KEY` PEM; Ed25519 as PKCS#8
//! PEM or raw base64 (a 32-byte seed, or the 64-byte `seed‖public` the portal hands out).
//! Everything else is diagnosed (RSA, other curves, encrypted keys) without echoing the key.

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use p256::elliptic_curve::zeroize::Zeroizing;
use p256::pkcs8::der::asn1::{ContextSpecific, ObjectIdentifier, OctetStringRef};
use p256::pkcs8::der::{self, Decode as _, Reader as _, SliceReader, TagNumber};
use p256::pkcs8::{DecodePrivateKey as _, PrivateKeyInfo};

use super::{CredentialError, SigningKey};

const OID_EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
const CURVES: [(ObjectIdentifier, &str); 4] = [
    (ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7"), "P-256"),
    (ObjectIdentifier::new_unwrap("1.3.132.0.34"), "P-384"),
    (ObjectIdentifier::new_unwrap("1.3.132.0.35"), "P-521"),
    (ObjectIdentifier::new_unwrap("1.3.132.0.10"), "secp256k1"),
];
const CONFIG: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
const BASE64_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);

/// Parses private-key text (PEM or raw base64, possibly with literal `\n` escapes).
pub(super) fn parse_private_key(text: &str) -> Result<SigningKey, CredentialError> {
    let unescaped = unescape_newlines(text);
    let trimmed = unescaped.trim();
    if trimmed.is_empty() {
        return Err(CredentialError::EmptyKey);
    }
    if trimmed.contains("-----BEGIN") { parse_pem(trimmed) } else { parse_raw_ed25519(trimmed) }
}

/// Replaces each literal backslash-n with a newline, in a buffer that is wiped on drop.
fn unescape_newlines(text: &str) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(text.len()));
    for (i, part) in text.split("\\n").enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(part);
    }
    out
}

fn parse_pem(text: &str) -> Result<SigningKey, CredentialError> {
    let label =
        pem_label(text).ok_or(CredentialError::MalformedPem("the -----BEGIN ...----- line is damaged"))?;
    if label.contains("RSA") {
        return Err(CredentialError::RsaKey);
    }
    if label.contains("ENCRYPTED") {
        return Err(CredentialError::EncryptedKey);
    }
    if label != "EC PRIVATE KEY" && label != "PRIVATE KEY" {
        return Err(CredentialError::UnsupportedKeyType(format!("PEM block {label}")));
    }
    let block = pem_block(text).ok_or(CredentialError::MalformedPem(
        "the -----END ...----- line is missing; the key looks truncated",
    ))?;
    let (_, der) = der::pem::decode_vec(block.as_bytes()).map_err(|_| {
        CredentialError::MalformedPem("the base64 body of the PEM block is damaged or incomplete")
    })?;
    let der = Zeroizing::new(der);
    if label == "EC PRIVATE KEY" { parse_sec1(&der) } else { parse_pkcs8(&der) }
}

/// The label of the first `-----BEGIN <label>-----` line, if it looks like a PEM label.
fn pem_label(text: &str) -> Option<&str> {
    let start = text.find("-----BEGIN ")? + "-----BEGIN ".len();
    let rest = &text[start..];
    let label = &rest[..rest.find("-----")?];
    let plausible = !label.is_empty()
        && label.len() <= 40
        && label.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ');
    plausible.then_some(label)
}

/// The text from the BEGIN line to the end of the END line, dropping anything around it.
fn pem_block(text: &str) -> Option<&str> {
    let start = text.find("-----BEGIN")?;
    let end_line = start + text[start..].find("-----END ")? + "-----END ".len();
    let end = end_line + text[end_line..].find("-----")? + "-----".len();
    Some(&text[start..end])
}

fn parse_sec1(der: &[u8]) -> Result<SigningKey, CredentialError> {
    if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
        return Ok(SigningKey::Es256(key));
    }
    match sec1_curve(der) {
        Some(oid) if oid != CURVES[0].0 => Err(CredentialError::WrongCurve(curve_name(oid))),
        _ => Err(CredentialError::MalformedPem("the EC PRIVATE KEY block does not hold a valid P-256 key")),
    }
}

/// The named-curve OID of a SEC1 `ECPrivateKey`, for diagnosing keys on other curves.
fn sec1_curve(der: &[u8]) -> Option<ObjectIdentifier> {
    let mut reader = SliceReader::new(der).ok()?;
    let parsed = reader.sequence(|r| {
        let _version = u8::decode(r)?;
        let _secret = OctetStringRef::decode(r)?;
        let curve = ContextSpecific::<ObjectIdentifier>::decode_explicit(r, TagNumber::N0)?;
        r.read_slice(r.remaining_len())?;
        Ok(curve)
    });
    parsed.ok().flatten().map(|field| field.value)
}

fn parse_pkcs8(der: &[u8]) -> Result<SigningKey, CredentialError> {
    if let Ok(key) = p256::SecretKey::from_pkcs8_der(der) {
        return Ok(SigningKey::Es256(key));
    }
    if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
        return Ok(SigningKey::Ed25519(key));
    }
    let info = PrivateKeyInfo::try_from(der)
        .map_err(|_| CredentialError::MalformedPem("the PRIVATE KEY block is not valid PKCS#8"))?;
    let oid = info.algorithm.oid;
    if oid == OID_RSA {
        Err(CredentialError::RsaKey)
    } else if oid == OID_EC_PUBLIC_KEY {
        match info.algorithm.parameters_oid() {
            Ok(curve) if curve != CURVES[0].0 => Err(CredentialError::WrongCurve(curve_name(curve))),
            _ => Err(CredentialError::MalformedPem("the PKCS#8 P-256 key is invalid")),
        }
    } else if oid == OID_ED25519 {
        Err(CredentialError::MalformedPem("the PKCS#8 Ed25519 key is invalid"))
    } else {
        Err(CredentialError::UnsupportedKeyType(format!("PKCS#8 algorithm {oid}")))
    }
}

fn curve_name(oid: ObjectIdentifier) -> &'static str {
    CURVES.iter().find(|(known, _)| *known == oid).map_or("(an unknown curve)", |(_, name)| name)
}

fn parse_raw_ed25519(text: &str) -> Result<SigningKey, CredentialError> {
    let mut compact = Zeroizing::new(String::with_capacity(text.len()));
    compact.extend(text.chars().filter(|c| !c.is_whitespace()));
    let bytes = BASE64_STANDARD
        .decode(compact.as_bytes())
        .or_else(|_| BASE64_URL_SAFE.decode(compact.as_bytes()))
        .map(Zeroizing::new)
        .map_err(|_| CredentialError::BadBase64)?;
    match bytes.len() {
        32 => {
            let mut seed = Zeroizing::new([0u8; 32]);
            seed.copy_from_slice(&bytes);
            Ok(SigningKey::Ed25519(ed25519_dalek::SigningKey::from_bytes(&seed)))
        }
        64 => {
            let mut pair = Zeroizing::new([0u8; 64]);
            pair.copy_from_slice(&bytes);
            ed25519_dalek::SigningKey::from_keypair_bytes(&pair)
                .map(SigningKey::Ed25519)
                .map_err(|_| CredentialError::Ed25519Mismatch)
        }
        n => Err(CredentialError::Ed25519Length(n)),
    }
}
