-- The terminal's own identity: exactly one row, written on the first start and
-- never changed, so that everything the terminal records can be traced to it.
CREATE TABLE terminal (
    singleton     INTEGER PRIMARY KEY CHECK (singleton = 1),
    terminal_id   TEXT    NOT NULL CHECK (length(terminal_id) = 32),
    created_at_ms INTEGER NOT NULL
) STRICT;
