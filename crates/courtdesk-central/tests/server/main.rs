//! The central server driven over real HTTPS by a signing client, one fresh
//! server, data folder and database per test, each test once on SQLite and
//! once on PostgreSQL (see `backend`).

mod admin;
mod attacks;
mod auth;
mod backend;
mod backup;
mod blob_content;
mod blobs;
mod cases;
mod client;
mod concurrency;
mod config_file;
mod delivery;
mod delivery_cli;
mod delivery_evidence;
mod delivery_fixtures;
mod delivery_kiosk;
mod delivery_races;
mod enroll;
mod identity;
mod identity_admin;
mod identity_client;
mod limits;
mod migrations;
mod operate;
mod packaging;
mod privacy;
mod queue;
mod report;
mod site_config;
mod staff;
mod sync;
