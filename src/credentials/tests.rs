#![allow(clippy::unwrap_used)]

use jsonwebtoken::Algorithm;

use super::test_keys::*;
use super::{CredentialError, Credentials};

#[test]
fn every_format_parses_with_the_right_algorithm() {
    for (label, key, alg) in all_formats() {
        let creds = Credentials::from_parts(NAME, &key).unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(creds.algorithm(), alg, "{label}");
        assert_eq!(creds.public_key().algorithm(), alg, "{label}");
        assert_eq!(creds.name(), NAME);
    }
}

#[test]
fn raw_ed25519_32_and_64_give_the_same_key() {
    use base64::Engine as _;
    let key = ed25519_key();
    let b64 = base64::engine::general_purpose::STANDARD;
    let short = Credentials::from_parts(NAME, &b64.encode(key.to_bytes())).unwrap();
    let long = Credentials::from_parts(NAME, &b64.encode(key.to_keypair_bytes())).unwrap();
    assert_eq!(short.public_key(), long.public_key());
    assert_eq!(short.public_key().as_bytes(), key.verifying_key().as_bytes());
}

#[test]
fn escaped_newlines_crlf_and_surrounding_text_are_tolerated() {
    let pem = p256_sec1_pem();
    let escaped = pem.replace('\n', "\\n");
    assert_eq!(Credentials::from_parts(NAME, &escaped).unwrap().algorithm(), Algorithm::ES256);
    let crlf = pem.replace('\n', "\r\n");
    assert_eq!(Credentials::from_parts(NAME, &crlf).unwrap().algorithm(), Algorithm::ES256);
    let wrapped = format!("  \n{pem}\n  ");
    assert!(Credentials::from_parts(NAME, &wrapped).is_ok());
}

#[test]
fn json_reads_name_then_id_and_ignores_other_fields() {
    let pem = p256_sec1_pem();
    let creds = Credentials::from_json(&key_json("name", &pem)).unwrap();
    assert_eq!(creds.name(), NAME);
    let creds = Credentials::from_json(&key_json("id", &ed25519_raw64())).unwrap();
    assert_eq!((creds.name(), creds.algorithm()), (NAME, Algorithm::EdDSA));
    let both = serde_json::json!({ "name": "by-name", "id": "by-id", "privateKey": pem });
    assert_eq!(Credentials::from_json(&both.to_string()).unwrap().name(), "by-name");
}

#[test]
fn debug_shows_name_and_algorithm_only() {
    let pem = p256_sec1_pem();
    let creds = Credentials::from_parts(NAME, &pem).unwrap();
    let debug = format!("{creds:?}");
    assert!(debug.contains(NAME) && debug.contains("ES256"), "{debug}");
    let body: String = pem.lines().nth(1).unwrap().chars().take(8).collect();
    assert!(!debug.contains(&body), "{debug}");
}

/// Asserts the error kind for `key` and that its messages hold no part of `key`.
fn assert_refused(key: &str, check: impl Fn(&CredentialError) -> bool) {
    let err = Credentials::from_parts(NAME, key).unwrap_err();
    assert!(check(&err), "unexpected error: {err:?}");
    assert_no_leak(&err, key);
    let json_err = Credentials::from_json(&key_json("name", key)).unwrap_err();
    assert_eq!(json_err.to_string(), err.to_string());
}

#[test]
fn empty_key_is_refused() {
    assert_refused("", |e| matches!(e, CredentialError::EmptyKey));
    assert_refused(" \n\t", |e| matches!(e, CredentialError::EmptyKey));
}

#[test]
fn truncated_and_garbled_pem_are_refused() {
    let pem = p256_sec1_pem();
    let truncated = &pem[..pem.len() / 2];
    assert_refused(truncated, |e| matches!(e, CredentialError::MalformedPem(_)));
    let no_tail = pem.replace("-----END EC PRIVATE KEY-----", "");
    assert_refused(&no_tail, |e| matches!(e, CredentialError::MalformedPem(_)));
    let mut lines: Vec<&str> = pem.lines().collect();
    lines.remove(2);
    assert_refused(&lines.join("\n"), |e| matches!(e, CredentialError::MalformedPem(_)));
    let body = pem.lines().nth(1).unwrap();
    let garbled = pem.replace(body, &format!("*{}", &body[1..]));
    let bad_body =
        |e: &CredentialError| matches!(e, CredentialError::MalformedPem(m) if m.contains("base64 body"));
    assert_refused(&garbled, bad_body);
    let flipped =
        pem.replace(body, &format!("{}{}", if body.starts_with('M') { 'N' } else { 'M' }, &body[1..]));
    assert_refused(&flipped, |e| matches!(e, CredentialError::MalformedPem(m) if m.contains("valid P-256")));
    let pkcs8 = ed25519_pkcs8_pem();
    let cut = pkcs8.replace("-----END PRIVATE KEY-----", "-----END PRIV");
    assert_refused(&cut, |e| matches!(e, CredentialError::MalformedPem(_)));
}

#[test]
fn rsa_keys_are_refused_with_the_supported_types() {
    for pem in [RSA_PKCS1_PEM, RSA_PKCS8_PEM] {
        assert_refused(pem, |e| matches!(e, CredentialError::RsaKey));
        let msg = Credentials::from_parts(NAME, pem).unwrap_err().to_string();
        assert!(msg.contains("RSA keys are not supported") && msg.contains("P-256"), "{msg}");
    }
}

#[test]
fn other_curves_are_refused_naming_p256() {
    for pem in [P384_SEC1_PEM, P384_PKCS8_PEM] {
        assert_refused(pem, |e| matches!(e, CredentialError::WrongCurve("P-384")));
        let msg = Credentials::from_parts(NAME, pem).unwrap_err().to_string();
        assert!(msg.contains("P-384") && msg.contains("must use P-256"), "{msg}");
    }
}

#[test]
fn encrypted_and_foreign_pem_are_refused() {
    let encrypted = p256_pkcs8_pem().replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
    assert_refused(&encrypted, |e| matches!(e, CredentialError::EncryptedKey));
    let ssh = p256_pkcs8_pem().replace("PRIVATE KEY", "OPENSSH PRIVATE KEY");
    assert_refused(&ssh, |e| matches!(e, CredentialError::UnsupportedKeyType(_)));
}

#[test]
fn bad_base64_and_wrong_ed25519_lengths_are_refused() {
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::STANDARD;
    assert_refused("not*base64!at~all", |e| matches!(e, CredentialError::BadBase64));
    let seed = ed25519_key().to_keypair_bytes();
    let short = b64.encode(&seed[..31]);
    assert_refused(&short, |e| matches!(e, CredentialError::Ed25519Length(31)));
    let long = b64.encode([seed.as_slice(), &seed[..16]].concat());
    assert_refused(&long, |e| matches!(e, CredentialError::Ed25519Length(80)));
    let mut mismatched = seed;
    mismatched[40] ^= 1;
    assert_refused(&b64.encode(mismatched), |e| matches!(e, CredentialError::Ed25519Mismatch));
}

#[test]
fn json_errors_are_specific_and_do_not_leak() {
    let pem = p256_sec1_pem();
    let no_name = serde_json::json!({ "privateKey": pem }).to_string();
    let err = Credentials::from_json(&no_name).unwrap_err();
    assert!(matches!(err, CredentialError::MissingName));
    assert_no_leak(&err, &pem);
    let err = Credentials::from_json(&serde_json::json!({ "name": NAME }).to_string()).unwrap_err();
    assert!(matches!(err, CredentialError::MissingPrivateKey));
    let broken = key_json("name", &pem).replace("\"privateKey\":", "\"privateKey\"");
    let err = Credentials::from_json(&broken).unwrap_err();
    assert!(matches!(err, CredentialError::InvalidJson { .. }), "{err:?}");
    assert_no_leak(&err, &pem);
    let wrong_type = serde_json::json!({ "name": 7, "privateKey": pem }).to_string();
    let err = Credentials::from_json(&wrong_type).unwrap_err();
    assert!(matches!(err, CredentialError::InvalidJson { .. }), "{err:?}");
    assert_no_leak(&err, &pem);
}

#[test]
fn a_wrong_key_type_a_bad_pem_and_a_legacy_secret_each_name_their_fix() {
    use super::fixtures::RSA_PKCS1_PEM;
    let fix = |key: &str| Credentials::from_parts(NAME, key).err().map(|e| e.fix());
    let pem = p256_sec1_pem();
    let key_type = "create a CDP Secret API key (ECDSA or Ed25519) at portal.cdp.coinbase.com and use its \
        key JSON; legacy coinbase.com/settings/api keys (HMAC) do not work";
    let bad_pem = "copy the privateKey again, whole: from -----BEGIN to END-----, with its line breaks (\\n \
        inside JSON)";
    assert_eq!(fix(RSA_PKCS1_PEM).as_deref(), Some(key_type));
    assert_eq!(fix("c2VjcmV0LWhtYWMta2V5").as_deref(), Some(key_type), "a legacy HMAC secret");
    assert_eq!(fix(&pem[..pem.len() / 2]).as_deref(), Some(bad_pem));
}
