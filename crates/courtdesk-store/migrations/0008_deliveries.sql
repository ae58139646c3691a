-- Electronic delivery at a kiosk: the documents fetched for a party (kept
-- here, in the encrypted database, never as plain files), the deliveries
-- last seen for each party so a kiosk that lost the server still shows them,
-- and the evidence records the terminal signed, kept until the court's
-- countersignature comes back and with it afterwards.
CREATE TABLE delivery_document (
    sha256        TEXT PRIMARY KEY,
    bytes         BLOB NOT NULL,
    fetched_at_ms INTEGER NOT NULL
) STRICT;

CREATE TABLE delivery_seen (
    -- The terminal's keyed hash of the party's ID number.
    party_key   TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    -- The delivery as the server last described it (JSON).
    delivery    TEXT NOT NULL,
    seen_at_ms  INTEGER NOT NULL,
    PRIMARY KEY (party_key, delivery_id)
) STRICT;

CREATE TABLE delivery_evidence (
    -- The evidence digest (record, key and signature), hex.
    evidence_sha256    TEXT PRIMARY KEY,
    delivery_id        TEXT NOT NULL,
    seq                INTEGER NOT NULL,
    -- The record digest, hex: the next record's prev_sha256.
    record_sha256      TEXT NOT NULL,
    -- The record's canonical JSON and the terminal's signature (base64).
    record             TEXT NOT NULL,
    terminal_signature TEXT NOT NULL,
    created_at_ms      INTEGER NOT NULL,
    -- The server's receipt (JSON) once countersigned; NULL while pending.
    receipt            TEXT,
    countersigned_at_ms INTEGER,
    UNIQUE (delivery_id, seq)
) STRICT;

CREATE INDEX delivery_evidence_pending ON delivery_evidence (created_at_ms)
    WHERE receipt IS NULL;
