-- A terminal talks to the central server only after enrollment: it keeps the
-- Ed25519 secret that signs its requests (generated once, here until secrets
-- move to an encrypted store), and the server it enrolled with, the pinned
-- SHA-256 of that server's certificate, and the court and site it belongs to.
CREATE TABLE terminal_key (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    secret        BLOB    NOT NULL CHECK (length(secret) = 32),
    created_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE enrollment (
    singleton      INTEGER PRIMARY KEY CHECK (singleton = 1),
    server_url     TEXT    NOT NULL,
    fingerprint    TEXT    NOT NULL CHECK (length(fingerprint) = 64),
    court_id       TEXT    NOT NULL,
    site_id        TEXT    NOT NULL,
    enrolled_at_ms INTEGER NOT NULL
) STRICT;
