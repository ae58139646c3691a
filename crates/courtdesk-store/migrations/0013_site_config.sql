-- The site's configuration as the court server signed it, once the terminal
-- verified it (digest, court key signature, chain), and the court key it
-- verifies with. One row each: the terminal runs its site's latest version
-- and keeps it across restarts, so it runs the same hall offline.
CREATE TABLE site_config (
    singleton    INTEGER PRIMARY KEY CHECK (singleton = 1),
    number       INTEGER NOT NULL,
    -- Lowercase hex SHA-256, as in the version's JSON.
    digest       TEXT NOT NULL,
    -- The version's JSON (`courtdesk_site::SiteConfigVersion`) as received.
    version_json TEXT NOT NULL,
    -- Base64 of the court key's Ed25519 signature.
    signature    TEXT NOT NULL,
    received_ms  INTEGER NOT NULL
) STRICT;

CREATE TABLE court_key (
    singleton  INTEGER PRIMARY KEY CHECK (singleton = 1),
    -- Base64 of the 32-byte Ed25519 public key, read from the server over
    -- the pinned connection.
    public_key TEXT NOT NULL
) STRICT;
