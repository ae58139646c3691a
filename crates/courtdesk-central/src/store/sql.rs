//! A minimal view of a connection or transaction that both stores
//! provide, so statements shared by both backends are written once:
//! parameters are `$1`, `$2`… in order of first use (SQLite reads `$N` as a
//! named parameter numbered by first appearance, PostgreSQL as positional),
//! and values are text or integers only.

use courtdesk_protocol::Digest;

use super::StoreError;

/// A value bound to or read from a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    Text(String),
    Int(i64),
    Null,
}

impl From<&str> for Value {
    fn from(text: &str) -> Value {
        Value::Text(text.to_owned())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Value {
        Value::Text(text)
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<Option<&str>> for Value {
    fn from(text: Option<&str>) -> Value {
        text.map_or(Value::Null, Value::from)
    }
}

impl From<Option<u64>> for Value {
    fn from(n: Option<u64>) -> Value {
        n.map_or(Value::Null, Value::from)
    }
}

/// One row as read.
pub(crate) struct Cells(pub(crate) Vec<Value>);

impl Cells {
    pub(crate) fn text(&self, i: usize) -> Result<String, StoreError> {
        match self.0.get(i) {
            Some(Value::Text(text)) => Ok(text.clone()),
            other => Err(StoreError::Corrupt(format!("column {i}: {other:?}"))),
        }
    }

    pub(crate) fn opt_text(&self, i: usize) -> Result<Option<String>, StoreError> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.text(i).map(Some),
        }
    }

    pub(crate) fn u64(&self, i: usize) -> Result<u64, StoreError> {
        match self.0.get(i) {
            Some(Value::Int(n)) => {
                u64::try_from(*n).map_err(|_| StoreError::Corrupt(format!("negative {n}")))
            }
            other => Err(StoreError::Corrupt(format!("column {i}: {other:?}"))),
        }
    }

    pub(crate) fn opt_u64(&self, i: usize) -> Result<Option<u64>, StoreError> {
        match self.0.get(i) {
            Some(Value::Null) => Ok(None),
            _ => self.u64(i).map(Some),
        }
    }

    pub(crate) fn digest(&self, i: usize) -> Result<Digest, StoreError> {
        let text = self.text(i)?;
        text.parse()
            .map_err(|_| StoreError::Corrupt(format!("digest {text:?}")))
    }
}

/// A connection or transaction the statements below run on.
pub(crate) trait Sql {
    fn execute(&mut self, sql: &str, params: &[Value]) -> Result<u64, StoreError>;
    fn query(&mut self, sql: &str, params: &[Value]) -> Result<Vec<Cells>, StoreError>;
    /// ` FOR UPDATE` where the database locks rows that way; SQLite's single
    /// writer needs no row locks.
    fn for_update(&self) -> &'static str;
}
