//! Site configuration at the server: every version of a site's
//! configuration, validated by `courtdesk-site`'s rules, chained by digest,
//! signed with the court key and kept; the commands and the terminals'
//! endpoint both go through [`SiteConfigs`].
//!
//! Architecture invariant: the rules live in `courtdesk-site`; this module
//! only reads what they need from the store ([`context`]), calls them, signs
//! and stores. A version is kept only when it follows the site's head: two
//! administrators who edited the same version race, one wins and the other
//! gets [`SiteError::Conflict`] with nothing written.

mod context;
pub(crate) mod routes;

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use courtdesk_site::{
    AccountId, Change, ImportError, Problem, SiteConfig, SiteConfigVersion, VersionError,
};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::delivery::{CourtKeyError, load_court_key};
use crate::identity::IdentityClock;
use crate::settings::Settings;
use crate::store::{self, CentralStore, SiteVersionWrite, StoreError, StoredSiteVersion};

/// A version with the court key's signature over its signing bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedSiteVersion {
    pub version: SiteConfigVersion,
    pub signature: Signature,
}

impl SignedSiteVersion {
    /// Base64 of the signature, as stored and sent.
    pub fn signature_base64(&self) -> String {
        STANDARD.encode(self.signature.to_bytes())
    }
}

/// Why a site's configuration was not kept or read.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("the configuration has {} problem(s)", .0.len())]
    Invalid(Vec<Problem>),
    #[error("the configuration is the same as version {0}; nothing was kept")]
    Unchanged(u64),
    #[error(
        "the site's current version is {}, not the one this change was made from ({}); read it again and redo the change",
        head.map_or_else(|| "none".to_owned(), |n| n.to_string()),
        edited.map_or_else(|| "none".to_owned(), |n| n.to_string())
    )]
    Conflict {
        head: Option<u64>,
        edited: Option<u64>,
    },
    #[error("the file is for {got}, not {expected}")]
    OtherSite { expected: String, got: String },
    #[error("{court}/{site} has no configuration yet")]
    NoConfiguration { court: String, site: String },
    #[error("{court}/{site} has no version {number}")]
    NoSuchVersion {
        court: String,
        site: String,
        number: u64,
    },
    #[error(
        "{court}/{site} already has a configuration (version {head}); the import is for a site's first version, use `site set` to change it"
    )]
    AlreadyConfigured {
        court: String,
        site: String,
        head: u64,
    },
    #[error("the file is not a site configuration: {0}")]
    Unreadable(String),
    #[error("{0:?} is not an account name (1 to 64 printable ASCII characters, no spaces)")]
    BadAccount(String),
    #[error("cannot import the terminal file")]
    Import(#[source] ImportError),
    #[error("the stored versions of {court}/{site} do not check out")]
    BrokenHistory {
        court: String,
        site: String,
        #[source]
        source: VersionError,
    },
    #[error("the stored version {number} is unreadable: {detail}")]
    Corrupt { number: u64, detail: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    CourtKey(#[from] CourtKeyError),
}

impl SiteError {
    /// Every problem a refused configuration has, each naming its field.
    pub fn problems(&self) -> &[Problem] {
        match self {
            SiteError::Invalid(problems) => problems,
            SiteError::Import(ImportError::Invalid(problems)) => problems,
            _ => &[],
        }
    }
}

/// The administrator's and the terminals' side of site configuration.
#[derive(Clone)]
pub struct SiteConfigs {
    store: Arc<dyn CentralStore>,
    key: Arc<SigningKey>,
    clock: IdentityClock,
}

impl std::fmt::Debug for SiteConfigs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SiteConfigs")
            .field("court_public_key", &self.key.verifying_key())
            .finish_non_exhaustive()
    }
}

impl SiteConfigs {
    /// Opens the store and the court key the settings name (the key is made
    /// on first use, as for evidence).
    pub fn open(settings: &Settings) -> Result<SiteConfigs, SiteError> {
        let store = store::open(&settings.database())?;
        SiteConfigs::new(settings, store)
    }

    pub(crate) fn new(
        settings: &Settings,
        store: Arc<dyn CentralStore>,
    ) -> Result<SiteConfigs, SiteError> {
        let key = load_court_key(&settings.court_key_file())?;
        Ok(SiteConfigs {
            store,
            key: Arc::new(key),
            clock: settings.identity.clock.clone(),
        })
    }

    /// The key every version's signature verifies with: the court key.
    pub fn public_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }

    /// Every version of the site, oldest first, its chain checked.
    pub fn history(&self, court: &str, site: &str) -> Result<Vec<SignedSiteVersion>, SiteError> {
        let versions = self
            .store
            .site_versions(court, site)?
            .iter()
            .map(parse)
            .collect::<Result<Vec<_>, _>>()?;
        let plain: Vec<SiteConfigVersion> = versions.iter().map(|v| v.version.clone()).collect();
        courtdesk_site::verify_chain(&plain).map_err(|source| SiteError::BrokenHistory {
            court: court.into(),
            site: site.into(),
            source,
        })?;
        Ok(versions)
    }

    /// The site's current version, if it has one.
    pub fn current(&self, court: &str, site: &str) -> Result<Option<SignedSiteVersion>, SiteError> {
        self.store
            .site_head(court, site)?
            .as_ref()
            .map(parse)
            .transpose()
    }

    /// Version `number` of the site, or its current one.
    pub fn version(
        &self,
        court: &str,
        site: &str,
        number: Option<u64>,
    ) -> Result<SignedSiteVersion, SiteError> {
        let found = match number {
            None => self.current(court, site)?,
            Some(number) => self
                .history(court, site)?
                .into_iter()
                .find(|v| v.version.number == number),
        };
        found.ok_or_else(|| match number {
            None => SiteError::NoConfiguration {
                court: court.into(),
                site: site.into(),
            },
            Some(number) => SiteError::NoSuchVersion {
                court: court.into(),
                site: site.into(),
                number,
            },
        })
    }

    /// What changed from version `from` to version `to`.
    pub fn diff(
        &self,
        court: &str,
        site: &str,
        from: u64,
        to: u64,
    ) -> Result<Vec<Change>, SiteError> {
        let history = self.history(court, site)?;
        let find = |number: u64| {
            history
                .iter()
                .find(|v| v.version.number == number)
                .ok_or_else(|| SiteError::NoSuchVersion {
                    court: court.into(),
                    site: site.into(),
                    number,
                })
        };
        Ok(courtdesk_site::diff(
            &find(from)?.version.config,
            &find(to)?.version.config,
        ))
    }

    /// Keeps `config` as the site's next version, made by `who` from version
    /// `edited` (what the administrator changed; `None` for a site's first).
    /// Refused with every problem when the configuration breaks a rule, and
    /// with a conflict when another version was kept since `edited`; nothing
    /// is written then.
    pub fn set(
        &self,
        config: SiteConfig,
        who: &AccountId,
        edited: Option<u64>,
    ) -> Result<SignedSiteVersion, SiteError> {
        let court = config.court_id.clone();
        let site = config.site_id.clone();
        let history = self.history(&court, &site)?;
        let head = history.last().map(|v| &v.version);
        if head.map(|h| h.number) != edited {
            return Err(SiteError::Conflict {
                head: head.map(|h| h.number),
                edited,
            });
        }
        let now_ms = self.clock.now_ms();
        let plain: Vec<SiteConfigVersion> = history.iter().map(|v| v.version.clone()).collect();
        let context = context::read(self.store.as_ref(), &config, &plain, now_ms)?;
        let version = courtdesk_site::next_version(head, config, who.clone(), now_ms, &context)
            .map_err(|error| match error {
                VersionError::Invalid(problems) => SiteError::Invalid(problems),
                VersionError::Unchanged(number) => SiteError::Unchanged(number),
                VersionError::OtherSite { expected, got } => SiteError::OtherSite { expected, got },
                other => SiteError::BrokenHistory {
                    court: court.clone(),
                    site: site.clone(),
                    source: other,
                },
            })?;
        let signed = SignedSiteVersion {
            signature: self.key.sign(&version.signing_bytes()),
            version,
        };
        let row = row_of(&signed)?;
        match self.store.add_site_version(&row)? {
            SiteVersionWrite::Kept => Ok(signed),
            SiteVersionWrite::Conflict { head } => Err(SiteError::Conflict { head, edited }),
        }
    }

    /// Imports a terminal's TOML file as the site's first version, keeping
    /// its letters and so today's numbering; `name` replaces the site's
    /// Chinese name, `utc_offset_minutes` the file's offset.
    pub fn import(
        &self,
        text: &str,
        court: &str,
        site: &str,
        name: Option<&str>,
        utc_offset_minutes: Option<i32>,
        who: &AccountId,
    ) -> Result<SignedSiteVersion, SiteError> {
        if let Some(head) = self.store.site_head(court, site)? {
            return Err(SiteError::AlreadyConfigured {
                court: court.into(),
                site: site.into(),
                head: head.number,
            });
        }
        let mut config =
            courtdesk_site::import_terminal_toml(text, court, site).map_err(SiteError::Import)?;
        if let Some(name) = name {
            config.name.zh_cn = name.to_owned();
        }
        if let Some(minutes) = utc_offset_minutes {
            config.utc_offset_minutes = minutes;
        }
        self.set(config, who, None)
    }
}

/// How a configuration file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SiteFileFormat {
    Json,
    Toml,
}

impl SiteFileFormat {
    /// TOML for a `.toml` file, JSON otherwise.
    pub fn of_path(path: &std::path::Path) -> SiteFileFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(ext) if ext.eq_ignore_ascii_case("toml") => SiteFileFormat::Toml,
            _ => SiteFileFormat::Json,
        }
    }
}

/// Reads a whole configuration from a file's text; unknown fields are
/// refused, with the reader's message naming the place.
pub fn read_config(text: &str, format: SiteFileFormat) -> Result<SiteConfig, SiteError> {
    match format {
        SiteFileFormat::Json => {
            serde_json::from_str(text).map_err(|e| SiteError::Unreadable(e.to_string()))
        }
        SiteFileFormat::Toml => {
            toml::from_str(text).map_err(|e| SiteError::Unreadable(e.to_string()))
        }
    }
}

/// The account a command-line change is recorded under: `cli:<user>`.
pub fn cli_account(user: &str) -> Result<AccountId, SiteError> {
    format!("cli:{user}")
        .parse()
        .map_err(|_| SiteError::BadAccount(format!("cli:{user}")))
}

/// The stored row of a signed version.
fn row_of(signed: &SignedSiteVersion) -> Result<StoredSiteVersion, SiteError> {
    let version = &signed.version;
    let version_json = serde_json::to_string(version).map_err(|error| SiteError::Corrupt {
        number: version.number,
        detail: error.to_string(),
    })?;
    Ok(StoredSiteVersion {
        court_id: version.config.court_id.clone(),
        site_id: version.config.site_id.clone(),
        number: version.number,
        parent_digest: version.parent_digest,
        digest: version.digest,
        version_json,
        signature: signed.signature_base64(),
        made_by: version.made_by.to_string(),
        made_ms: version.made_at_ms,
    })
}

/// A stored row as a signed version, checking that the row's columns say
/// what its JSON says.
fn parse(row: &StoredSiteVersion) -> Result<SignedSiteVersion, SiteError> {
    let corrupt = |detail: String| SiteError::Corrupt {
        number: row.number,
        detail,
    };
    let version: SiteConfigVersion =
        serde_json::from_str(&row.version_json).map_err(|e| corrupt(e.to_string()))?;
    if version.number != row.number
        || version.digest != row.digest
        || version.parent_digest != row.parent_digest
    {
        return Err(corrupt("its columns and its JSON disagree".into()));
    }
    let bytes = STANDARD
        .decode(&row.signature)
        .map_err(|e| corrupt(e.to_string()))?;
    let bytes: [u8; 64] = bytes
        .try_into()
        .map_err(|_| corrupt("the signature is not 64 bytes".into()))?;
    Ok(SignedSiteVersion {
        version,
        signature: Signature::from_bytes(&bytes),
    })
}
