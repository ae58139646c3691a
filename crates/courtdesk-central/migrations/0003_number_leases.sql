-- Why: kiosks issue queue ticket numbers while cut off from the server, so
-- each leases blocks of a service's numbers for a day ahead of need. This
-- table is the only authority over which kiosk may issue which numbers:
-- blocks of one (court, site, service, day) never overlap. A request id
-- makes a retried lease request return the block it was granted before.
CREATE TABLE number_leases (
    court_id    TEXT NOT NULL,
    site_id     TEXT NOT NULL,
    service     TEXT NOT NULL,
    day         TEXT NOT NULL,
    start       INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    terminal_id TEXT NOT NULL REFERENCES terminals (id),
    request_id  TEXT NOT NULL,
    granted_ms  INTEGER NOT NULL,
    PRIMARY KEY (court_id, site_id, service, day, start),
    UNIQUE (terminal_id, request_id)
);
