//! The central court server: enrollment, authenticated sync and audit-chain verification over HTTPS.
