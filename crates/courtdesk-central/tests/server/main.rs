//! The central server driven over real HTTPS by a signing client, one fresh
//! server and data folder per test.

mod admin;
mod auth;
mod blobs;
mod client;
mod enroll;
mod limits;
mod sync;
