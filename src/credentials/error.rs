//! Errors raised while loading or parsing API credentials.
//!
//! No variant carries key material: paths, lengths, curve names and static reasons only.

use std::io;
use std::path::PathBuf;

/// Why a Coinbase API key could not be loaded. Messages never contain key material.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialError {
    /// The key file does not exist.
    #[error("key file {} does not exist", path.display())]
    FileMissing {
        /// The path that was tried.
        path: PathBuf,
    },
    /// The key file exists but could not be read.
    #[error("cannot read key file {}: {source}", path.display())]
    FileUnreadable {
        /// The path that was tried.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: io::Error,
    },
    /// The key path is a symbolic link.
    #[error("key file {} is a symbolic link; point cbterm at the real file", path.display())]
    Symlink {
        /// The path that was tried.
        path: PathBuf,
    },
    /// The key path is a directory or a special file.
    #[error("key file {} is not a regular file", path.display())]
    NotAFile {
        /// The path that was tried.
        path: PathBuf,
    },
    /// The key file is far larger than any Coinbase key file.
    #[error("key file {} is larger than {max} bytes; it is not a Coinbase key file", path.display())]
    FileTooLarge {
        /// The path that was tried.
        path: PathBuf,
        /// The size limit in bytes.
        max: u64,
    },
    /// The key file can be read or written by other users.
    #[error(
        "key file {p} has mode {mode:04o}, which gives other users access to it; fix with: chmod 600 {p}",
        p = path.display()
    )]
    InsecurePermissions {
        /// The path that was tried.
        path: PathBuf,
        /// The permission bits found.
        mode: u32,
    },
    /// The key file is not valid JSON (or a field has the wrong type).
    #[error("key file is not valid JSON or has a field of the wrong type (line {line}, column {column})")]
    InvalidJson {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// Neither `name` nor `id` is present (or both are empty).
    #[error("key JSON has no \"name\" (or \"id\") field with the API key name")]
    MissingName,
    /// `privateKey` is absent.
    #[error("key JSON has no \"privateKey\" field")]
    MissingPrivateKey,
    /// The private key text is empty.
    #[error("the private key is empty")]
    EmptyKey,
    /// The PEM block is truncated, corrupted or holds something that is not a key.
    #[error("the private key PEM is truncated or corrupted: {0}")]
    MalformedPem(&'static str),
    /// An RSA key was supplied.
    #[error("RSA keys are not supported; Coinbase keys are ECDSA P-256 or Ed25519")]
    RsaKey,
    /// An EC key on a curve other than P-256.
    #[error("the EC key uses curve {0}; Coinbase ECDSA keys must use P-256 (prime256v1 / secp256r1)")]
    WrongCurve(&'static str),
    /// A passphrase-protected key.
    #[error("encrypted private keys are not supported; export the key without a passphrase")]
    EncryptedKey,
    /// A well-formed key of an algorithm Coinbase does not issue.
    #[error("unsupported private key type ({0}); Coinbase keys are ECDSA P-256 or Ed25519")]
    UnsupportedKeyType(String),
    /// Not PEM, and not decodable as base64.
    #[error("the private key is neither a PEM block nor valid base64")]
    BadBase64,
    /// A raw base64 Ed25519 key of the wrong length.
    #[error("a base64 Ed25519 key must decode to 32 or 64 bytes, got {0} bytes")]
    Ed25519Length(usize),
    /// A 64-byte Ed25519 key whose public half does not match its seed.
    #[error("the 64-byte Ed25519 key's public half does not match its seed")]
    Ed25519Mismatch,
    /// Only one of the two environment variables is set.
    #[error("{set} is set but {missing} is not; set both or neither")]
    EnvHalfSet {
        /// The variable that is set.
        set: &'static str,
        /// The variable that is missing.
        missing: &'static str,
    },
    /// An environment variable is not valid UTF-8.
    #[error("environment variable {0} is not valid UTF-8")]
    EnvNotUnicode(&'static str),
    /// The parsed key could not be re-encoded for signing.
    #[error("the signing key could not be encoded")]
    Encoding,
    /// The signing operation failed.
    #[error("the signing operation failed")]
    Signing,
}

/// The fix for a key in the wrong format or of the wrong type.
const FIX_KEY_TYPE: &str = "create a CDP Secret API key (ECDSA or Ed25519) at portal.cdp.coinbase.com and \
    use its key JSON; legacy coinbase.com/settings/api keys (HMAC) do not work";
/// The fix for a damaged private key.
const FIX_PEM: &str = "copy the privateKey again, whole: from -----BEGIN to END-----, with its line \
    breaks (\\n inside JSON)";
/// The fix for a key file that is not Coinbase's key JSON.
const FIX_JSON: &str = "use the key JSON from portal.cdp.coinbase.com: \
    {\"name\": \"organizations/…/apiKeys/…\", \"privateKey\": \"-----BEGIN EC PRIVATE KEY-----\\n…\"}";

impl CredentialError {
    /// What to do about this error.
    pub fn fix(&self) -> String {
        match self {
            Self::FileMissing { .. } | Self::FileUnreadable { .. } | Self::NotAFile { .. } => {
                "check the --key-file path (download the key JSON again if it is lost)".into()
            }
            Self::Symlink { .. } => "point --key-file at the real file, not a link".into(),
            Self::InsecurePermissions { path, .. } => format!("chmod 600 {}", path.display()),
            Self::FileTooLarge { .. }
            | Self::InvalidJson { .. }
            | Self::MissingName
            | Self::MissingPrivateKey => FIX_JSON.into(),
            Self::EmptyKey | Self::MalformedPem(_) | Self::BadBase64 | Self::Ed25519Mismatch => {
                FIX_PEM.into()
            }
            Self::RsaKey | Self::WrongCurve(_) | Self::UnsupportedKeyType(_) | Self::Ed25519Length(_) => {
                FIX_KEY_TYPE.into()
            }
            Self::EncryptedKey => "export the key again without a passphrase".into(),
            Self::EnvHalfSet { .. } | Self::EnvNotUnicode(_) => {
                "set both COINBASE_API_KEY and COINBASE_API_SECRET, or neither and use --key-file".into()
            }
            Self::Encoding | Self::Signing => FIX_KEY_TYPE.into(),
        }
    }
}
