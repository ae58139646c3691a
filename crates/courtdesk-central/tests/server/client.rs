//! A small signed client for the tests: starts a server, enrolls terminals,
//! builds chained batches and signs every request as a terminal would.

use std::time::{SystemTime, UNIX_EPOCH};

use courtdesk_central::{
    AdminError, ChainReport, NewStaffAccount, RateLimit, Running, Settings, TerminalStanding,
    launch,
};
use courtdesk_core::{Mode, TerminalId};
use courtdesk_identity::staff::Role;
use courtdesk_protocol::api::{EnrollRequest, PushRequest, paths};
use courtdesk_protocol::auth::{
    HEADER_NONCE, HEADER_SESSION, HEADER_SIGNATURE, HEADER_TERMINAL, HEADER_TIMESTAMP, SignedParts,
    encode_public_key,
};
use courtdesk_protocol::chain::{AuditEntry, ChainHead};
use courtdesk_protocol::hlc::Hlc;
use courtdesk_protocol::record::{Record, RecordId};
use ed25519_dalek::SigningKey;
use rand::Rng;
use rand::rngs::OsRng;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::backend::{Backend, Home, blocking};

pub(crate) struct Server {
    pub(crate) running: Running,
    pub(crate) home: Home,
    pub(crate) base: String,
    pub(crate) http: reqwest::Client,
    stop: oneshot::Sender<()>,
}

pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_millis() as u64
}

pub(crate) async fn start(backend: Backend) -> Server {
    start_with(backend, |_| {}).await
}

pub(crate) async fn start_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Server {
    start_in(Home::new(backend), adjust).await
}

/// Starts a server on an existing data folder and database (to test
/// restarts).
pub(crate) async fn start_in(home: Home, adjust: impl FnOnce(&mut Settings)) -> Server {
    let mut settings = Settings::new(home.dir.path());
    settings.database = Some(home.database.choice());
    // Generous by default so only the rate-limit test meets the limit.
    settings.rate_limit = RateLimit {
        per_second: 1000.0,
        burst: 1000,
    };
    settings.enroll_rate_limit = settings.rate_limit;
    adjust(&mut settings);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a free port");
    let (stop, stopped) = oneshot::channel::<()>();
    let running = launch(settings, listener, async {
        let _ = stopped.await;
    })
    .await
    .expect("the server starts");
    let certificate =
        reqwest::Certificate::from_pem(running.cert_pem().as_bytes()).expect("the cert is PEM");
    let http = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(certificate)
        .build()
        .expect("an HTTPS client");
    let base = format!("https://127.0.0.1:{}", running.local_addr().port());
    Server {
        running,
        home,
        base,
        http,
        stop,
    }
}

impl Server {
    /// Stops the server and hands back its data folder and database.
    pub(crate) async fn stop(self) -> Home {
        let _ = self.stop.send(());
        self.running.finished().await.expect("a clean shutdown");
        self.home
    }

    /// A staff desk's enrollment code.
    pub(crate) fn code(&self, court: &str, site: &str) -> String {
        self.code_for(court, site, Mode::Staff)
    }

    pub(crate) fn code_for(&self, court: &str, site: &str, mode: Mode) -> String {
        blocking(|| {
            self.running
                .registry()
                .create_enrollment_code(court, site, mode)
                .expect("a code")
                .reveal()
                .to_owned()
        })
    }

    /// The administrator's side of the running server.
    pub(crate) fn registry(&self) -> Admin<'_> {
        Admin(self.running.registry())
    }

    pub(crate) async fn try_enroll(
        &self,
        code: &str,
        id: &TerminalId,
        key: &SigningKey,
    ) -> (StatusCode, Value) {
        self.try_enroll_as(code, id, key, Mode::Staff).await
    }

    pub(crate) async fn try_enroll_as(
        &self,
        code: &str,
        id: &TerminalId,
        key: &SigningKey,
        mode: Mode,
    ) -> (StatusCode, Value) {
        let request = EnrollRequest {
            code: code.to_owned(),
            terminal_id: id.clone(),
            mode,
            public_key: encode_public_key(&key.verifying_key()),
        };
        let response = self
            .http
            .post(format!("{}{}", self.base, paths::ENROLL))
            .json(&request)
            .send()
            .await
            .expect("the server answers");
        read(response).await
    }

    pub(crate) async fn enroll(&self, court: &str, site: &str) -> Terminal {
        self.enroll_as(court, site, Mode::Staff).await
    }

    /// Registers a card reader at `kiosk`, as an administrator does with
    /// `courtdesk-central card-reader <id> on`.
    pub(crate) fn register_card_reader(&self, kiosk: &Terminal) {
        crate::backend::blocking(|| {
            self.running
                .registry()
                .set_card_reader(&kiosk.id, true)
                .expect("registered")
        });
    }

    /// A kiosk with a card reader registered.
    pub(crate) async fn kiosk_with_reader(&self, court: &str, site: &str) -> Terminal {
        let kiosk = self.enroll_as(court, site, Mode::Kiosk).await;
        self.register_card_reader(&kiosk);
        kiosk
    }

    pub(crate) async fn enroll_as(&self, court: &str, site: &str, mode: Mode) -> Terminal {
        let code = self.code_for(court, site, mode);
        let id = TerminalId::from_bits(OsRng.r#gen());
        let key = SigningKey::generate(&mut OsRng);
        let (status, body) = self.try_enroll_as(&code, &id, &key, mode).await;
        assert_eq!(status, StatusCode::OK, "enrollment: {body}");
        Terminal {
            id,
            key,
            http: self.http.clone(),
            base: self.base.clone(),
            head: ChainHead::EMPTY,
            session: None,
        }
    }

    /// A staff desk with a clerk signed in with the server: a new clerk
    /// account named after the desk, and its session on every request.
    pub(crate) async fn desk(&self, court: &str, site: &str) -> Terminal {
        let mut desk = self.enroll_as(court, site, Mode::Staff).await;
        let username = format!("clerk.{}", &desk.id.as_str()[..12]);
        self.add_staff(&username, Role::Clerk);
        desk.session = Some(sign_in_session(&desk, &username).await);
        desk
    }

    /// A staff account with [`STAFF_PASSWORD`].
    pub(crate) fn add_staff(&self, username: &str, role: Role) {
        blocking(|| {
            self.running
                .staff_accounts()
                .add(&NewStaffAccount {
                    username: username.to_owned(),
                    display_name: "窗口".to_owned(),
                    role,
                    password: STAFF_PASSWORD.to_owned(),
                })
                .expect("the account is created")
        });
    }

    pub(crate) async fn raw(
        &self,
        method: Method,
        path: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the server answers");
        read(response).await
    }
}

pub(crate) async fn read(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().expect("ascii").to_owned());
    let text = response.text().await.expect("a body");
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|_| panic!("a JSON body ({content_type:?}), got {text:?}"));
    (status, body)
}

pub(crate) struct Terminal {
    pub(crate) id: TerminalId,
    pub(crate) key: SigningKey,
    pub(crate) http: reqwest::Client,
    pub(crate) base: String,
    /// The local chain head, advanced by [`Terminal::batch`].
    pub(crate) head: ChainHead,
    /// A desk's clerk session, sent with every request while set.
    pub(crate) session: Option<String>,
}

/// The password of the accounts [`Server::add_staff`] makes.
pub(crate) const STAFF_PASSWORD: &str = "Window-Seven-2026";

/// Signs `username` in at `desk` with [`STAFF_PASSWORD`]; the session token.
pub(crate) async fn sign_in_session(desk: &Terminal, username: &str) -> String {
    let body = serde_json::to_vec(&serde_json::json!({
        "username": username,
        "password": STAFF_PASSWORD,
    }))
    .expect("JSON");
    let (status, answer) = desk.send(Method::POST, paths::STAFF_SIGN_IN, body).await;
    assert_eq!(status, StatusCode::OK, "sign-in: {answer}");
    answer["session"].as_str().expect("a session").to_owned()
}

/// A request's signature headers, kept so a test can replay or alter them.
#[derive(Clone)]
pub(crate) struct Signed {
    pub(crate) terminal: String,
    pub(crate) timestamp_ms: u64,
    pub(crate) nonce: String,
    pub(crate) signature: String,
}

pub(crate) fn record(n: u64, body: Value) -> Record {
    Record {
        id: RecordId::from_bits(OsRng.r#gen()),
        kind: courtdesk_protocol::rights::TERMINAL_STATUS.into(),
        hlc: Hlc {
            wall_ms: now_ms(),
            counter: n as u32,
        },
        body,
    }
}

pub(crate) fn fresh_nonce() -> String {
    format!("{:032x}", OsRng.r#gen::<u128>())
}

impl Terminal {
    /// Chains `records` after the local head and advances it.
    pub(crate) fn batch(&mut self, records: Vec<Record>) -> PushRequest {
        let audit = records
            .iter()
            .map(|r| {
                let entry = AuditEntry::append(self.head, r);
                self.head = entry.head();
                entry
            })
            .collect();
        PushRequest { records, audit }
    }

    pub(crate) fn sign(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        timestamp_ms: u64,
        key: &SigningKey,
    ) -> Signed {
        let nonce = fresh_nonce();
        let signature = SignedParts {
            method,
            path_and_query: path,
            terminal: &self.id,
            timestamp_ms,
            nonce: &nonce,
            body,
        }
        .sign(key);
        Signed {
            terminal: self.id.to_string(),
            timestamp_ms,
            nonce,
            signature,
        }
    }

    pub(crate) async fn send_signed(
        &self,
        method: Method,
        path: &str,
        body: Vec<u8>,
        signed: &Signed,
    ) -> (StatusCode, Value) {
        let response = self
            .http
            .request(method, format!("{}{}", self.base, path))
            .header("content-type", "application/json")
            .header(HEADER_TERMINAL, &signed.terminal)
            .header(HEADER_TIMESTAMP, signed.timestamp_ms.to_string())
            .header(HEADER_NONCE, &signed.nonce)
            .header(HEADER_SIGNATURE, &signed.signature);
        let response = match &self.session {
            Some(token) => response.header(HEADER_SESSION, token),
            None => response,
        }
        .body(body)
        .send()
        .await
        .expect("the server answers");
        read(response).await
    }

    pub(crate) async fn send(
        &self,
        method: Method,
        path: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let signed = self.sign(method.as_str(), path, &body, now_ms(), &self.key);
        self.send_signed(method, path, body, &signed).await
    }

    pub(crate) async fn push(&self, batch: &PushRequest) -> (StatusCode, Value) {
        let body = serde_json::to_vec(batch).expect("serializable");
        self.send(Method::POST, paths::PUSH, body).await
    }

    pub(crate) async fn pull(&self, after: u64, limit: usize) -> (StatusCode, Value) {
        let path = format!("{}?after={after}&limit={limit}", paths::PULL);
        self.send(Method::GET, &path, Vec::new()).await
    }

    /// The record ids a pull from the start returns, asserting it succeeds.
    pub(crate) async fn pulled_ids(&self) -> Vec<String> {
        let (status, body) = self.pull(0, 1000).await;
        assert_eq!(status, StatusCode::OK, "pull: {body}");
        body["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| c["record"]["id"].as_str().expect("id").to_owned())
            .collect()
    }
}

/// The registry's calls block on the store, so each runs outside the test's
/// async context.
pub(crate) struct Admin<'a>(&'a courtdesk_central::Registry);

impl Admin<'_> {
    pub(crate) fn terminal(&self, id: &TerminalId) -> Result<TerminalStanding, AdminError> {
        blocking(|| self.0.terminal(id))
    }

    pub(crate) fn revoke(&self, id: &TerminalId) -> Result<(), AdminError> {
        blocking(|| self.0.revoke(id))
    }

    pub(crate) fn terminals(&self) -> Result<Vec<TerminalStanding>, AdminError> {
        blocking(|| self.0.terminals())
    }

    pub(crate) fn verify_chain(&self, id: &TerminalId) -> Result<ChainReport, AdminError> {
        blocking(|| self.0.verify_chain(id))
    }

    pub(crate) fn export(&self, out: &mut Vec<u8>) -> Result<u64, AdminError> {
        blocking(|| self.0.export(out))
    }
}

pub(crate) fn code_of(body: &Value) -> &str {
    body["code"].as_str().unwrap_or("<no code>")
}
