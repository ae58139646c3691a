//! The court's key: the Ed25519 key that countersigns evidence records.
//! Generated on first start into `central-court.key` in the data folder
//! (beside the TLS key and the identity key, readable by the server's user
//! only), as 64 hexadecimal digits. Its public half is what third parties
//! verify receipts and bundles with (`courtdesk-central court-key`); it must
//! be backed up, and every server of one database must hold the same key.

use std::io;
use std::path::{Path, PathBuf};

use courtdesk_evidence::Court;
use ed25519_dalek::SigningKey;

use crate::identity::keys::{parse_hex, read_or_generate};

/// The court key's file name in the data folder.
pub const COURT_KEY_FILE: &str = "central-court.key";

/// Why the court key could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CourtKeyError {
    #[error("cannot read or write the court key {path}")]
    File {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{0} is not a court key (64 hexadecimal digits)")]
    Malformed(PathBuf),
}

/// Reads the court key at `path`, generating it (mode 0600) when there is
/// none.
pub fn load_court(path: &Path) -> Result<Court, CourtKeyError> {
    load_court_key(path).map(Court::new)
}

/// The court key itself, for what the court signs besides evidence (a
/// site's configuration versions, under their own domain tag); read, or
/// generated, as [`load_court`] does.
pub(crate) fn load_court_key(path: &Path) -> Result<SigningKey, CourtKeyError> {
    let file_error = |source| CourtKeyError::File {
        path: path.to_path_buf(),
        source,
    };
    let text = read_or_generate(path).map_err(file_error)?;
    let secret: [u8; 32] = parse_hex(text.trim())
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| CourtKeyError::Malformed(path.to_path_buf()))?;
    Ok(SigningKey::from_bytes(&secret))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_kept_private_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(COURT_KEY_FILE);
        let first = load_court(&path).expect("made");
        let again = load_court(&path).expect("read");
        assert_eq!(first.public_key(), again.public_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "zz").expect("write");
        assert!(matches!(
            load_court(&path),
            Err(CourtKeyError::Malformed(_))
        ));
    }
}
