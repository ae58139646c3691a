//! A record a terminal sends to the server, and its canonical digest.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Digest;
use crate::hlc::Hlc;

/// A record's globally unique id, chosen by the terminal (128 random bits as
/// 32 lowercase hex digits). It is the record's idempotency key: the server
/// applies a given id once, whatever is retried.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RecordId(String);

/// Text that is not a record id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a record id is 32 lowercase hexadecimal digits")]
pub struct InvalidRecordId;

impl RecordId {
    pub fn from_bits(bits: u128) -> RecordId {
        RecordId(format!("{bits:032x}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for RecordId {
    type Err = InvalidRecordId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(RecordId(s.to_owned()))
        } else {
            Err(InvalidRecordId)
        }
    }
}

impl TryFrom<String> for RecordId {
    type Error = InvalidRecordId;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<RecordId> for String {
    fn from(id: RecordId) -> Self {
        id.0
    }
}

impl fmt::Display for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for RecordId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RecordId({})", self.0)
    }
}

/// One state change recorded at a terminal: a ticket issued, a submission
/// made, a delivery acknowledged. `kind` names the change (e.g.
/// `queue.ticket_issued`); `body` is its content, whose schema belongs to the
/// capability that wrote it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Record {
    pub id: RecordId,
    pub kind: String,
    pub hlc: Hlc,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub body: Value,
}

impl Record {
    /// The SHA-256 of the record's canonical JSON. Two records with the same
    /// id and the same digest are the same record.
    pub fn digest(&self) -> Digest {
        let value = serde_json::json!({
            "id": self.id.as_str(),
            "kind": self.kind,
            "hlc": { "wall_ms": self.hlc.wall_ms, "counter": self.hlc.counter },
            "body": self.body,
        });
        Digest::of(&canonical_json(&value))
    }
}

/// JSON with object keys sorted and no insignificant whitespace. The order is
/// imposed here rather than left to `serde_json`, whose map order depends on
/// a feature another crate in the build may switch on.
pub fn canonical_json(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write_canonical(value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (key, item)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_scalar(&Value::String(key.clone()), out);
                out.push(b':');
                write_canonical(item, out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(item, out);
            }
            out.push(b']');
        }
        scalar => write_scalar(scalar, out),
    }
}

fn write_scalar(value: &Value, out: &mut Vec<u8>) {
    // Serializing a scalar cannot fail; an empty write would still be caught
    // by the digest comparison on the other side.
    if let Ok(bytes) = serde_json::to_vec(value) {
        out.extend_from_slice(&bytes);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn record(body: Value) -> Record {
        Record {
            id: RecordId::from_bits(7),
            kind: "test.kind".into(),
            hlc: Hlc {
                wall_ms: 5,
                counter: 1,
            },
            body,
        }
    }

    #[test]
    fn key_order_does_not_change_the_digest() {
        let a: Value =
            serde_json::from_str(r#"{"b":1,"a":{"y":2,"x":[3,{"q":1,"p":2}]}}"#).expect("json");
        let b: Value =
            serde_json::from_str(r#"{"a":{"x":[3,{"p":2,"q":1}],"y":2},"b":1}"#).expect("json");
        assert_eq!(record(a).digest(), record(b).digest());
    }

    #[test]
    fn any_change_of_content_changes_the_digest() {
        let base = record(json!({"n": 1}));
        let mut other = base.clone();
        other.body = json!({"n": 2});
        assert_ne!(base.digest(), other.digest());
        let mut other = base.clone();
        other.hlc.counter += 1;
        assert_ne!(base.digest(), other.digest());
        let mut other = base.clone();
        other.kind = "test.other".into();
        assert_ne!(base.digest(), other.digest());
    }

    #[test]
    fn canonical_json_is_compact_and_sorted() {
        let value = json!({"b": [1, "two"], "a": null});
        assert_eq!(canonical_json(&value), br#"{"a":null,"b":[1,"two"]}"#);
    }

    #[test]
    fn malformed_ids_and_unknown_fields_are_refused() {
        assert!("xyz".parse::<RecordId>().is_err());
        let extra = r#"{"id":"00000000000000000000000000000007","kind":"k","hlc":{"wall_ms":1,"counter":0},"body":{},"evil":1}"#;
        assert!(serde_json::from_str::<Record>(extra).is_err());
    }
}
