-- Why: document intake lets the identified litigant pick one of their
-- cases. The kiosk asks the court server for the party's case list and
-- keeps the last answer here, so the list is still offered while the
-- server cannot be reached.
CREATE TABLE party_cases (
    -- The terminal's keyed hash of the party's ID number (as in
    -- delivery_seen).
    party_key  TEXT    PRIMARY KEY,
    -- The case list as the server last gave it (JSON).
    cases      TEXT    NOT NULL,
    seen_at_ms INTEGER NOT NULL
) WITHOUT ROWID, STRICT;
