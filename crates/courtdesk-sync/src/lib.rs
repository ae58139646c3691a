//! The terminal's side of sync: the outbox, the audit chain, the HTTPS client and the background drain.
