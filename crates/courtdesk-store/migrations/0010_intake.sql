-- Why: document intake files a submission and every review decision as a
-- record (kinds `intake.submitted` and `intake.decided`). Each terminal
-- keeps the intake records it knows of here — its own, written in the
-- transaction that queues their record for the server, and the site's
-- others, taken from the inbox — so a desk's review queue and a kiosk's
-- status lookup work from this table alone, offline too.
CREATE TABLE intake_records (
    record_id     TEXT    PRIMARY KEY CHECK (length(record_id) = 32),
    kind          TEXT    NOT NULL,
    -- The submission the record is about (its own id for a submission).
    submission_id TEXT    NOT NULL,
    origin        TEXT    NOT NULL CHECK (length(origin) = 32),
    hlc_wall_ms   INTEGER NOT NULL CHECK (hlc_wall_ms >= 0),
    hlc_counter   INTEGER NOT NULL CHECK (hlc_counter >= 0),
    body          TEXT    NOT NULL
) WITHOUT ROWID, STRICT;

CREATE INDEX intake_records_by_submission ON intake_records (submission_id);

-- Small named values of intake: the inbox position up to which intake
-- records were taken in.
CREATE TABLE intake_values (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID, STRICT;
