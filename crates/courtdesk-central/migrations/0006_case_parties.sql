-- Why: document intake at the kiosk offers the identified litigant their
-- cases. The court's case system puts each case with its parties; a party
-- is named as deliveries name them, by the keyed hash of the ID number
-- (never the number itself). Putting a case again replaces its rows.

CREATE TABLE case_parties (
    court_id     TEXT    NOT NULL,
    case_number  TEXT    NOT NULL,
    -- HMAC-SHA256 of the party's ID number under the server's lookup key.
    party_lookup TEXT    NOT NULL,
    -- The short title: the cause of action.
    title        TEXT    NOT NULL,
    role         TEXT    NOT NULL CHECK (role IN ('plaintiff', 'defendant',
                         'third_party', 'applicant', 'respondent', 'other')),
    updated_ms   INTEGER NOT NULL,
    PRIMARY KEY (court_id, case_number, party_lookup)
) WITHOUT ROWID;

CREATE INDEX case_parties_by_party ON case_parties (court_id, party_lookup);
