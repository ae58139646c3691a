-- Why: documents (scans, imported files) travel to the server as
-- content-addressed blobs, separately from the records that name them. This
-- queue keeps each blob the terminal still owes the server, written in the
-- same transaction as the record that names it, until the server has
-- verified its SHA-256; only then may the file be let go.
CREATE TABLE blob_uploads (
    sha256      TEXT PRIMARY KEY,
    -- Where the bytes are: a file this terminal wrote, never a name a user
    -- typed.
    path        TEXT NOT NULL,
    size        INTEGER NOT NULL,
    queued_ms   INTEGER NOT NULL,
    -- Set once the server has verified the bytes against the hash.
    verified_ms INTEGER,
    -- Set when the server refused the bytes for good (they do not match
    -- their hash: the local file is damaged).
    refused     TEXT
) WITHOUT ROWID;
