//! The central server as the terminal sees it: an HTTPS client that trusts
//! only the pinned certificate and signs every request after enrollment.

use std::sync::Arc;
use std::time::Duration;

use courtdesk_core::TerminalId;
use courtdesk_protocol::api::{
    EnrollRequest, EnrollResponse, ErrorBody, LeaseGrant, LeaseRequest, MAX_PULL_WAIT_MS,
    PullResponse, PushRequest, PushResponse, paths,
};
use courtdesk_protocol::auth::{
    HEADER_NONCE, HEADER_SESSION, HEADER_SIGNATURE, HEADER_TERMINAL, HEADER_TIMESTAMP, SignedParts,
};
use rand::RngCore;
use reqwest::{Method, Response};
use serde::de::DeserializeOwned;

use crate::pin::{Fingerprint, Pin};
use crate::{SyncError, TerminalKey, now_ms};

/// How long one request may take before it counts as a network failure.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(20);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const JSON: &str = "application/json";

/// Who signs the requests: the enrolled terminal and its key.
#[derive(Debug, Clone)]
pub struct Credentials {
    pub terminal: TerminalId,
    pub key: TerminalKey,
}

/// A connection to one central server, pinned to its certificate.
#[derive(Debug, Clone)]
pub struct Central {
    http: reqwest::Client,
    base: String,
    pin: Arc<Pin>,
    credentials: Option<Credentials>,
    /// The signed-in clerk's session at the server, shared by every clone
    /// of this client, sent with every signed request while set.
    session: Arc<std::sync::Mutex<Option<ClerkSession>>>,
}

/// A clerk's session token; `Debug` hides it.
#[derive(Clone, PartialEq, Eq)]
struct ClerkSession(String);

impl std::fmt::Debug for ClerkSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ClerkSession(..)")
    }
}

impl Central {
    /// A client for the server at `url` (`https://host:port`) that accepts
    /// only the certificate with `fingerprint`. Nothing is sent yet.
    pub fn new(url: &str, fingerprint: &Fingerprint) -> Result<Central, SyncError> {
        if !url.starts_with("https://") {
            return Err(SyncError::BadUrl);
        }
        let pin = Pin::new(fingerprint.clone());
        let http = reqwest::Client::builder()
            .use_preconfigured_tls(pin.client_config()?)
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(SyncError::Client)?;
        Ok(Central {
            http,
            base: url.trim_end_matches('/').to_owned(),
            pin,
            credentials: None,
            session: Arc::default(),
        })
    }

    /// Sets (after an online sign-in) or clears (after a sign-out) the
    /// clerk's session every later request names.
    pub fn set_clerk_session(&self, token: Option<String>) {
        *self.session.lock().unwrap_or_else(|e| e.into_inner()) =
            token.filter(|t| !t.is_empty()).map(ClerkSession);
    }

    /// Whether a clerk's session is set.
    pub fn has_clerk_session(&self) -> bool {
        self.session
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_some()
    }

    /// The same server, signing as `credentials`.
    pub fn signed_as(mut self, credentials: Credentials) -> Central {
        self.credentials = Some(credentials);
        self
    }

    /// Enrolls with a one-time code. Unsigned: the server learns the key here.
    pub async fn enroll(&self, request: &EnrollRequest) -> Result<EnrollResponse, SyncError> {
        let body = serde_json::to_vec(request).map_err(|_| SyncError::IncompleteAnswer)?;
        let builder = self
            .http
            .post(format!("{}{}", self.base, paths::ENROLL))
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body);
        self.send(builder).await
    }

    /// Pushes records and their audit entries.
    pub async fn push(&self, batch: &PushRequest) -> Result<PushResponse, SyncError> {
        let body = serde_json::to_vec(batch).map_err(|_| SyncError::IncompleteAnswer)?;
        self.signed(Method::POST, paths::PUSH.to_owned(), body, JSON)
            .await
    }

    /// Up to `limit` changes after server sequence number `after`.
    pub async fn pull(&self, after: u64, limit: usize) -> Result<PullResponse, SyncError> {
        let path = format!("{}?after={after}&limit={limit}", paths::PULL);
        self.signed(Method::GET, path, Vec::new(), JSON).await
    }

    /// Waits up to `wait` (at most 30 s) for a change after `after`; whether
    /// one is there. The changes themselves are left for the next pull.
    pub async fn wait_for_changes(&self, after: u64, wait: Duration) -> Result<bool, SyncError> {
        let wait_ms = wait.as_millis().min(u128::from(MAX_PULL_WAIT_MS));
        let path = format!("{}?after={after}&limit=1&wait_ms={wait_ms}", paths::PULL);
        let page: PullResponse = self.signed(Method::GET, path, Vec::new(), JSON).await?;
        Ok(!page.changes.is_empty())
    }

    /// Leases the next block of a service's ticket numbers (kiosks only).
    /// Asked again with the same request id, the server answers with the
    /// same block.
    pub async fn lease(&self, request: &LeaseRequest) -> Result<LeaseGrant, SyncError> {
        let body = serde_json::to_vec(request).map_err(|_| SyncError::IncompleteAnswer)?;
        self.signed(Method::POST, paths::LEASES.to_owned(), body, JSON)
            .await
    }

    /// Sends a signed request; the signature covers `body`, whose media type
    /// is `content_type`.
    pub(crate) async fn signed<T: DeserializeOwned>(
        &self,
        method: Method,
        path_and_query: String,
        body: Vec<u8>,
        content_type: &'static str,
    ) -> Result<T, SyncError> {
        let response = self
            .signed_response(method, path_and_query, body, content_type)
            .await?;
        decode(response).await
    }

    /// Sends a signed request like [`Central::signed`] and hands back the
    /// response whatever its status, for callers that read refusals'
    /// details themselves.
    pub(crate) async fn signed_response(
        &self,
        method: Method,
        path_and_query: String,
        body: Vec<u8>,
        content_type: &'static str,
    ) -> Result<Response, SyncError> {
        let credentials = self.credentials.as_ref().ok_or(SyncError::NotEnrolled)?;
        let mut nonce = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let nonce: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        let timestamp_ms = u64::try_from(now_ms()).unwrap_or(0);
        let signature = SignedParts {
            method: method.as_str(),
            path_and_query: &path_and_query,
            terminal: &credentials.terminal,
            timestamp_ms,
            nonce: &nonce,
            body: &body,
        }
        .sign(credentials.key.signing());
        let mut builder = self
            .http
            .request(method, format!("{}{path_and_query}", self.base))
            .header(HEADER_TERMINAL, credentials.terminal.as_str())
            .header(HEADER_TIMESTAMP, timestamp_ms.to_string())
            .header(HEADER_NONCE, nonce)
            .header(HEADER_SIGNATURE, signature);
        let session = self
            .session
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        if let Some(ClerkSession(token)) = session {
            builder = builder.header(HEADER_SESSION, token);
        }
        if !body.is_empty() {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(body);
        }
        self.send_raw(builder).await
    }

    async fn send<T: DeserializeOwned>(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<T, SyncError> {
        decode(self.send_raw(builder).await?).await
    }

    async fn send_raw(&self, builder: reqwest::RequestBuilder) -> Result<Response, SyncError> {
        self.pin.take_mismatch();
        builder.send().await.map_err(|error| {
            if self.pin.take_mismatch() {
                SyncError::PinMismatch
            } else {
                SyncError::Network(error)
            }
        })
    }
}

async fn decode<T: DeserializeOwned>(response: Response) -> Result<T, SyncError> {
    let status = response.status();
    if status.is_success() {
        return response.json().await.map_err(SyncError::Decode);
    }
    Err(refusal(response).await)
}

/// The error of a response that is not a success: the server's code when
/// it sent its error body.
pub(crate) async fn refusal(response: Response) -> SyncError {
    let status = response.status().as_u16();
    match response.json::<ErrorBody>().await {
        Ok(body) => {
            // The server's message is English detail for its own log; only
            // the code travels further.
            tracing::debug!(status, code = ?body.code, "central server refused the request");
            SyncError::Refused {
                status,
                code: body.code,
            }
        }
        Err(_) => SyncError::Status { status },
    }
}
