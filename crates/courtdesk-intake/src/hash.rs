//! The SHA-256 of a file's content, which is also its name in the store.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A SHA-256 digest. Shown and serialized as 64 lowercase hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentHash([u8; 32]);

impl ContentHash {
    pub fn from_bytes(bytes: [u8; 32]) -> ContentHash {
        ContentHash(bytes)
    }

    /// The SHA-256 of `data`.
    pub fn of(data: &[u8]) -> ContentHash {
        use sha2::Digest as _;
        ContentHash(sha2::Sha256::digest(data).into())
    }

    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// 64 lowercase hex digits: the stored file's name.
    pub fn hex(&self) -> String {
        let mut out = String::with_capacity(64);
        for byte in self.0 {
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
        out
    }

    /// The first 8 hex digits, printed on receipts so that a clerk and a
    /// litigant can tell items apart and match them to the stored files.
    pub fn short(&self) -> String {
        let mut hex = self.hex();
        hex.truncate(8);
        hex
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentHash({})", self.hex())
    }
}

impl fmt::Display for ContentHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.hex())
    }
}

/// Text that is not 64 hex digits.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a SHA-256 is 64 hex digits")]
pub struct ContentHashParseError;

impl FromStr for ContentHash {
    type Err = ContentHashParseError;

    /// Accepts upper or lower case hex.
    fn from_str(text: &str) -> Result<ContentHash, ContentHashParseError> {
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return Err(ContentHashParseError);
        }
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            let high = hex_value(pair[0]).ok_or(ContentHashParseError)?;
            let low = hex_value(pair[1]).ok_or(ContentHashParseError)?;
            out[i] = high << 4 | low;
        }
        Ok(ContentHash(out))
    }
}

pub(crate) fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

impl Serialize for ContentHash {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for ContentHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<ContentHash, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_of_abc_is_the_published_one() {
        let hash = ContentHash::of(b"abc");
        assert_eq!(
            hash.hex(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(hash.short(), "ba7816bf");
        assert_eq!(hash.hex().parse::<ContentHash>(), Ok(hash));
        assert_eq!(hash.hex().to_uppercase().parse::<ContentHash>(), Ok(hash));
    }

    #[test]
    fn anything_but_64_hex_digits_is_refused() {
        for bad in ["", "abc", &"g".repeat(64), &"a".repeat(63), &"a".repeat(65)] {
            assert!(bad.parse::<ContentHash>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn it_serializes_as_a_hex_string() {
        let hash = ContentHash::of(b"");
        let json = serde_json::to_string(&hash).expect("serializes");
        assert_eq!(json, format!("\"{}\"", hash.hex()));
        assert_eq!(
            serde_json::from_str::<ContentHash>(&json).expect("parses"),
            hash
        );
    }
}
