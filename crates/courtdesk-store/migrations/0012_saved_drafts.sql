-- Why: a litigant may leave an unfinished submission at the kiosk and carry
-- on at a later visit with a resume code. The draft (its case, items and
-- their material types) is kept here; its files are moved to
-- <data>/intake/drafts/<draft_id>. Neither the code nor the ID number is
-- stored: the row is found by a hash of both keyed with the terminal's
-- secret.
CREATE TABLE saved_drafts (
    -- Keyed hash of the party's key and the resume code.
    code_key    TEXT    PRIMARY KEY,
    -- The terminal's keyed hash of the party's ID number (as in
    -- delivery_seen).
    party_key   TEXT    NOT NULL,
    draft_id    TEXT    NOT NULL UNIQUE,
    -- The draft as draft.json holds it.
    draft       TEXT    NOT NULL,
    saved_at_ms INTEGER NOT NULL
) WITHOUT ROWID, STRICT;

CREATE INDEX saved_drafts_by_age ON saved_drafts (saved_at_ms);
