//! The parties the court knows, as the administrator (or the court's case
//! system) puts them on file: add, list, remove. Blocking, like the store.

use std::fmt;
use std::sync::Arc;

use courtdesk_identity::{PhoneNumber, PhoneNumberError, ResidentId, ResidentIdError};
use rand::Rng;
use rand::rngs::OsRng;

use super::clock::IdentityClock;
use super::keys::{IdentityKeyError, IdentityKeys};
use crate::registry::check_name;
use crate::settings::Settings;
use crate::store::{self, CentralStore, PartyOnFile, PartySite, StoreError};

/// The longest display name, in characters.
const MAX_NAME_CHARS: usize = 64;

/// Why a party could not be added, found or removed.
///
/// No variant carries an ID number or a phone number.
#[derive(Debug, thiserror::Error)]
pub enum PartyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] IdentityKeyError),
    #[error("the resident ID number is not valid")]
    ResidentId(#[source] ResidentIdError),
    #[error("the phone number is not valid")]
    Phone(#[source] PhoneNumberError),
    #[error("a display name is 1 to {MAX_NAME_CHARS} characters without control characters")]
    BadDisplayName,
    #[error("a court or site id is 1 to 64 visible characters, got {0:?}")]
    BadName(String),
    #[error("a party needs at least one site")]
    NoSite,
    #[error("a party with this resident ID number is already on file as {0}")]
    AlreadyOnFile(String),
    #[error("no such party is on file")]
    NotOnFile,
    #[error("a postal address is 1 to {MAX_ADDRESS_CHARS} characters without control characters")]
    BadAddress,
}

/// The longest postal address, in characters.
const MAX_ADDRESS_CHARS: usize = 200;

/// A party to put on file, as typed by the administrator.
///
/// `Debug` hides the number, the phone and the name.
#[derive(Clone)]
pub struct NewParty {
    pub resident_id: String,
    pub phone: String,
    pub display_name: String,
    pub court_id: String,
    /// The sites of `court_id` whose kiosks may send this party codes.
    pub site_ids: Vec<String>,
}

impl fmt::Debug for NewParty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewParty")
            .field("court_id", &self.court_id)
            .field("site_ids", &self.site_ids)
            .finish_non_exhaustive()
    }
}

/// The parties on file of one store.
#[derive(Debug, Clone)]
pub struct Parties {
    store: Arc<dyn CentralStore>,
    keys: Arc<IdentityKeys>,
    clock: IdentityClock,
}

fn display_name(text: &str) -> Result<String, PartyError> {
    let name = text.trim();
    let count = name.chars().count();
    if count == 0 || count > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(PartyError::BadDisplayName);
    }
    Ok(name.to_owned())
}

fn postal_address(text: &str) -> Result<&str, PartyError> {
    let address = text.trim();
    let count = address.chars().count();
    if count == 0 || count > MAX_ADDRESS_CHARS || address.chars().any(char::is_control) {
        return Err(PartyError::BadAddress);
    }
    Ok(address)
}

impl Parties {
    /// Opens the store and the identity key the settings name.
    pub fn open(settings: &Settings) -> Result<Parties, PartyError> {
        let store = store::open(&settings.database())?;
        let keys = super::open_keys(settings, store.as_ref())?;
        Ok(Parties::new(store, keys, settings.identity.clock.clone()))
    }

    pub(crate) fn new(
        store: Arc<dyn CentralStore>,
        keys: Arc<IdentityKeys>,
        clock: IdentityClock,
    ) -> Parties {
        Parties { store, keys, clock }
    }

    fn parse_resident_id(&self, text: &str) -> Result<ResidentId, PartyError> {
        ResidentId::parse(text, self.clock.today()).map_err(PartyError::ResidentId)
    }

    /// Checks and stores a party; only the keyed hash, the sealed phone and
    /// the masked forms reach the database.
    pub fn add(&self, party: &NewParty) -> Result<PartyOnFile, PartyError> {
        let resident_id = self.parse_resident_id(&party.resident_id)?;
        let phone = PhoneNumber::parse(&party.phone).map_err(PartyError::Phone)?;
        let display_name = display_name(&party.display_name)?;
        check_name(&party.court_id).map_err(|_| PartyError::BadName(party.court_id.clone()))?;
        if party.site_ids.is_empty() {
            return Err(PartyError::NoSite);
        }
        let mut sites = Vec::with_capacity(party.site_ids.len());
        for site in &party.site_ids {
            check_name(site).map_err(|_| PartyError::BadName(site.clone()))?;
            sites.push(PartySite {
                court_id: party.court_id.clone(),
                site_id: site.clone(),
            });
        }
        sites.sort();
        sites.dedup();
        let id = format!("{:032x}", OsRng.r#gen::<u128>());
        let row = PartyOnFile {
            resident_id_lookup: self.keys.resident_id_lookup(&resident_id),
            resident_id_masked: resident_id.masked(),
            phone_sealed: self.keys.seal_phone(&id, &phone),
            phone_masked: phone.masked(),
            display_name,
            sites,
            created_ms: self.clock.now_ms(),
            id,
        };
        if self.store.add_party(&row)? {
            Ok(row)
        } else {
            let existing = self
                .store
                .party_by_lookup(&row.resident_id_lookup)?
                .map_or_else(String::new, |p| p.id);
            Err(PartyError::AlreadyOnFile(existing))
        }
    }

    /// [`Parties::add`] with a postal address for paper service, checked
    /// before anything is stored.
    pub fn add_with_address(
        &self,
        party: &NewParty,
        address: Option<&str>,
    ) -> Result<PartyOnFile, PartyError> {
        if let Some(address) = address {
            postal_address(address)?;
        }
        let row = self.add(party)?;
        if let Some(address) = address {
            self.set_address(&row.id, address)?;
        }
        Ok(row)
    }

    /// Sets the postal address paper service is sent to (sealed under the
    /// identity key, like the phone).
    pub fn set_address(&self, party_id: &str, address: &str) -> Result<(), PartyError> {
        let address = postal_address(address)?;
        let sealed = self.keys.seal_address(party_id, address);
        if self.store.set_party_address(party_id, &sealed)? {
            Ok(())
        } else {
            Err(PartyError::NotOnFile)
        }
    }

    /// Every party on file, oldest first.
    pub fn list(&self) -> Result<Vec<PartyOnFile>, PartyError> {
        Ok(self.store.parties()?)
    }

    /// The party on file under a resident ID number, wherever its sites.
    pub fn find(&self, resident_id: &str) -> Result<Option<PartyOnFile>, PartyError> {
        let resident_id = self.parse_resident_id(resident_id)?;
        Ok(self
            .store
            .party_by_lookup(&self.keys.resident_id_lookup(&resident_id))?)
    }

    /// Removes a party by its id.
    pub fn remove(&self, id: &str) -> Result<(), PartyError> {
        if self.store.remove_party(id)? {
            Ok(())
        } else {
            Err(PartyError::NotOnFile)
        }
    }

    /// Removes the party on file under a resident ID number; returns it.
    pub fn remove_by_resident_id(&self, resident_id: &str) -> Result<PartyOnFile, PartyError> {
        let party = self.find(resident_id)?.ok_or(PartyError::NotOnFile)?;
        self.remove(&party.id)?;
        Ok(party)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_are_trimmed_and_bounded() {
        assert_eq!(display_name("  张三 ").ok().as_deref(), Some("张三"));
        assert!(display_name("").is_err());
        assert!(display_name("张\n三").is_err());
        assert!(display_name(&"名".repeat(65)).is_err());
        assert!(display_name(&"名".repeat(64)).is_ok());
    }

    #[test]
    fn debug_of_a_new_party_shows_no_personal_data() {
        let party = NewParty {
            resident_id: "11010519491231002X".into(),
            phone: "13812345678".into(),
            display_name: "张三".into(),
            court_id: "court-1".into(),
            site_ids: vec!["hall-a".into()],
        };
        let shown = format!("{party:?}");
        for secret in ["11010519491231002X", "13812345678", "张三"] {
            assert!(!shown.contains(secret), "{shown}");
        }
    }
}
