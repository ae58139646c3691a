//! Who is at the kiosk and who is at the desk, as this terminal knows them:
//! the litigant's visit (identified by resident ID number and a one-time
//! code, or by the ID card on the reader) and the signed-in clerk. The rules
//! come from `courtdesk-identity`; this module keeps the state, the server
//! questions and the wiping.

pub(crate) mod settings;
pub(crate) mod staff;
pub(crate) mod visit;

pub use settings::IdentitySettings;
