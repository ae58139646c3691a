-- Why: the server now remembers recent nonces in memory (see src/nonce.rs),
-- which spares every signed request a database write; the table is no
-- longer read or written.
DROP TABLE nonces;
