-- Everything a terminal records must reach the central server exactly once,
-- through network loss and crashes. A capability's own change, its record in
-- the outbox and the record's audit entry are written in one transaction, so
-- a crash leaves all of them or none. The outbox row is deleted only when the
-- server has answered for it; the audit log is kept for good, because it is
-- the terminal's own hash-chained account of what it recorded.
CREATE TABLE audit_log (
    seq           INTEGER PRIMARY KEY CHECK (seq >= 1),
    record_id     TEXT    NOT NULL UNIQUE CHECK (length(record_id) = 32),
    record_digest TEXT    NOT NULL CHECK (length(record_digest) = 64),
    prev          TEXT    NOT NULL CHECK (length(prev) = 64),
    hash          TEXT    NOT NULL CHECK (length(hash) = 64)
) STRICT;

-- Records not yet acknowledged by the server, in audit order.
CREATE TABLE outbox (
    record_id     TEXT    PRIMARY KEY REFERENCES audit_log (record_id),
    kind          TEXT    NOT NULL CHECK (length(kind) > 0),
    hlc_wall_ms   INTEGER NOT NULL CHECK (hlc_wall_ms >= 0),
    hlc_counter   INTEGER NOT NULL CHECK (hlc_counter >= 0),
    body          TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL
) STRICT;

-- Where sync stands: the last clock stamp handed out (so the clock resumes
-- after a restart without going back), the pull cursor, and the last outcome.
CREATE TABLE sync_state (
    singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
    hlc_wall_ms     INTEGER NOT NULL DEFAULT 0,
    hlc_counter     INTEGER NOT NULL DEFAULT 0,
    pull_cursor     INTEGER NOT NULL DEFAULT 0,
    last_success_ms INTEGER,
    last_error_code TEXT
) STRICT;
INSERT INTO sync_state (singleton) VALUES (1);

-- Changes pulled from the server, keyed by the server's sequence number so a
-- page fetched twice is stored once.
CREATE TABLE inbox (
    seq            INTEGER PRIMARY KEY,
    origin         TEXT    NOT NULL CHECK (length(origin) = 32),
    record_id      TEXT    NOT NULL CHECK (length(record_id) = 32),
    record         TEXT    NOT NULL,
    received_at_ms INTEGER NOT NULL
) STRICT;
