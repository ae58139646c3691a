//! The server's identity key: one 256-bit secret in a file beside the TLS
//! identity, generated on first use, from which the keys that protect
//! personal data in the database are derived.
//!
//! - resident ID lookups: HMAC-SHA256 of the 18-character number. A plain
//!   hash would not do: there are only about 10^9 plausible numbers (region,
//!   birth date, sequence), so a copied database could be reversed offline;
//!   without the key it cannot.
//! - phone numbers: AES-256-GCM with a random nonce, the party's id as
//!   associated data, so a sealed phone copied onto another party's row
//!   does not open.
//! - party references: an HMAC over party, terminal and expiry.
//!
//! The key must be backed up with the database and shared by every server
//! of one database: without it nobody on file can be found. A check value
//! derived from it is recorded in the database, and a server holding another
//! key refuses to start rather than finding nobody.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use courtdesk_identity::{PhoneNumber, ResidentId};
use rand::RngCore;
use rand::rngs::OsRng;
use ring::{aead, hmac};

const SECRET_BYTES: usize = 32;
const NONCE_BYTES: usize = 12;

/// Why the identity key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IdentityKeyError {
    #[error("cannot read or write the identity key {path}")]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0} is not an identity key (64 hexadecimal digits)")]
    Malformed(PathBuf),
    #[error(
        "the database was set up with another identity key than {0}; restore the key \
         that belongs to this database (parties on file cannot be found without it)"
    )]
    Mismatch(PathBuf),
    #[error("cannot record the identity key's check value")]
    Store(#[from] crate::store::StoreError),
}

/// A sealed phone number that does not open: altered, moved to another
/// party's row, or sealed under another key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a stored phone number does not open with the identity key")]
pub(crate) struct Unsealable;

/// The keys derived from the identity key.
pub(crate) struct IdentityKeys {
    path: PathBuf,
    lookup: hmac::Key,
    phone: aead::LessSafeKey,
    party_ref: hmac::Key,
    check: String,
}

impl fmt::Debug for IdentityKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IdentityKeys")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl IdentityKeys {
    /// Reads the key at `path`, generating it (mode 0600) when there is none.
    pub(crate) fn load_or_generate(path: &Path) -> Result<IdentityKeys, IdentityKeyError> {
        let file_error = |source| IdentityKeyError::File {
            path: path.to_path_buf(),
            source,
        };
        let text = read_or_generate(path).map_err(file_error)?;
        let secret = parse_hex(text.trim())
            .filter(|bytes| bytes.len() == SECRET_BYTES)
            .ok_or_else(|| IdentityKeyError::Malformed(path.to_path_buf()))?;
        Ok(IdentityKeys::derive(path, &secret))
    }

    fn derive(path: &Path, secret: &[u8]) -> IdentityKeys {
        let master = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let sub = |label: &str| hmac::sign(&master, label.as_bytes());
        let phone = sub("courtdesk/phone-seal/v1");
        let phone = aead::UnboundKey::new(&aead::AES_256_GCM, phone.as_ref())
            .map(aead::LessSafeKey::new)
            // AES-256 takes exactly the 32 bytes HMAC-SHA256 gives.
            .unwrap_or_else(|_| unreachable!("an HMAC-SHA256 tag is an AES-256 key"));
        IdentityKeys {
            path: path.to_path_buf(),
            lookup: hmac::Key::new(
                hmac::HMAC_SHA256,
                sub("courtdesk/resident-id-lookup/v1").as_ref(),
            ),
            phone,
            party_ref: hmac::Key::new(hmac::HMAC_SHA256, sub("courtdesk/party-ref/v1").as_ref()),
            check: hex(sub("courtdesk/key-check/v1").as_ref()),
        }
    }

    /// Records the key's check value in the database on first use, and
    /// refuses a database set up with another key.
    pub(crate) fn check_against(
        &self,
        store: &dyn crate::store::CentralStore,
    ) -> Result<(), IdentityKeyError> {
        if store.check_identity_key(&self.check)? {
            Ok(())
        } else {
            Err(IdentityKeyError::Mismatch(self.path.clone()))
        }
    }

    /// The lookup hash of an ID number, lowercase hex.
    pub(crate) fn resident_id_lookup(&self, id: &ResidentId) -> String {
        hex(hmac::sign(&self.lookup, id.expose().as_bytes()).as_ref())
    }

    /// Seals a phone number for the row of `party_id`.
    pub(crate) fn seal_phone(&self, party_id: &str, phone: &PhoneNumber) -> String {
        self.seal(party_id, phone.expose())
    }

    /// Seals a party's postal address; the associated data names what it
    /// is, so a sealed address never opens as a phone or the other way.
    pub(crate) fn seal_address(&self, party_id: &str, address: &str) -> String {
        self.seal(&format!("address\n{party_id}"), address)
    }

    /// Opens an address sealed by [`IdentityKeys::seal_address`].
    pub(crate) fn open_address(&self, party_id: &str, sealed: &str) -> Result<String, Unsealable> {
        self.open(&format!("address\n{party_id}"), sealed)
    }

    fn seal(&self, associated: &str, text: &str) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        OsRng.fill_bytes(&mut nonce);
        let mut sealed = text.as_bytes().to_vec();
        // Random 96-bit nonces stay clear of repeats for far more than the
        // 2^32 phones one key may seal.
        self.phone
            .seal_in_place_append_tag(
                aead::Nonce::assume_unique_for_key(nonce),
                aead::Aad::from(associated.as_bytes()),
                &mut sealed,
            )
            .unwrap_or_else(|_| unreachable!("a phone or address is far below AES-GCM's limit"));
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        hex(&out)
    }

    /// Opens a phone number sealed for the row of `party_id`.
    pub(crate) fn open_phone(
        &self,
        party_id: &str,
        sealed: &str,
    ) -> Result<PhoneNumber, Unsealable> {
        PhoneNumber::parse(&self.open(party_id, sealed)?).map_err(|_| Unsealable)
    }

    fn open(&self, associated: &str, sealed: &str) -> Result<String, Unsealable> {
        let bytes = parse_hex(sealed).ok_or(Unsealable)?;
        if bytes.len() < NONCE_BYTES {
            return Err(Unsealable);
        }
        let (nonce, rest) = bytes.split_at(NONCE_BYTES);
        let nonce = aead::Nonce::try_assume_unique_for_key(nonce).map_err(|_| Unsealable)?;
        let mut rest = rest.to_vec();
        let plain = self
            .phone
            .open_in_place(nonce, aead::Aad::from(associated.as_bytes()), &mut rest)
            .map_err(|_| Unsealable)?;
        String::from_utf8(plain.to_vec()).map_err(|_| Unsealable)
    }

    /// A reference to `party_id` for `terminal`, valid until `expires_ms`:
    /// `<party id>.<expiry>.<HMAC>`. Only this server's key makes one, and it
    /// works only for the terminal it was given to.
    pub(crate) fn party_ref(&self, party_id: &str, terminal: &str, expires_ms: u64) -> String {
        let tag = self.party_ref_tag(party_id, terminal, expires_ms);
        format!("{party_id}.{expires_ms}.{}", hex(tag.as_ref()))
    }

    /// The party a reference names, if it was made for `terminal` and is
    /// still valid at `now_ms`.
    #[cfg(test)]
    pub(crate) fn open_party_ref(&self, text: &str, terminal: &str, now_ms: u64) -> Option<String> {
        self.open_party_ref_until(text, terminal, now_ms)
            .map(|(party, _)| party)
    }

    /// The party a reference names and when the reference expires, if it was
    /// made for `terminal` and is still valid at `now_ms`.
    pub(crate) fn open_party_ref_until(
        &self,
        text: &str,
        terminal: &str,
        now_ms: u64,
    ) -> Option<(String, u64)> {
        let mut parts = text.split('.');
        let (party_id, expires, tag) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || party_id.is_empty() {
            return None;
        }
        let expires_ms: u64 = expires.parse().ok()?;
        let message = party_ref_message(party_id, terminal, expires_ms);
        // Compared in constant time by ring.
        hmac::verify(&self.party_ref, message.as_bytes(), &parse_hex(tag)?).ok()?;
        (now_ms < expires_ms).then(|| (party_id.to_owned(), expires_ms))
    }

    fn party_ref_tag(&self, party_id: &str, terminal: &str, expires_ms: u64) -> hmac::Tag {
        let message = party_ref_message(party_id, terminal, expires_ms);
        hmac::sign(&self.party_ref, message.as_bytes())
    }
}

fn party_ref_message(party_id: &str, terminal: &str, expires_ms: u64) -> String {
    format!("courtdesk-party-ref-v1\n{party_id}\n{terminal}\n{expires_ms}")
}

/// Writes a fresh key without ever leaving a partial one at `path`: the
/// bytes go to a private temporary file that is then linked into place,
/// which fails rather than replaces when another process got there first.
/// The text of the secret-key file at `path`, generated first when there is
/// none.
pub(crate) fn read_or_generate(path: &Path) -> io::Result<String> {
    match std::fs::read_to_string(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            generate(path)?;
            std::fs::read_to_string(path)
        }
        other => other,
    }
}

pub(crate) fn generate(path: &Path) -> io::Result<()> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let mut secret = [0u8; SECRET_BYTES];
    OsRng.fill_bytes(&mut secret);
    let temporary = path.with_extension(format!("new-{:016x}", OsRng.next_u64()));
    write_private(&temporary, format!("{}\n", hex(&secret)).as_bytes())?;
    let linked = std::fs::hard_link(&temporary, path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        other => other,
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    std::fs::write(path, bytes)
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(crate) fn parse_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use courtdesk_identity::CivilDate;

    use super::*;

    fn keys_in(dir: &Path) -> IdentityKeys {
        IdentityKeys::load_or_generate(&dir.join("central-identity.key")).expect("a key")
    }

    fn resident_id() -> ResidentId {
        let today = CivilDate::new(2026, 1, 1).expect("a date");
        ResidentId::parse("11010519491231002X", today).expect("a valid number")
    }

    #[test]
    fn the_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = keys_in(dir.path());
        let again = keys_in(dir.path());
        assert_eq!(
            first.resident_id_lookup(&resident_id()),
            again.resident_id_lookup(&resident_id()),
            "the same key file gives the same lookups"
        );
        assert_eq!(first.check, again.check);
        let other = tempfile::tempdir().expect("tempdir");
        assert_ne!(
            keys_in(other.path()).resident_id_lookup(&resident_id()),
            first.resident_id_lookup(&resident_id()),
            "another server's key finds nobody here"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("central-identity.key"))
                .expect("metadata")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600, "only the server's user reads the key");
        }
    }

    #[test]
    fn a_damaged_key_file_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("k");
        std::fs::write(&path, "not hex").expect("write");
        assert!(matches!(
            IdentityKeys::load_or_generate(&path),
            Err(IdentityKeyError::Malformed(_))
        ));
    }

    #[test]
    fn lookups_are_keyed_hashes_not_the_number() {
        let dir = tempfile::tempdir().expect("tempdir");
        let lookup = keys_in(dir.path()).resident_id_lookup(&resident_id());
        assert_eq!(lookup.len(), 64);
        assert!(!lookup.contains("19491231"));
    }

    #[test]
    fn a_sealed_phone_opens_only_on_its_own_row() {
        let dir = tempfile::tempdir().expect("tempdir");
        let keys = keys_in(dir.path());
        let phone = PhoneNumber::parse("13812345678").expect("a phone");
        let sealed = keys.seal_phone("party-a", &phone);
        assert!(!sealed.contains("13812345678"));
        assert_ne!(
            sealed,
            keys.seal_phone("party-a", &phone),
            "a fresh nonce each time"
        );
        assert_eq!(keys.open_phone("party-a", &sealed), Ok(phone));
        assert_eq!(keys.open_phone("party-b", &sealed), Err(Unsealable));
        let mut altered = sealed.into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        let altered = String::from_utf8(altered).expect("hex");
        assert_eq!(keys.open_phone("party-a", &altered), Err(Unsealable));
        assert_eq!(keys.open_phone("party-a", "zz"), Err(Unsealable));
    }

    #[test]
    fn a_party_reference_works_for_its_terminal_until_it_expires() {
        let dir = tempfile::tempdir().expect("tempdir");
        let keys = keys_in(dir.path());
        let text = keys.party_ref("p1", "kiosk-1", 1_000);
        assert_eq!(
            keys.open_party_ref(&text, "kiosk-1", 999).as_deref(),
            Some("p1")
        );
        assert_eq!(
            keys.open_party_ref(&text, "kiosk-1", 1_000),
            None,
            "expired"
        );
        assert_eq!(
            keys.open_party_ref(&text, "kiosk-2", 10),
            None,
            "another terminal"
        );
        let forged = text.replacen("p1.", "p2.", 1);
        assert_eq!(keys.open_party_ref(&forged, "kiosk-1", 10), None);
        let extended = text.replacen(".1000.", ".9000.", 1);
        assert_eq!(keys.open_party_ref(&extended, "kiosk-1", 10), None);
        assert_eq!(keys.open_party_ref("p1.1000", "kiosk-1", 10), None);
    }
}
