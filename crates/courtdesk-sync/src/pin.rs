//! Certificate pinning: the terminal trusts exactly one server certificate,
//! the one whose SHA-256 it was given at enrollment, and no certificate
//! authority at all. Court networks often run without public names or CAs,
//! and a pin cannot be subverted by a mis-issued certificate.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, SignatureScheme};
use sha2::{Digest as _, Sha256};

use crate::SyncError;

/// The SHA-256 of a certificate's DER encoding, as 64 lowercase hex digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    pub fn of_der(der: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(der).into())
    }

    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl FromStr for Fingerprint {
    type Err = SyncError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let digest: courtdesk_protocol::Digest =
            s.parse().map_err(|_| SyncError::BadFingerprint)?;
        Ok(Fingerprint(digest.0))
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({})", self.to_hex())
    }
}

/// The verifier that accepts only the pinned certificate. It remembers a
/// mismatch so the client can report it as such rather than as a network
/// failure, because retrying will never help.
#[derive(Debug)]
pub(crate) struct Pin {
    expected: Fingerprint,
    provider: Arc<CryptoProvider>,
    mismatch_seen: AtomicBool,
}

impl Pin {
    pub(crate) fn new(expected: Fingerprint) -> Arc<Pin> {
        Arc::new(Pin {
            expected,
            provider: Arc::new(rustls::crypto::ring::default_provider()),
            mismatch_seen: AtomicBool::new(false),
        })
    }

    /// A TLS configuration that trusts only this pin.
    pub(crate) fn client_config(self: &Arc<Pin>) -> Result<ClientConfig, SyncError> {
        let mut config = ClientConfig::builder_with_provider(self.provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(SyncError::Tls)?
            .dangerous()
            .with_custom_certificate_verifier(self.clone())
            .with_no_client_auth();
        config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        Ok(config)
    }

    /// Whether the server presented another certificate since the last call.
    pub(crate) fn take_mismatch(&self) -> bool {
        self.mismatch_seen.swap(false, Ordering::SeqCst)
    }
}

impl ServerCertVerifier for Pin {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The pin replaces name and validity checks: the certificate is the
        // exact one the court's administrator handed out at enrollment.
        if Fingerprint::of_der(end_entity.as_ref()) == self.expected {
            Ok(ServerCertVerified::assertion())
        } else {
            self.mismatch_seen.store(true, Ordering::SeqCst);
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_the_sha256_of_the_der_in_lowercase_hex() {
        let fingerprint = Fingerprint::of_der(b"abc");
        assert_eq!(
            fingerprint.to_hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            fingerprint.to_hex().parse::<Fingerprint>().ok(),
            Some(fingerprint)
        );
    }

    #[test]
    fn a_malformed_fingerprint_is_refused() {
        for text in ["", "abc", &"AB".repeat(32), &"zz".repeat(32)] {
            assert!(text.parse::<Fingerprint>().is_err(), "{text:?}");
        }
    }

    #[test]
    fn only_the_pinned_certificate_is_accepted() {
        let pin = Pin::new(Fingerprint::of_der(b"the server"));
        let name = ServerName::try_from("court.example").expect("name");
        let check = |der: &'static [u8]| {
            pin.verify_server_cert(&CertificateDer::from(der), &[], &name, &[], UnixTime::now())
        };
        assert!(check(b"the server").is_ok());
        assert!(!pin.take_mismatch());
        assert!(check(b"an impostor").is_err());
        assert!(pin.take_mismatch(), "a mismatch is remembered once");
        assert!(!pin.take_mismatch());
    }
}
