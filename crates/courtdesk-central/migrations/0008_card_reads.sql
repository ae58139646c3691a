-- Kiosks an administrator registered as having a resident ID card reader
-- (`courtdesk-central card-reader <terminal> on`): only they may present a
-- card read to the server.
ALTER TABLE terminals ADD COLUMN card_reader INTEGER NOT NULL DEFAULT 0;

-- Every card read a kiosk presented, for a supervisor's audit of which
-- kiosk identified whom (`courtdesk-central card-reads`). The number is
-- kept only as its keyed lookup hash, as on `parties`.
CREATE TABLE card_reads (
    id                 INTEGER PRIMARY KEY,
    terminal_id        TEXT NOT NULL REFERENCES terminals (id),
    resident_id_lookup TEXT NOT NULL,
    -- NULL when nobody with the number is on file at the kiosk's site.
    party_id           TEXT,
    -- SHA-256 of the card data the kiosk's reader released.
    card_digest        TEXT NOT NULL,
    -- 1 when the number's previous read carried another digest (a new
    -- card, or a kiosk not reading what it claims).
    digest_changed     INTEGER NOT NULL,
    read_ms            INTEGER NOT NULL
);

CREATE INDEX card_reads_by_number ON card_reads (resident_id_lookup, id);
CREATE INDEX card_reads_by_terminal ON card_reads (terminal_id, id);

-- The clerk who published a delivery or put a case from a desk (NULL when
-- the court's case system or the command line did), so "which clerk did
-- this" has an answer for every record a desk makes.
ALTER TABLE deliveries ADD COLUMN clerk TEXT;
ALTER TABLE case_parties ADD COLUMN clerk TEXT;
