//! Enrollment: binding this terminal to a central server with a one-time code.

use courtdesk_core::{Mode, TerminalId};
use courtdesk_protocol::api::EnrollRequest;
use courtdesk_protocol::auth::encode_public_key;
use courtdesk_store::{Enrollment, Store};
use rand::Rng;

use crate::central::Credentials;
use crate::pin::Fingerprint;
use crate::{Central, SyncError, TerminalKey};

/// Enrolls the terminal whose database is `store` with the server at `url`,
/// trusting only the certificate with `fingerprint`. The terminal's identity
/// and key are created if needed. The code is sent only over a connection
/// whose certificate matched the pin.
pub async fn enroll(
    store: &Store,
    url: &str,
    fingerprint: &str,
    code: &str,
    mode: Mode,
    now_ms: i64,
) -> Result<Enrollment, SyncError> {
    let pin: Fingerprint = fingerprint.parse()?;
    let central = Central::new(url, &pin)?;
    let identity =
        store.ensure_identity(TerminalId::from_bits(rand::thread_rng().r#gen()), now_ms)?;
    let key = TerminalKey::load_or_create(store, now_ms)?;
    let request = EnrollRequest {
        code: code.to_owned(),
        terminal_id: identity.terminal_id.clone(),
        mode,
        public_key: encode_public_key(&key.public()),
    };
    let answer = central.enroll(&request).await?;
    if answer.terminal_id != identity.terminal_id {
        return Err(SyncError::IncompleteAnswer);
    }
    store.observe_hlc(answer.server_hlc, now_ms)?;
    let enrollment = Enrollment {
        server_url: url.trim_end_matches('/').to_owned(),
        fingerprint: pin.to_hex(),
        court_id: answer.court_id,
        site_id: answer.site_id,
        enrolled_at_ms: now_ms,
    };
    store.save_enrollment(&enrollment)?;
    tracing::info!(terminal = %identity.terminal_id, "terminal enrolled");
    Ok(enrollment)
}

/// The client for the server this terminal enrolled with, signing as it.
pub fn enrolled_central(store: &Store) -> Result<Central, SyncError> {
    let enrollment = store.enrollment()?.ok_or(SyncError::NotEnrolled)?;
    let identity = store.identity()?.ok_or(SyncError::NotEnrolled)?;
    let key = TerminalKey::load(store)?.ok_or(SyncError::NotEnrolled)?;
    let central = Central::new(&enrollment.server_url, &enrollment.fingerprint.parse()?)?;
    Ok(central.signed_as(Credentials {
        terminal: identity.terminal_id,
        key,
    }))
}
