#![allow(clippy::unwrap_used)]

use std::ffi::OsString;
use std::fs;
#[cfg(unix)]
use std::path::Path;

use jsonwebtoken::Algorithm;

use super::test_keys::*;
use super::{CredentialError, Credentials};

fn lookup<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
    move |name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| OsString::from(v))
}

#[test]
fn env_none_both_and_half_set() {
    let secret = ed25519_raw32();
    assert!(Credentials::from_env_with(lookup(&[])).unwrap().is_none());
    let empty = [("COINBASE_API_KEY", ""), ("COINBASE_API_SECRET", " ")];
    assert!(Credentials::from_env_with(lookup(&empty)).unwrap().is_none());
    let both = [("COINBASE_API_KEY", NAME), ("COINBASE_API_SECRET", secret.as_str())];
    let creds = Credentials::from_env_with(lookup(&both)).unwrap().unwrap();
    assert_eq!((creds.name(), creds.algorithm()), (NAME, Algorithm::EdDSA));
    let err = Credentials::from_env_with(lookup(&both[..1])).unwrap_err();
    assert!(matches!(err, CredentialError::EnvHalfSet { missing: "COINBASE_API_SECRET", .. }));
    let err = Credentials::from_env_with(lookup(&both[1..])).unwrap_err();
    assert!(matches!(err, CredentialError::EnvHalfSet { missing: "COINBASE_API_KEY", .. }));
    assert_no_leak(&err, &secret);
}

#[cfg(unix)]
fn write_mode(path: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    fs::write(path, text).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).unwrap();
}

#[cfg(unix)]
#[test]
fn key_file_with_owner_only_mode_loads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.json");
    for mode in [0o600, 0o400] {
        write_mode(&path, &key_json("name", &p256_sec1_pem()), mode);
        assert_eq!(Credentials::from_key_file(&path).unwrap().name(), NAME);
        fs::remove_file(&path).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn readable_key_file_is_refused_with_the_chmod_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.json");
    let pem = p256_sec1_pem();
    for mode in [0o644, 0o640, 0o604, 0o660] {
        write_mode(&path, &key_json("name", &pem), mode);
        let err = Credentials::from_key_file(&path).unwrap_err();
        assert!(matches!(err, CredentialError::InsecurePermissions { .. }), "{err:?}");
        let fix = format!("chmod 600 {}", path.display());
        assert!(err.to_string().contains(&fix), "{err}");
        assert_no_leak(&err, &pem);
    }
}

#[cfg(unix)]
#[test]
fn symlinked_key_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("real.json");
    write_mode(&target, &key_json("name", &p256_sec1_pem()), 0o600);
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let err = Credentials::from_key_file(&link).unwrap_err();
    assert!(matches!(err, CredentialError::Symlink { .. }), "{err:?}");
}

#[test]
fn missing_file_and_directory_name_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent.json");
    let err = Credentials::from_key_file(&path).unwrap_err();
    assert!(matches!(err, CredentialError::FileMissing { .. }), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()), "{err}");
    let err = Credentials::from_key_file(dir.path()).unwrap_err();
    assert!(matches!(err, CredentialError::NotAFile { .. }), "{err:?}");
}

#[test]
fn written_key_file_round_trips_with_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sim-key.json");
    for creds in [Credentials::generate_es256(NAME), Credentials::generate_ed25519(NAME)] {
        creds.write_key_file(&path).unwrap();
        let loaded = Credentials::from_key_file(&path).unwrap();
        assert_eq!((loaded.name(), loaded.public_key()), (NAME, creds.public_key()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "temp file left behind");
}

#[test]
fn written_es256_key_is_sec1_pem_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("k.json");
    Credentials::generate_es256(NAME).write_key_file(&path).unwrap();
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(json["name"], NAME);
    let pem = json["privateKey"].as_str().unwrap();
    assert!(pem.starts_with("-----BEGIN EC PRIVATE KEY-----\n"), "unexpected format");
    assert_sec1_names_p256(pem);
}

/// The SEC1 document names its curve, as Coinbase's keys do: OpenSSL (and so the official
/// SDK's `cryptography`) cannot load an EC key without it.
fn assert_sec1_names_p256(pem: &str) {
    use sec1::der::{Decode as _, oid::AssociatedOid as _};
    let (label, der) = sec1::der::pem::decode_vec(pem.as_bytes()).unwrap();
    assert_eq!(label, "EC PRIVATE KEY");
    let doc = sec1::EcPrivateKey::from_der(&der).unwrap();
    assert_eq!(doc.parameters, Some(sec1::EcParameters::NamedCurve(p256::NistP256::OID)));
    let public = p256::SecretKey::from_bytes(doc.private_key.into()).unwrap().public_key();
    assert_eq!(doc.public_key, Some(public.to_sec1_bytes().as_ref()));
}

#[test]
fn the_test_keys_are_sec1_as_coinbase_issues_them() {
    assert_sec1_names_p256(&p256_sec1_pem());
}

#[test]
fn public_key_builds_a_decoding_key_for_each_algorithm() {
    let es = Credentials::generate_es256(NAME).public_key();
    assert_eq!((es.as_bytes().len(), es.as_bytes()[0]), (65, 0x04));
    let ed = Credentials::generate_ed25519(NAME).public_key();
    assert_eq!(ed.as_bytes().len(), 32);
    assert_eq!(es.decoding_key().as_bytes(), es.as_bytes());
    assert_eq!(ed.decoding_key().as_bytes(), ed.as_bytes());
}
