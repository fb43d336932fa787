//! Reading and writing Coinbase key files with the permission checks of R-SEC1.

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use p256::elliptic_curve::zeroize::{Zeroize as _, Zeroizing};
use serde::{Deserialize, Serialize};

use super::CredentialError;

/// Key files are a few hundred bytes; anything above this is refused unread.
pub(super) const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// The fields cbterm reads from a Coinbase key JSON file; the rest are ignored.
#[derive(Deserialize)]
pub(super) struct KeyFileJson {
    pub(super) name: Option<String>,
    pub(super) id: Option<String>,
    #[serde(rename = "privateKey")]
    pub(super) private_key: Option<String>,
}

impl Drop for KeyFileJson {
    fn drop(&mut self) {
        self.private_key.zeroize();
    }
}

/// Parses key-file JSON; the error only carries the position, never the text.
pub(super) fn parse_json(bytes: &[u8]) -> Result<KeyFileJson, CredentialError> {
    serde_json::from_slice(bytes)
        .map_err(|e| CredentialError::InvalidJson { line: e.line(), column: e.column() })
}

/// Reads a key file after refusing symlinks, non-files, oversized files and group/other access.
pub(super) fn read_key_file(path: &Path) -> Result<Zeroizing<Vec<u8>>, CredentialError> {
    let before = fs::symlink_metadata(path).map_err(|e| io_error(path, e))?;
    check_metadata(path, &before)?;
    let file = File::open(path).map_err(|e| io_error(path, e))?;
    let opened = file.metadata().map_err(|e| io_error(path, e))?;
    check_metadata(path, &opened)?;
    if !same_file(&before, &opened) {
        let replaced = io::Error::other("the file was replaced while it was being opened");
        return Err(io_error(path, replaced));
    }
    let capacity = usize::try_from(opened.len()).unwrap_or(0).saturating_add(1);
    let mut buf = Zeroizing::new(Vec::with_capacity(capacity));
    file.take(MAX_KEY_FILE_BYTES + 1).read_to_end(&mut buf).map_err(|e| io_error(path, e))?;
    if buf.len() as u64 > MAX_KEY_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(buf)
}

fn check_metadata(path: &Path, meta: &Metadata) -> Result<(), CredentialError> {
    let path_buf = || PathBuf::from(path);
    if meta.file_type().is_symlink() {
        return Err(CredentialError::Symlink { path: path_buf() });
    }
    if !meta.is_file() {
        return Err(CredentialError::NotAFile { path: path_buf() });
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = meta.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(CredentialError::InsecurePermissions { path: path_buf(), mode });
        }
    }
    if meta.len() > MAX_KEY_FILE_BYTES {
        return Err(too_large(path));
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(_: &Metadata, _: &Metadata) -> bool {
    true
}

fn too_large(path: &Path) -> CredentialError {
    CredentialError::FileTooLarge { path: path.to_path_buf(), max: MAX_KEY_FILE_BYTES }
}

fn io_error(path: &Path, source: io::Error) -> CredentialError {
    let path = path.to_path_buf();
    if source.kind() == io::ErrorKind::NotFound {
        CredentialError::FileMissing { path }
    } else {
        CredentialError::FileUnreadable { path, source }
    }
}

#[derive(Serialize)]
struct KeyFileOut<'a> {
    name: &'a str,
    #[serde(rename = "privateKey")]
    private_key: &'a str,
}

/// Writes `{"name","privateKey"}` JSON: a fresh file created with mode 0600, then renamed over `path`.
pub(super) fn write_key_file(path: &Path, name: &str, private_key: &str) -> io::Result<()> {
    let capacity = 2 * (name.len() + private_key.len()) + 64;
    let mut json = Zeroizing::new(Vec::with_capacity(capacity));
    serde_json::to_writer_pretty(&mut *json, &KeyFileOut { name, private_key })?;
    json.push(b'\n');
    let file_name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "key path has no file name"))?;
    let tmp_name = format!(".{}.tmp-{:016x}", file_name.to_string_lossy(), rand::random::<u64>());
    let tmp = path.with_file_name(tmp_name);
    let result = write_new_private(&tmp, &json).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

fn write_new_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// `key` as SEC1 `EC PRIVATE KEY` PEM naming its curve (prime256v1) and holding its public key,
/// as Coinbase issues keys: OpenSSL cannot load one without the curve, and p256's own SEC1
/// encoder leaves it out.
pub(crate) fn sec1_pem(key: &p256::SecretKey) -> Result<Zeroizing<String>, sec1::der::Error> {
    use p256::elliptic_curve::sec1::ToEncodedPoint as _;
    use sec1::der::EncodePem as _;
    use sec1::der::oid::AssociatedOid as _;
    let private = Zeroizing::new(key.to_bytes());
    let public = key.public_key().to_encoded_point(false);
    let document = sec1::EcPrivateKey {
        private_key: &private,
        parameters: Some(sec1::EcParameters::NamedCurve(p256::NistP256::OID)),
        public_key: Some(public.as_bytes()),
    };
    document.to_pem(sec1::LineEnding::LF).map(Zeroizing::new)
}
