-- Why: the first schema of the central server on PostgreSQL, the same
-- tables as the SQLite store's first schema so both keep the same facts:
-- who may sync (enrollment codes, terminals), what they synced (records, in
-- the order the server accepted them, which is the pull cursor), the proof
-- that nothing was dropped or altered (each terminal's audit chain and its
-- head), and the nonces that make a captured request useless a second time.
-- Numbers are BIGINT (milliseconds, sequence numbers); digests and record
-- bodies are TEXT so the stored canonical JSON re-digests to the same value.

-- Codes are stored only as their SHA-256, so a copy of the database does
-- not let anyone enroll a terminal.
CREATE TABLE enrollment_codes (
    code_hash  TEXT PRIMARY KEY,
    court_id   TEXT NOT NULL,
    site_id    TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL,
    used_by    TEXT,
    used_ms    BIGINT
);

-- The chain head lives beside the terminal: a push locks this row
-- (SELECT ... FOR UPDATE), so two pushes of one terminal never both extend
-- the same head.
CREATE TABLE terminals (
    id              TEXT PRIMARY KEY,
    mode            TEXT NOT NULL,
    public_key      TEXT NOT NULL,
    court_id        TEXT NOT NULL,
    site_id         TEXT NOT NULL,
    enrolled_ms     BIGINT NOT NULL,
    revoked_ms      BIGINT,
    chain_broken_ms BIGINT,
    chain_broken    TEXT,
    head_seq        BIGINT NOT NULL DEFAULT 0,
    head_hash       TEXT NOT NULL
);

-- Not a PostgreSQL SEQUENCE: a sequence hands out numbers outside the
-- transaction, so a push holding 11 could commit before one holding 10 and
-- a terminal pulling after 11 would never see 10. A push instead locks this
-- one row until it commits, which makes sequence numbers visible in order
-- and never reused.
CREATE TABLE record_sequence (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    last_seq BIGINT NOT NULL
);
INSERT INTO record_sequence (only_row, last_seq) VALUES (TRUE, 0);

CREATE TABLE records (
    seq         BIGINT PRIMARY KEY,
    record_id   TEXT NOT NULL UNIQUE,
    origin      TEXT NOT NULL REFERENCES terminals (id),
    court_id    TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    kind        TEXT NOT NULL,
    hlc_wall    BIGINT NOT NULL,
    hlc_counter BIGINT NOT NULL,
    body        TEXT NOT NULL,
    digest      TEXT NOT NULL,
    received_ms BIGINT NOT NULL
);

-- A pull reads one court and site after a cursor.
CREATE INDEX records_by_site ON records (court_id, site_id, seq);

CREATE TABLE audit_entries (
    terminal_id   TEXT NOT NULL REFERENCES terminals (id),
    seq           BIGINT NOT NULL,
    record_id     TEXT NOT NULL,
    record_digest TEXT NOT NULL,
    prev          TEXT NOT NULL,
    hash          TEXT NOT NULL,
    PRIMARY KEY (terminal_id, seq)
);

-- Only nonces still inside the freshness window matter; older ones are
-- pruned because their timestamps would be refused anyway.
CREATE TABLE nonces (
    terminal_id TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    expires_ms  BIGINT NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
);

CREATE INDEX nonces_by_expiry ON nonces (expires_ms);
