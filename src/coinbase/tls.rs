//! A CA certificate trusted for one venue (`--ca-file`), on top of the usual web roots: how
//! cbterm talks to `cbterm sim --tls`. Verification is never switched off.

use std::path::Path;
use std::sync::Arc;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;

/// The certificates of a CA file, kept as PEM (for reqwest) and DER (for rustls).
#[derive(Clone, Debug)]
pub struct TrustedCa {
    pem: Arc<[u8]>,
    der: Arc<[CertificateDer<'static>]>,
}

impl TrustedCa {
    /// Reads a PEM file holding at least one certificate.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let pem = std::fs::read(path).map_err(|e| format!("could not read {}: {e}", path.display()))?;
        Self::from_pem(&pem).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses PEM text holding at least one certificate.
    pub fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let der: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(pem)
            .collect::<Result<_, _>>()
            .map_err(|e| format!("not a PEM certificate file ({e})"))?;
        if der.is_empty() {
            return Err("no certificate in the file".into());
        }
        Ok(Self { pem: pem.into(), der: der.into() })
    }

    /// `builder` also trusting these certificates (its built-in roots stay).
    pub fn add_to(&self, builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, String> {
        let certs = reqwest::Certificate::from_pem_bundle(&self.pem).map_err(|e| e.to_string())?;
        Ok(certs.into_iter().fold(builder, reqwest::ClientBuilder::add_root_certificate))
    }

    /// A WebSocket TLS connector trusting the web roots and these certificates.
    pub fn ws_connector(&self) -> Result<tokio_tungstenite::Connector, String> {
        let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        for cert in self.der.iter() {
            roots.add(cert.clone()).map_err(|e| format!("unusable CA certificate: {e}"))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(tokio_tungstenite::Connector::Rustls(Arc::new(config)))
    }
}
