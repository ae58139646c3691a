//! The proxy in front of a tiny echo server on `127.0.0.1`: bytes pass both
//! ways, and each fault does what it says.

mod echo;
mod faults;
