-- Why: the hall's queue is the set of queue events every terminal records
-- (a ticket issued, called, finished...), merged in one order. Each
-- terminal keeps the events it knows of here — its own, written in the
-- transaction that queues their record for the server, and the others',
-- taken from the inbox — so it can rebuild the queue while offline.
CREATE TABLE queue_events (
    event_id TEXT PRIMARY KEY,
    -- The site's local day the event's ticket belongs to, YYYY-MM-DD.
    day      TEXT NOT NULL,
    body     TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX queue_events_by_day ON queue_events (day);

-- Small named values of the queue: a kiosk's leased numbers (written in
-- the same transaction as each ticket it issues), the inbox position up to
-- which queue events were taken in, lease requests awaiting an answer.
CREATE TABLE queue_values (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
