-- Why: the server now knows people. Parties on file get one-time codes
-- sent to their phone at a kiosk; staff accounts sign in at desks.
--
-- Personal data is kept only in forms a copy of this file cannot turn back
-- into numbers without the server's identity key, which lives outside the
-- database (beside the TLS identity):
-- - a resident ID number is kept as an HMAC-SHA256 under that key (for
--   lookup; a plain hash would be reversed by trying every birth date and
--   sequence number) and masked (for display);
-- - a phone number is kept sealed with AES-256-GCM under a key derived from
--   it, bound to the party's id, and masked.

-- One row: a check value derived from the identity key, so a server started
-- with another key refuses the database instead of silently finding nobody.
CREATE TABLE identity_key (
    only_row  INTEGER PRIMARY KEY CHECK (only_row = 1),
    key_check TEXT NOT NULL
);

CREATE TABLE parties (
    id                 TEXT PRIMARY KEY,
    resident_id_lookup TEXT NOT NULL UNIQUE,
    resident_id_masked TEXT NOT NULL,
    phone_sealed       TEXT NOT NULL,
    phone_masked       TEXT NOT NULL,
    display_name       TEXT NOT NULL,
    created_ms         INTEGER NOT NULL
) WITHOUT ROWID;

-- The sites whose kiosks may send a party codes.
CREATE TABLE party_sites (
    party_id TEXT NOT NULL REFERENCES parties (id) ON DELETE CASCADE,
    court_id TEXT NOT NULL,
    site_id  TEXT NOT NULL,
    PRIMARY KEY (party_id, court_id, site_id)
) WITHOUT ROWID;

-- The lockout state (`sign_in_guard`, JSON of the identity crate's
-- SignInGuard) is kept here rather than in memory, so a lock holds across
-- restarts and across servers sharing a database.
CREATE TABLE staff_accounts (
    username            TEXT PRIMARY KEY,
    display_name        TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor', 'administrator')),
    verifier            TEXT NOT NULL,
    sign_in_guard       TEXT NOT NULL,
    disabled_ms         INTEGER,
    created_ms          INTEGER NOT NULL,
    password_changed_ms INTEGER NOT NULL
) WITHOUT ROWID;
