//! Electronic delivery at a kiosk: what waits at the site and for one
//! identified party, the documents by their SHA-256, and evidence records
//! sent for the court's countersignature; also the identified party's
//! cases, asked with the same proof. Refusals carry the delivery
//! endpoints' own codes ([`DeliveryError::Refused`]).

use courtdesk_protocol::Digest;
use courtdesk_protocol::cases::{self, CaseKept, PartyCaseList, PutCaseRequest};
use courtdesk_protocol::delivery::{
    DeliveryErrorBody, DeliveryErrorCode, DeskDeliveries, EvidenceReceipt, EvidenceSubmission,
    PaperPackage, PartyProof, PublishRequest, Published, SiteDeliveries, WaitingDeliveries, paths,
};
use reqwest::{Method, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{Central, SyncError};

const JSON: &str = "application/json";

/// Why a delivery request did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("the server refused the delivery request with HTTP {status} ({code:?})")]
    Refused {
        status: u16,
        code: DeliveryErrorCode,
    },
    #[error("the document's bytes do not hash to the SHA-256 asked for")]
    DocumentMismatch,
    #[error(transparent)]
    Sync(#[from] SyncError),
}

impl DeliveryError {
    /// Whether the same request may succeed later without anyone acting
    /// (the server unreachable, busy or failing).
    pub fn is_retryable(&self) -> bool {
        match self {
            DeliveryError::Sync(error) => error.is_retryable(),
            DeliveryError::Refused { status, .. } => *status == 429 || *status >= 500,
            DeliveryError::DocumentMismatch => true,
        }
    }
}

async fn refused(response: Response) -> DeliveryError {
    let status = response.status().as_u16();
    match response.json::<DeliveryErrorBody>().await {
        Ok(body) => {
            tracing::debug!(status, code = ?body.code, "central server refused a delivery request");
            DeliveryError::Refused {
                status,
                code: body.code,
            }
        }
        Err(_) => SyncError::Status { status }.into(),
    }
}

async fn answer<T: DeserializeOwned>(response: Response) -> Result<T, DeliveryError> {
    if response.status().is_success() {
        return Ok(response.json().await.map_err(SyncError::Decode)?);
    }
    Err(refused(response).await)
}

impl Central {
    async fn delivery_post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, DeliveryError> {
        let body = serde_json::to_vec(body).map_err(|_| SyncError::IncompleteAnswer)?;
        let response = self
            .signed_response(Method::POST, path.to_owned(), body, JSON)
            .await?;
        answer(response).await
    }

    /// The deliveries waiting for service at this kiosk's site.
    pub async fn site_deliveries(&self) -> Result<SiteDeliveries, DeliveryError> {
        let response = self
            .signed_response(Method::GET, paths::SITE.to_owned(), Vec::new(), JSON)
            .await?;
        answer(response).await
    }

    /// What waits for the party identified at this kiosk by `proof`.
    pub async fn waiting_deliveries(
        &self,
        proof: &PartyProof,
    ) -> Result<WaitingDeliveries, DeliveryError> {
        self.delivery_post(paths::WAITING, proof).await
    }

    /// The cases at this kiosk's court of the party identified here by
    /// `proof`.
    pub async fn party_cases(&self, proof: &PartyProof) -> Result<PartyCaseList, DeliveryError> {
        self.delivery_post(cases::paths::PARTY, proof).await
    }

    /// Puts a case and its parties from a staff desk (its own court).
    pub async fn put_case(&self, request: &PutCaseRequest) -> Result<CaseKept, DeliveryError> {
        self.delivery_post(cases::paths::PUT, request).await
    }

    /// A document by its SHA-256, the bytes checked against it before they
    /// are handed back: at a kiosk, of a delivery for the party `proof`
    /// names (the server serves a kiosk nothing else); at a desk (no proof),
    /// of the site's deliveries, for the signed-in clerk.
    pub async fn delivery_document(
        &self,
        sha256: &Digest,
        proof: Option<&PartyProof>,
    ) -> Result<Vec<u8>, DeliveryError> {
        let (method, body) = match proof {
            Some(proof) => (
                Method::POST,
                serde_json::to_vec(proof).map_err(|_| SyncError::IncompleteAnswer)?,
            ),
            None => (Method::GET, Vec::new()),
        };
        let response = self
            .signed_response(method, paths::document(sha256), body, JSON)
            .await?;
        if !response.status().is_success() {
            return Err(refused(response).await);
        }
        let bytes = response.bytes().await.map_err(SyncError::Decode)?;
        if Digest::of(&bytes) != *sha256 {
            return Err(DeliveryError::DocumentMismatch);
        }
        Ok(bytes.to_vec())
    }

    /// Sends a signed evidence record; the answer carries the court's
    /// countersignature. Sent again, the server answers with the same one
    /// (`duplicate`).
    pub async fn submit_evidence(
        &self,
        submission: &EvidenceSubmission,
    ) -> Result<EvidenceReceipt, DeliveryError> {
        self.delivery_post(paths::EVIDENCE, submission).await
    }

    /// Publishes a delivery from a staff desk (its own court and site).
    /// Sent again with the same `request_id`, the server answers with the
    /// delivery it made the first time.
    pub async fn publish_delivery(
        &self,
        request: &PublishRequest,
    ) -> Result<Published, DeliveryError> {
        self.delivery_post(paths::PUBLISH, request).await
    }

    /// A staff desk's site's deliveries and their states.
    pub async fn desk_deliveries(&self) -> Result<DeskDeliveries, DeliveryError> {
        let response = self
            .signed_response(Method::GET, paths::DESK.to_owned(), Vec::new(), JSON)
            .await?;
        answer(response).await
    }

    /// The paper-service package of a delivery of the desk's site: the
    /// cover sheet, then the documents.
    pub async fn paper_package(&self, delivery_id: &str) -> Result<PaperPackage, DeliveryError> {
        let response = self
            .signed_response(Method::GET, paths::paper(delivery_id), Vec::new(), JSON)
            .await?;
        answer(response).await
    }
}
