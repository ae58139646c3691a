//! The server's certificate (configured, or self-signed on first start and
//! reused) and a listener that completes each TLS handshake off the accept
//! loop, so a slow client cannot hold up the others.

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::ServerConfig;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest as _, Sha256};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use crate::settings::Settings;

/// A handshake that takes longer than this is abandoned.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// Why the certificate could not be loaded or made.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("cannot read or write {path}")]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{path} holds no usable PEM certificate or key")]
    Pem {
        path: PathBuf,
        #[source]
        source: rustls::pki_types::pem::Error,
    },
    #[error("cannot generate the self-signed certificate")]
    Generate(#[source] rcgen::Error),
    #[error("the certificate and key do not make a TLS configuration")]
    Config(#[source] rustls::Error),
}

/// The certificate the server presents.
#[derive(Debug, Clone)]
pub struct ServerIdentity {
    pub cert_pem: String,
    /// SHA-256 of the DER certificate, lowercase hex: what terminals pin.
    pub fingerprint: String,
    pub(crate) config: Arc<ServerConfig>,
}

/// Where a generated certificate and key are kept.
pub fn generated_paths(data_dir: &Path) -> (PathBuf, PathBuf) {
    (
        data_dir.join("central-cert.pem"),
        data_dir.join("central-key.pem"),
    )
}

/// Loads the configured certificate, or the generated one, generating it
/// (with the names `localhost` and `127.0.0.1`) when there is none yet.
pub fn load_identity(settings: &Settings) -> Result<ServerIdentity, TlsError> {
    let (cert_path, key_path) = match &settings.tls {
        Some(files) => (files.cert.clone(), files.key.clone()),
        None => {
            let (cert, key) = generated_paths(&settings.data_dir);
            if !cert.exists() || !key.exists() {
                generate(&settings.data_dir, &cert, &key)?;
            }
            (cert, key)
        }
    };
    let file = |path: &Path| {
        std::fs::read(path).map_err(|source| TlsError::File {
            path: path.to_path_buf(),
            source,
        })
    };
    let cert_bytes = file(&cert_path)?;
    let pem_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TlsError::Pem { path, source }
    };
    let chain = CertificateDer::pem_slice_iter(&cert_bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(pem_error(&cert_path))?;
    let key = PrivateKeyDer::from_pem_slice(&file(&key_path)?).map_err(pem_error(&key_path))?;
    let Some(leaf) = chain.first() else {
        return Err(TlsError::Pem {
            path: cert_path,
            source: rustls::pki_types::pem::Error::NoItemsFound,
        });
    };
    let fingerprint = Sha256::digest(leaf.as_ref())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let cert_pem = String::from_utf8_lossy(&cert_bytes).into_owned();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(TlsError::Config)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(TlsError::Config)?;
    // The router speaks HTTP/1.1 only.
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(ServerIdentity {
        cert_pem,
        fingerprint,
        config: Arc::new(config),
    })
}

fn generate(data_dir: &Path, cert: &Path, key: &Path) -> Result<(), TlsError> {
    let names = vec!["localhost".to_owned(), "127.0.0.1".to_owned()];
    let made = rcgen::generate_simple_self_signed(names).map_err(TlsError::Generate)?;
    let io_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| TlsError::File { path, source }
    };
    std::fs::create_dir_all(data_dir).map_err(io_error(data_dir))?;
    // The key is written first: a certificate without its key would be
    // reused on the next start and fail there.
    write_private(key, made.signing_key.serialize_pem().as_bytes()).map_err(io_error(key))?;
    std::fs::write(cert, made.cert.pem()).map_err(io_error(cert))?;
    Ok(())
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes)
}

/// Accepted TLS connections, handshaken in their own tasks.
#[derive(Debug)]
pub(crate) struct TlsListener {
    local_addr: SocketAddr,
    ready: mpsc::Receiver<(TlsStream<TcpStream>, SocketAddr)>,
    accepting: JoinHandle<()>,
}

impl TlsListener {
    pub(crate) fn new(listener: TcpListener, config: Arc<ServerConfig>) -> io::Result<Self> {
        let local_addr = listener.local_addr()?;
        let (sender, ready) = mpsc::channel(64);
        let acceptor = TlsAcceptor::from(config);
        let accepting = tokio::spawn(async move {
            loop {
                let (tcp, peer) = match listener.accept().await {
                    Ok(accepted) => accepted,
                    Err(error) => {
                        // Usually out of file descriptors: wait rather than spin.
                        tracing::warn!(%error, "accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                let acceptor = acceptor.clone();
                let sender = sender.clone();
                tokio::spawn(async move {
                    match tokio::time::timeout(HANDSHAKE_TIMEOUT, acceptor.accept(tcp)).await {
                        Ok(Ok(tls)) => {
                            let _closed = sender.send((tls, peer)).await;
                        }
                        Ok(Err(error)) => tracing::debug!(%peer, %error, "TLS handshake failed"),
                        Err(_) => tracing::debug!(%peer, "TLS handshake timed out"),
                    }
                });
            }
        });
        Ok(TlsListener {
            local_addr,
            ready,
            accepting,
        })
    }
}

impl Drop for TlsListener {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(accepted) => accepted,
            // The accept task only ends when this listener is dropped, so
            // there is nothing more to hand out.
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Ok(self.local_addr)
    }
}
