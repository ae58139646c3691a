//! The names figures are kept under that the queue crate does not define.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A clerk, by the username they sign in with: the name decision records
/// already carry (`intake.decided`'s `clerk`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Clerk(pub String);

impl fmt::Display for Clerk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Clerk {
    fn from(name: &str) -> Self {
        Clerk(name.to_owned())
    }
}
