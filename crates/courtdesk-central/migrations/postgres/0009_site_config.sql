-- The configuration of each site (a service hall) of a court, kept by the
-- server so that every terminal of the site runs the same one. Every change
-- is a new version, never an update: the history says who changed what and
-- when, and the letter a service prints on a day is read from it.
CREATE TABLE site_config_versions (
    court_id      TEXT NOT NULL,
    site_id       TEXT NOT NULL,
    -- 1 for the site's first version, then one more each time; the primary
    -- key makes two administrators writing the same number one winner.
    number        BIGINT NOT NULL,
    -- Lowercase hex SHA-256 of the parent version; NULL for version 1.
    parent_digest TEXT,
    -- Lowercase hex SHA-256 of the version's canonical JSON.
    digest        TEXT NOT NULL,
    -- The version's JSON (`courtdesk_site::SiteConfigVersion`) as signed.
    version_json  TEXT NOT NULL,
    -- Base64 of the court key's Ed25519 signature over the signing bytes.
    signature     TEXT NOT NULL,
    -- The administrator's username, or `cli:<user>` for the command line.
    made_by       TEXT NOT NULL,
    made_ms       BIGINT NOT NULL,
    PRIMARY KEY (court_id, site_id, number)
);
