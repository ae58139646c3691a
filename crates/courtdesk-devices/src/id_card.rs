//! Resident ID card readers: the driver interface, and a simulator for
//! development and tests, since no reader can be attached here.
//!
//! A real reader (the ISO 14443 type B readers of second-generation cards,
//! sold with a vendor SDK, usually `termb.dll`/`libtermb.so` with
//! `InitComm`/`Authenticate`/`Read_Content`) goes behind [`IdCardReader`] in
//! a module of its own; nothing else changes. The kiosk polls `read()` while
//! its identity screen is open: `Ok(None)` means no card is on the reader.
//!
//! The simulator reads "the card on the reader" from a JSON file, present
//! while the card lies on the reader and absent otherwise:
//!
//! ```json
//! { "resident_id": "11010519491231002X", "name": "张三" }
//! ```
//!
//! Every read carries [`IdCard::data_digest`], the SHA-256 of the card data
//! the reader released (a real reader: the text and photo blocks its
//! security module decrypted; the simulator: the file's bytes). The kiosk
//! sends it with the number so the server can keep, per read, what the
//! reader saw rather than a number someone typed.

use std::fmt;
use std::path::PathBuf;

/// What a card says. `Debug` hides the number and name: they are personal
/// data.
#[derive(Clone, PartialEq, Eq)]
pub struct IdCard {
    /// The card's resident ID number, as the chip stores it (not yet checked).
    pub resident_id: String,
    /// The holder's name as printed on the card.
    pub name: String,
    /// SHA-256, 64 lowercase hex digits, of the card data the reader
    /// released for this read.
    pub data_digest: String,
}

impl fmt::Debug for IdCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdCard { resident_id: <redacted>, name: <redacted>, .. }")
    }
}

/// The simulator's card file.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct CardFile {
    resident_id: String,
    name: String,
}

/// SHA-256 of `data`, as 64 lowercase hex digits.
fn hex_sha256(data: &[u8]) -> String {
    use sha2::Digest as _;
    sha2::Sha256::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The reader could not say what card is on it.
#[derive(Debug, thiserror::Error)]
pub enum CardReaderError {
    /// A card is there but could not be read (moved too soon, damaged chip,
    /// or a simulator file that is not a card).
    #[error("the card could not be read; lift it and place it again")]
    Unreadable,
    /// The reader itself does not answer.
    #[error("the card reader does not answer")]
    Unavailable(#[source] std::io::Error),
}

impl CardReaderError {
    /// A stable snake_case code the UI can translate.
    pub fn code(&self) -> &'static str {
        match self {
            CardReaderError::Unreadable => "card_unreadable",
            CardReaderError::Unavailable(_) => "card_reader_unavailable",
        }
    }
}

/// A resident ID card reader.
pub trait IdCardReader: fmt::Debug + Send + Sync {
    /// The card on the reader now, or none.
    fn read(&self) -> Result<Option<IdCard>, CardReaderError>;
}

/// A reader whose card is a JSON file: present means a card lies on it.
#[derive(Debug, Clone)]
pub struct SimulatedCardReader {
    card_file: PathBuf,
}

/// The largest simulator file read: a card's fields are a few dozen bytes.
const MAX_CARD_FILE: u64 = 4096;

impl SimulatedCardReader {
    pub fn new(card_file: impl Into<PathBuf>) -> SimulatedCardReader {
        SimulatedCardReader {
            card_file: card_file.into(),
        }
    }
}

impl IdCardReader for SimulatedCardReader {
    fn read(&self) -> Result<Option<IdCard>, CardReaderError> {
        let metadata = match std::fs::metadata(&self.card_file) {
            Ok(metadata) => metadata,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(CardReaderError::Unavailable(error)),
        };
        if !metadata.is_file() || metadata.len() > MAX_CARD_FILE {
            return Err(CardReaderError::Unreadable);
        }
        let bytes = match std::fs::read(&self.card_file) {
            Ok(bytes) => bytes,
            // Lifted between the two calls.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(CardReaderError::Unavailable(error)),
        };
        let card: CardFile =
            serde_json::from_slice(&bytes).map_err(|_| CardReaderError::Unreadable)?;
        Ok(Some(IdCard {
            resident_id: card.resident_id,
            name: card.name,
            data_digest: hex_sha256(&bytes),
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_card_is_read_while_its_file_is_there_and_not_after() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("card.json");
        let reader = SimulatedCardReader::new(&file);
        assert_eq!(reader.read().expect("no card"), None);
        std::fs::write(
            &file,
            r#"{"resident_id":"11010519491231002X","name":"张三"}"#,
        )
        .expect("placed");
        let card = reader.read().expect("read").expect("a card");
        assert_eq!(card.resident_id, "11010519491231002X");
        assert_eq!(card.name, "张三");
        assert_eq!(card.data_digest.len(), 64);
        assert_eq!(
            reader
                .read()
                .expect("read again")
                .expect("a card")
                .data_digest,
            card.data_digest,
            "the same card reads to the same digest"
        );
        assert!(
            !format!("{card:?}").contains("1101"),
            "Debug hides the number"
        );
        std::fs::remove_file(&file).expect("lifted");
        assert_eq!(reader.read().expect("no card"), None);
    }

    #[test]
    fn a_file_that_is_not_a_card_is_unreadable_not_a_panic() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("card.json");
        let reader = SimulatedCardReader::new(&file);
        for bad in [&b"not json"[..], b"{\"resident_id\":1}", b"{}", &[0xff; 10]] {
            std::fs::write(&file, bad).expect("written");
            let error = reader.read().expect_err("unreadable");
            assert_eq!(error.code(), "card_unreadable");
        }
        std::fs::write(&file, vec![b' '; 5000]).expect("written");
        assert_eq!(
            reader.read().expect_err("too big").code(),
            "card_unreadable"
        );
    }
}
