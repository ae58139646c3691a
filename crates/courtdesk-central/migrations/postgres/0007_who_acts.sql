-- Why: the server becomes the authority on who does what, instead of
-- trusting what a terminal says of itself.
-- - An enrollment code names the mode it enrolls. Codes made before carry
--   none and are refused: the court's IT makes new ones with --mode.
--   Terminals enrolled before keep the mode they enrolled as.
-- - A terminal's last contact is kept for the terminal list.
-- - Every blob records the sites (and the terminal) that uploaded it; only
--   terminals of those sites may see or read it.
-- - Signed requests that are not idempotent keep their nonces here until
--   their timestamps could no longer be fresh, so a replay is refused after
--   a restart and by every server of one database.
-- - A clerk's sign-in at a desk opens a session the desk's requests name.
ALTER TABLE enrollment_codes ADD COLUMN mode TEXT;

-- An API client (the court's case system) acts for one court; clients
-- made before name none and act for any until re-issued.
ALTER TABLE api_clients ADD COLUMN court_id TEXT;

ALTER TABLE terminals ADD COLUMN last_seen_ms BIGINT;

CREATE TABLE blob_holders (
    sha256      TEXT NOT NULL,
    court_id    TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    terminal_id TEXT NOT NULL REFERENCES terminals (id),
    held_ms     BIGINT NOT NULL,
    PRIMARY KEY (sha256, court_id, site_id)
);

CREATE TABLE request_nonces (
    terminal_id TEXT NOT NULL,
    nonce       TEXT NOT NULL,
    expires_ms  BIGINT NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
);

CREATE INDEX request_nonces_by_expiry ON request_nonces (expires_ms);

-- A clerk's session, opened by an online sign-in at one desk: only the
-- SHA-256 of its token is kept. Every request a desk makes for its clerk
-- names the session, which must be this terminal's, not ended, and within
-- its idle and absolute limits; a disabled account's sessions act no more.
CREATE TABLE staff_sessions (
    token_hash   TEXT PRIMARY KEY,
    username     TEXT NOT NULL REFERENCES staff_accounts (username),
    terminal_id  TEXT NOT NULL REFERENCES terminals (id),
    opened_ms    BIGINT NOT NULL,
    last_used_ms BIGINT NOT NULL,
    ended_ms     BIGINT
);

CREATE INDEX staff_sessions_by_account ON staff_sessions (username, opened_ms);

-- Records a desk made for a clerk the server cannot vouch for (an unknown
-- account, or one disabled before the record was made, as an offline
-- sign-in allows): kept, as every record is, and listed here for a
-- supervisor (`courtdesk-central flagged`).
CREATE TABLE flagged_records (
    record_id   TEXT PRIMARY KEY,
    terminal_id TEXT NOT NULL,
    clerk       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    made_ms     BIGINT NOT NULL,
    flagged_ms  BIGINT NOT NULL
);

-- Blobs uploaded before this version are held by the sites whose kiosks
-- filed submissions naming them (what desks could read before, less what
-- any other terminal's records merely mention).
INSERT INTO blob_holders (sha256, court_id, site_id, terminal_id, held_ms)
SELECT item ->> 'sha256', r.court_id, r.site_id, r.origin, r.received_ms
FROM records AS r
JOIN terminals AS t ON t.id = r.origin AND t.mode = 'kiosk',
     jsonb_array_elements(
         CASE WHEN jsonb_typeof(r.body::jsonb -> 'items') = 'array'
              THEN r.body::jsonb -> 'items' ELSE '[]'::jsonb END) AS item
WHERE r.kind = 'intake.submitted'
  AND item ->> 'sha256' IS NOT NULL
ON CONFLICT DO NOTHING;
