//! The delivery, case, evidence, court-key and api-client commands.

use std::path::{Path, PathBuf};

use anyhow::Context;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use clap::Subcommand;
use courtdesk_central::{
    ApiClient, ApiClients, Deliveries, DeliveryError, DeliveryFilter, Publisher, Settings,
    StoredDelivery, load_court,
};
use courtdesk_evidence::{PublicKey, verify_bundle, verify_qr};
use courtdesk_protocol::cases::PutCaseRequest;
use courtdesk_protocol::delivery::{DocumentKind, PublishDocument, PublishRequest, ServiceMethod};
use ed25519_dalek::VerifyingKey;
use rand::Rng;

use super::say;

#[derive(Debug, Subcommand)]
pub(crate) enum DeliveryCommand {
    /// Publish documents to serve on a party on file.
    Publish {
        #[arg(long = "case")]
        case_number: String,
        #[arg(long)]
        resident_id: String,
        /// The party's phone number as on file.
        #[arg(long)]
        phone: String,
        /// A PDF to serve; repeat for more. Served under its file name.
        #[arg(long = "document", required = true)]
        documents: Vec<PathBuf>,
        #[arg(long)]
        title: String,
        /// summons, notice, judgment, mediation_agreement or other.
        #[arg(long, value_parser = parse_kind)]
        kind: DocumentKind,
        /// electronic or paper.
        #[arg(long, value_parser = parse_method)]
        method: ServiceMethod,
        /// The party consented to electronic service (required for
        /// electronic).
        #[arg(long)]
        consent: bool,
        /// RFC 3339, e.g. 2026-12-31T17:00:00+08:00.
        #[arg(long)]
        deadline: String,
        #[arg(long)]
        court: String,
        #[arg(long)]
        site: String,
        /// Makes running the same publication again harmless; random when
        /// unset.
        #[arg(long)]
        request_id: Option<String>,
    },
    /// List deliveries with their state, the party masked.
    List {
        #[arg(long = "case")]
        case_number: Option<String>,
    },
    /// Show one delivery, its documents and its evidence.
    Show { id: String },
    /// Write a delivery's evidence bundle (ZIP) for third parties.
    Export {
        id: String,
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum CaseCommand {
    /// Put a case with all its parties, from a JSON file shaped as the body
    /// of `POST /v1/cases`: `{"court_id": ..., "case_number": ...,
    /// "title": ..., "parties": [{"resident_id": ..., "phone": ...,
    /// "role": "plaintiff"}]}`. Every party must be on file at the court;
    /// putting a case again replaces its parties. Nothing is written when
    /// anything is refused.
    Put {
        #[arg(long)]
        file: PathBuf,
    },
    /// Show a case's parties as last put, and who put it (the clerk at a
    /// desk, or none for the case system and the command line).
    Show {
        #[arg(long)]
        court: String,
        #[arg(long = "case")]
        case_number: String,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum EvidenceCommand {
    /// Verify an evidence bundle; prints every finding, fails on any.
    Verify {
        bundle: PathBuf,
        /// The court's public key (base64); the data folder's court key
        /// when unset.
        #[arg(long)]
        court_key: Option<String>,
    },
    /// Verify the text of a receipt's QR code.
    VerifyQr {
        text: String,
        #[arg(long)]
        court_key: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub(crate) enum ApiClientCommand {
    /// Create a client for the court's case system; prints its bearer
    /// token once.
    Add {
        #[arg(long)]
        name: String,
        /// The one court the client acts for.
        #[arg(long)]
        court: String,
    },
    /// List the clients.
    List,
    /// Refuse a client's token from now on.
    Revoke { name: String },
}

fn parse_kind(text: &str) -> Result<DocumentKind, String> {
    DocumentKind::parse(text)
        .ok_or_else(|| "one of summons, notice, judgment, mediation_agreement, other".to_owned())
}

fn parse_method(text: &str) -> Result<ServiceMethod, String> {
    ServiceMethod::parse(text).ok_or_else(|| "electronic or paper".to_owned())
}

fn open(settings: &Settings) -> anyhow::Result<Deliveries> {
    Deliveries::open(settings).context("opening the deliveries")
}

/// What a refusal says on the command line: its code first.
fn explain(error: DeliveryError) -> anyhow::Error {
    match error {
        DeliveryError::Refused(refusal) => anyhow::anyhow!("refused: {refusal}"),
        other => anyhow::Error::new(other),
    }
}

pub(crate) fn case(settings: &Settings, command: CaseCommand) -> anyhow::Result<()> {
    match command {
        CaseCommand::Put { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let request: PutCaseRequest = serde_json::from_str(&text).with_context(|| {
                format!(
                    "{} is not a case as POST /v1/cases takes it (court_id, case_number, title, parties)",
                    file.display()
                )
            })?;
            let kept = open(settings)?
                .put_case(&Publisher::Admin, &request)
                .map_err(explain)?;
            say(&format!(
                "case {} of court {} put with {} parties",
                kept.case_number, kept.court_id, kept.parties
            ));
        }
        CaseCommand::Show { court, case_number } => {
            let parties = open(settings)?
                .case_parties(&court, &case_number)
                .map_err(explain)?;
            anyhow::ensure!(
                !parties.is_empty(),
                "no case {case_number} of court {court} is kept"
            );
            for (masked, party) in parties {
                say(&format!(
                    "{} {} title={} updated_ms={} put by {}",
                    masked.as_deref().unwrap_or("(no longer on file)"),
                    party.role.as_str(),
                    party.title,
                    party.updated_ms,
                    party.clerk.as_deref().map_or_else(
                        || "the case system or the command line".to_owned(),
                        |clerk| format!("clerk {clerk}")
                    )
                ));
            }
        }
    }
    Ok(())
}

pub(crate) fn delivery(settings: &Settings, command: DeliveryCommand) -> anyhow::Result<()> {
    let deliveries = open(settings)?;
    match command {
        DeliveryCommand::Publish {
            case_number,
            resident_id,
            phone,
            documents,
            title,
            kind,
            method,
            consent,
            deadline,
            court,
            site,
            request_id,
        } => {
            let mut files = Vec::with_capacity(documents.len());
            for path in &documents {
                let bytes =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                files.push(PublishDocument {
                    name,
                    content_base64: STANDARD.encode(bytes),
                });
            }
            let request = PublishRequest {
                request_id: request_id
                    .unwrap_or_else(|| format!("cli-{:032x}", rand::rngs::OsRng.r#gen::<u128>())),
                case_number,
                resident_id,
                phone,
                court_id: Some(court),
                site_id: Some(site),
                title,
                kind,
                method,
                consent_to_electronic: consent,
                deadline,
                documents: files,
            };
            let published = deliveries
                .publish(&Publisher::Admin, &request)
                .map_err(explain)?;
            say(&format!(
                "published {} state={} court={} site={}",
                published.delivery_id,
                published.state.as_str(),
                published.court_id,
                published.site_id
            ));
            for document in &published.documents {
                say(&format!(
                    "  {} sha256={} {} bytes",
                    document.name, document.sha256, document.size
                ));
            }
        }
        DeliveryCommand::List { case_number } => {
            let filter = DeliveryFilter {
                case_number: case_number.unwrap_or_default(),
                ..DeliveryFilter::default()
            };
            for delivery in deliveries.list(&filter).map_err(explain)? {
                say(&describe(&deliveries, &delivery));
            }
        }
        DeliveryCommand::Show { id } => {
            let delivery = deliveries
                .get(&id)
                .map_err(explain)?
                .with_context(|| format!("no delivery {id}"))?;
            say(&describe(&deliveries, &delivery));
            say(&format!(
                "  case={} kind={} method={} consent={} deadline_ms={}",
                delivery.case_number,
                delivery.kind.as_str(),
                delivery.method.as_str(),
                delivery.consent,
                delivery.deadline_ms
            ));
            say(&format!(
                "  published by {}{}",
                delivery.publisher,
                delivery
                    .clerk
                    .as_deref()
                    .map_or_else(String::new, |clerk| format!(", clerk {clerk}"))
            ));
            for document in &delivery.documents {
                say(&format!(
                    "  document {} sha256={} {} bytes",
                    document.name, document.sha256, document.size
                ));
            }
            for stored in deliveries.evidence(&id).map_err(explain)? {
                let record = stored.record.signed().record();
                let countersignature = stored.record.countersignature();
                say(&format!(
                    "  evidence {} {} terminal={} received_at_ms={} server_seq={}",
                    stored.seq,
                    record.event,
                    record.terminal_id,
                    countersignature.received_at_ms,
                    countersignature.server_seq
                ));
            }
        }
        DeliveryCommand::Export { id, out } => {
            let bundle = deliveries.export_bundle(&id).map_err(explain)?;
            std::fs::write(&out, &bundle).with_context(|| format!("writing {}", out.display()))?;
            say(&format!(
                "exported {id} to {} ({} bytes)",
                out.display(),
                bundle.len()
            ));
        }
    }
    Ok(())
}

fn describe(deliveries: &Deliveries, delivery: &StoredDelivery) -> String {
    format!(
        "{} {} case={} party={} {}/{} title={}",
        delivery.id,
        deliveries.state_of(delivery).as_str(),
        delivery.case_number,
        delivery.resident_id_masked,
        delivery.court_id,
        delivery.site_id,
        delivery.title
    )
}

/// The court key to verify with: given, or the data folder's (which must
/// exist: verifying never makes a key).
fn court_key(settings: &Settings, given: Option<String>) -> anyhow::Result<VerifyingKey> {
    if let Some(text) = given {
        return Ok(PublicKey::from_base64(text.trim())
            .context("the --court-key is not a base64 Ed25519 public key")?
            .0);
    }
    let path = settings.court_key_file();
    anyhow::ensure!(
        path.exists(),
        "no court key at {}; pass the court's public key with --court-key",
        path.display()
    );
    Ok(load_court(&path)
        .with_context(|| format!("reading the court key {}", path.display()))?
        .public_key())
}

pub(crate) fn evidence(settings: &Settings, command: EvidenceCommand) -> anyhow::Result<()> {
    match command {
        EvidenceCommand::Verify {
            bundle,
            court_key: given,
        } => {
            let key = court_key(settings, given)?;
            let bytes = read(&bundle)?;
            match verify_bundle(&bytes, &key) {
                Ok(verified) => {
                    say(&format!(
                        "OK: delivery {} with {} documents and {} records",
                        verified.delivery_id,
                        verified.documents.len(),
                        verified.records.len()
                    ));
                    for record in &verified.records {
                        say(&format!(
                            "  {} {} terminal={} received_at_ms={} server_seq={}",
                            record.seq,
                            record.event,
                            record.terminal_id,
                            record.received_at_ms,
                            record.server_seq
                        ));
                    }
                    Ok(())
                }
                Err(findings) => {
                    for finding in &findings {
                        say(&format!(
                            "{} {}: {finding}",
                            finding.code(),
                            finding.subject().unwrap_or("-")
                        ));
                    }
                    anyhow::bail!(
                        "{} does not verify: {} findings",
                        bundle.display(),
                        findings.len()
                    )
                }
            }
        }
        EvidenceCommand::VerifyQr {
            text,
            court_key: given,
        } => {
            let key = court_key(settings, given)?;
            match verify_qr(&text, &key) {
                Ok(evidence) => {
                    say(&format!(
                        "OK: evidence {} received_at_ms={} server_seq={}",
                        evidence.evidence_sha256, evidence.received_at_ms, evidence.server_seq
                    ));
                    Ok(())
                }
                Err(error) => anyhow::bail!("{}: {error}", error.code()),
            }
        }
    }
}

fn read(path: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("reading {}", path.display()))
}

pub(crate) fn print_court_key(settings: &Settings) -> anyhow::Result<()> {
    let path = settings.court_key_file();
    let court = load_court(&path).with_context(|| format!("the court key {}", path.display()))?;
    say(&PublicKey(court.public_key()).to_base64());
    Ok(())
}

pub(crate) fn api_client(settings: &Settings, command: ApiClientCommand) -> anyhow::Result<()> {
    let clients = ApiClients::open(settings).context("opening the database")?;
    match command {
        ApiClientCommand::Add { name, court } => {
            let (client, token) = clients
                .add(&name, &court)
                .context("creating the API client")?;
            say(&format!(
                "API client {} created; its bearer token (shown once):\n{}",
                client.name,
                token.reveal()
            ));
        }
        ApiClientCommand::List => {
            for client in clients.list().context("listing the API clients")? {
                say(&describe_client(&client));
            }
        }
        ApiClientCommand::Revoke { name } => {
            clients
                .revoke(&name)
                .with_context(|| format!("revoking {name}"))?;
            say(&format!("revoked {name}"));
        }
    }
    Ok(())
}

fn describe_client(client: &ApiClient) -> String {
    let state = if client.revoked_ms.is_some() {
        "REVOKED"
    } else {
        "active"
    };
    let court = client
        .court_id
        .as_deref()
        .unwrap_or("ANY (made before clients named a court: re-issue it with --court)");
    format!(
        "{} {} court={court} created_ms={} {state}",
        client.name, client.id, client.created_ms
    )
}
