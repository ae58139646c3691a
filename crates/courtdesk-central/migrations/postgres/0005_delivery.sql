-- Why: the court now serves documents electronically. A delivery names a
-- party on file, a court and site whose kiosks serve it, and its documents
-- (kept as blobs under their SHA-256, not in the database); kiosks send
-- back evidence records that the server countersigns with the court's key.
-- The court's case system publishes through API clients, which hold a
-- bearer token kept here only as its SHA-256. A party may have a postal
-- address for paper service, sealed like the phone number.

CREATE TABLE api_clients (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    token_hash TEXT NOT NULL UNIQUE,
    created_ms BIGINT NOT NULL,
    revoked_ms BIGINT
);

CREATE TABLE party_addresses (
    party_id       TEXT PRIMARY KEY REFERENCES parties (id) ON DELETE CASCADE,
    address_sealed TEXT NOT NULL
);

-- The party is copied as the keyed hash and the mask of their ID number, so
-- a delivery keeps its meaning after the party leaves the file. `state` is
-- the stored state; "expired" is derived when read (deadline passed before
-- an acknowledgment or refusal). `publisher` and `request_id` make a
-- retried publication return the delivery it made.
CREATE TABLE deliveries (
    id                 TEXT PRIMARY KEY,
    publisher          TEXT NOT NULL,
    request_id         TEXT NOT NULL,
    request_sha256     TEXT NOT NULL,
    case_number        TEXT NOT NULL,
    party_id           TEXT NOT NULL,
    party_lookup       TEXT NOT NULL,
    resident_id_masked TEXT NOT NULL,
    court_id           TEXT NOT NULL,
    site_id            TEXT NOT NULL,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL,
    method             TEXT NOT NULL CHECK (method IN ('electronic', 'paper')),
    consent            BIGINT NOT NULL,
    deadline_ms        BIGINT NOT NULL,
    published_ms       BIGINT NOT NULL,
    state              TEXT NOT NULL,
    state_ms           BIGINT NOT NULL,
    UNIQUE (publisher, request_id)
);

CREATE INDEX deliveries_by_site ON deliveries (court_id, site_id, state);
CREATE INDEX deliveries_by_party ON deliveries (party_lookup);
CREATE INDEX deliveries_by_case ON deliveries (case_number);

CREATE TABLE delivery_documents (
    delivery_id TEXT NOT NULL REFERENCES deliveries (id),
    position    BIGINT NOT NULL,
    name        TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    size        BIGINT NOT NULL,
    PRIMARY KEY (delivery_id, position),
    UNIQUE (delivery_id, name)
);

CREATE INDEX delivery_documents_by_hash ON delivery_documents (sha256);

-- One row per countersigned record: `countersigned` is the evidence crate's
-- JSON of the record, its terminal signature and the court's
-- countersignature; the other columns repeat parts of it for lookups.
CREATE TABLE delivery_evidence (
    delivery_id     TEXT NOT NULL REFERENCES deliveries (id),
    seq             BIGINT NOT NULL,
    record_sha256   TEXT NOT NULL,
    evidence_sha256 TEXT NOT NULL,
    event           TEXT NOT NULL,
    terminal_id     TEXT NOT NULL,
    received_at_ms  BIGINT NOT NULL,
    server_seq      BIGINT NOT NULL UNIQUE,
    countersigned   TEXT NOT NULL,
    PRIMARY KEY (delivery_id, seq),
    UNIQUE (delivery_id, record_sha256)
);

-- The last countersignature sequence number handed out.
CREATE TABLE evidence_sequence (
    only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
    last     BIGINT NOT NULL
);
INSERT INTO evidence_sequence (only_row, last) VALUES (1, 0);
