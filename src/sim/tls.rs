//! TLS for `cbterm sim --tls`: a fresh local CA (rcgen) signs a certificate for 127.0.0.1,
//! ::1 and localhost, and https and wss are served on the one port. Only the CA's
//! certificate leaves the process (as PEM, for clients to trust); no key is ever written.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

/// The names the server certificate is valid for.
const SERVER_NAMES: [&str; 3] = ["127.0.0.1", "::1", "localhost"];

/// A server TLS set-up and the PEM of the CA that signed it.
#[derive(Clone)]
pub struct Tls {
    /// Accepts TLS connections with the CA-signed server certificate.
    pub acceptor: TlsAcceptor,
    /// The CA certificate, PEM: what clients add to their roots.
    pub ca_pem: String,
}

fn tls_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("TLS set-up failed: {e}"))
}

/// Makes a fresh CA and a server certificate it signs.
pub fn generate() -> io::Result<Tls> {
    let ca_key = KeyPair::generate().map_err(tls_error)?;
    let mut ca = CertificateParams::new(Vec::<String>::new()).map_err(tls_error)?;
    ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    ca.distinguished_name.push(DnType::CommonName, "cbterm sim local CA");
    ca.key_usages =
        vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign, KeyUsagePurpose::DigitalSignature];
    let ca_cert = ca.self_signed(&ca_key).map_err(tls_error)?;
    let issuer = Issuer::new(ca, ca_key);
    let server_key = KeyPair::generate().map_err(tls_error)?;
    let names: Vec<String> = SERVER_NAMES.iter().map(|n| (*n).to_string()).collect();
    let mut server = CertificateParams::new(names).map_err(tls_error)?;
    server.distinguished_name.push(DnType::CommonName, "cbterm sim");
    let server_cert = server.signed_by(&server_key, &issuer).map_err(tls_error)?;
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(tls_error)?
        .with_no_client_auth()
        .with_single_cert(vec![server_cert.der().clone()], key)
        .map_err(tls_error)?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Tls { acceptor: TlsAcceptor::from(Arc::new(config)), ca_pem: ca_cert.pem() })
}

/// Serves `app` over TLS: one task per connection, the peer address available as
/// `ConnectInfo` (the admin routes check it), WebSocket upgrades included.
pub async fn serve(listener: TcpListener, app: Router, tls: Tls) {
    loop {
        let Ok((tcp, peer)) = listener.accept().await else {
            tokio::task::yield_now().await;
            continue;
        };
        super::no_delay(&tcp);
        let (acceptor, app) = (tls.acceptor.clone(), app.clone());
        tokio::spawn(async move {
            let Ok(stream) = acceptor.accept(tcp).await else {
                return;
            };
            let service =
                TowerToHyperService::new(app.layer(axum::Extension(ConnectInfo::<SocketAddr>(peer))));
            let builder = Builder::new(TokioExecutor::new());
            let _ = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).await;
        });
    }
}
