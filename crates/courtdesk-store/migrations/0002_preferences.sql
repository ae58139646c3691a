-- Operator preferences that survive a restart, such as the language a clerk
-- chose at the service window. Keys are fixed by the code; values are text.
CREATE TABLE preference (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
