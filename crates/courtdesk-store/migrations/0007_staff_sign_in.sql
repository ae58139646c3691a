-- Staff sign-in at a desk that may be offline: the credential kept after an
-- online sign-in (an argon2id verifier and the role, never the password), and
-- each account's recent wrong passwords here, so offline guessing meets the
-- same lockout as online. The database is encrypted; whoever could rewrite
-- this table could put any verifier in it.
CREATE TABLE staff_credential (
    username   TEXT PRIMARY KEY,
    -- The cached credential as JSON (username, role, verifier, cached_at_ms).
    credential TEXT
) STRICT;

CREATE TABLE staff_guard (
    username TEXT PRIMARY KEY,
    -- The sign-in guard as JSON (consecutive failures, locked until).
    guard    TEXT NOT NULL
) STRICT;
