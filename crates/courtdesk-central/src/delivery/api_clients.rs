//! The court's case system publishes deliveries as an API client: an
//! administrator creates one (`courtdesk-central api-client add`), which
//! prints a random bearer token once; the server keeps only its SHA-256.
//! Requests carry it as `Authorization: Bearer <token>`.

use std::sync::Arc;

use courtdesk_protocol::Digest;
use rand::Rng;
use rand::rngs::OsRng;

use crate::state::now_ms;
use crate::store::{self, ApiClient, CentralStore, StoreError};

/// What every token starts with, so one found in a file is recognizable.
const TOKEN_PREFIX: &str = "cdapi_";

/// Why an API client could not be added, found or revoked.
#[derive(Debug, thiserror::Error)]
pub enum ApiClientError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("a client name is 1 to 64 characters of a-z A-Z 0-9 . _ -, got {0:?}")]
    BadName(String),
    #[error("a court id is 1 to 64 visible characters, got {0:?}")]
    BadCourt(String),
    #[error("an API client named {0:?} exists already")]
    NameTaken(String),
    #[error("no API client is named {0:?}")]
    Unknown(String),
}

/// A token as created: shown once, never stored.
pub struct ApiToken(String);

impl ApiToken {
    pub fn reveal(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

/// The hash a token is stored and found under.
pub fn hash_token(token: &str) -> Digest {
    Digest::of(token.trim().as_bytes())
}

/// The API clients of one store.
#[derive(Debug, Clone)]
pub struct ApiClients {
    store: Arc<dyn CentralStore>,
}

impl ApiClients {
    pub fn open(settings: &crate::Settings) -> Result<ApiClients, StoreError> {
        Ok(ApiClients::new(store::open(&settings.database())?))
    }

    pub fn new(store: Arc<dyn CentralStore>) -> ApiClients {
        ApiClients { store }
    }

    /// Creates a client and its token (160 random bits).
    pub fn add(&self, name: &str, court_id: &str) -> Result<(ApiClient, ApiToken), ApiClientError> {
        let name = name.trim();
        crate::registry::check_name(court_id)
            .map_err(|_| ApiClientError::BadCourt(court_id.to_owned()))?;
        let fine = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if !fine {
            return Err(ApiClientError::BadName(name.to_owned()));
        }
        let secret: [u8; 20] = OsRng.r#gen();
        let token = format!(
            "{TOKEN_PREFIX}{}",
            secret
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let client = ApiClient {
            id: format!("{:032x}", OsRng.r#gen::<u128>()),
            name: name.to_owned(),
            token_hash: hash_token(&token),
            created_ms: now_ms(),
            revoked_ms: None,
            court_id: Some(court_id.to_owned()),
        };
        if !self.store.add_api_client(&client)? {
            return Err(ApiClientError::NameTaken(name.to_owned()));
        }
        Ok((client, ApiToken(token)))
    }

    pub fn list(&self) -> Result<Vec<ApiClient>, ApiClientError> {
        Ok(self.store.api_clients()?)
    }

    /// Refuses the client's token from now on.
    pub fn revoke(&self, name: &str) -> Result<(), ApiClientError> {
        if self.store.revoke_api_client(name.trim(), now_ms())? {
            Ok(())
        } else {
            Err(ApiClientError::Unknown(name.to_owned()))
        }
    }
}
