//! CLI errors and their exit codes.

use crate::coinbase::error::ApiError;
use crate::credentials::CredentialError;

/// A failed command, classified by exit code.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// Bad flags, bad input or bad local files; nothing was sent. Exit 2.
    #[error("{0}")]
    Usage(String),
    /// The exchange refused the request. Exit 3.
    #[error("{0}")]
    Rejected(String),
    /// The network failed, or the outcome is unknown. Exit 4.
    #[error("{0}")]
    Network(String),
    /// Anything else (the terminal could not be used, an internal error). Exit 1.
    #[error("{0}")]
    Failed(String),
}

impl CliError {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            Self::Usage(_) => 2,
            Self::Rejected(_) => 3,
            Self::Network(_) => 4,
            Self::Failed(_) => 1,
        }
    }
}

impl From<CredentialError> for CliError {
    fn from(e: CredentialError) -> Self {
        Self::Usage(e.to_string())
    }
}

impl From<ApiError> for CliError {
    fn from(e: ApiError) -> Self {
        match &e {
            ApiError::NoCredentials | ApiError::Build(_) => Self::Usage(e.to_string()),
            ApiError::Rejected { .. } => Self::Rejected(e.to_string()),
            ApiError::Status { status, .. } | ApiError::StatusText { status, .. } if *status < 500 => {
                Self::Rejected(e.to_string())
            }
            ApiError::RateLimited { .. } | ApiError::Unauthorized { .. } => Self::Rejected(e.to_string()),
            _ => Self::Network(e.to_string()),
        }
    }
}
