-- Why: the first schema of the central server. It keeps who may sync
-- (enrollment codes, terminals), what they synced (records, in the order the
-- server accepted them, which is the pull cursor), the proof that nothing was
-- dropped or altered on the way (each terminal's audit chain and its head),
-- and the nonces that make a captured request useless a second time.

-- Codes are stored only as their SHA-256, so a copy of this file does not
-- let anyone enroll a terminal.
CREATE TABLE enrollment_codes (
    code_hash  TEXT PRIMARY KEY,
    court_id   TEXT NOT NULL,
    site_id    TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL,
    used_by    TEXT,
    used_ms    INTEGER
) WITHOUT ROWID;

-- The chain head lives beside the terminal because every push reads and
-- moves it in the same transaction as the terminal's standing.
CREATE TABLE terminals (
    id              TEXT PRIMARY KEY,
    mode            TEXT NOT NULL,
    public_key      TEXT NOT NULL,
    court_id        TEXT NOT NULL,
    site_id         TEXT NOT NULL,
    enrolled_ms     INTEGER NOT NULL,
    revoked_ms      INTEGER,
    chain_broken_ms INTEGER,
    chain_broken    TEXT,
    head_seq        INTEGER NOT NULL DEFAULT 0,
    head_hash       TEXT NOT NULL
) WITHOUT ROWID;

-- AUTOINCREMENT so a sequence number is never reused, even after the last
-- row is deleted: terminals keep it as their pull cursor.
CREATE TABLE records (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id   TEXT NOT NULL UNIQUE,
    origin      TEXT NOT NULL REFERENCES terminals (id),
    court_id    TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    hlc_wall    INTEGER NOT NULL,
    hlc_counter INTEGER NOT NULL,
    body        TEXT NOT NULL,
    digest      TEXT NOT NULL,
    received_ms INTEGER NOT NULL
);

-- A pull reads one court and site after a cursor.
CREATE INDEX records_by_site ON records (court_id, site_id, seq);

CREATE TABLE audit_entries (
    terminal_id   TEXT NOT NULL REFERENCES terminals (id),
    seq           INTEGER NOT NULL,
    record_id     TEXT NOT NULL,
    record_digest TEXT NOT NULL,
    prev          TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (terminal_id, seq)
) WITHOUT ROWID;

-- Only nonces still inside the freshness window matter; older ones are
-- pruned because their timestamps would be refused anyway.
CREATE TABLE nonces (
    terminal_id TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    expires_ms  INTEGER NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
) WITHOUT ROWID;

CREATE INDEX nonces_by_expiry ON nonces (expires_ms);
