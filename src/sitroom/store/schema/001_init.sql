-- sitroom store, migration 001: the first schema.
--
-- One row per article (keyed by the contract's article.id) holding the full contract
-- record as JSON (the canonical copy), and flat tables derived from it in the same
-- transaction for queries. Child tables carry article_id; an article is always written
-- or replaced together with all its children, so no child row exists without its article.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    name        VARCHAR NOT NULL,
    applied_at  TIMESTAMP NOT NULL
);

CREATE TABLE articles (
    id            VARCHAR PRIMARY KEY,   -- article.id: the caller's id, else sha1 of the text
    title         VARCHAR,
    url           VARCHAR,
    outlet        VARCHAR,
    published     DATE,
    language      VARCHAR,
    source        VARCHAR,               -- where it was read from (path[:line], <stdin>)
    text          VARCHAR NOT NULL,      -- the text every span offset points into
    text_hash     VARCHAR NOT NULL,      -- sha1 of text
    input_hash    VARCHAR NOT NULL,      -- sha1 of text + metadata given: decides "unchanged"
    extractor     VARCHAR NOT NULL,      -- sitroom version that extracted it
    n_events      INTEGER NOT NULL,
    n_claims      INTEGER NOT NULL,
    linked        BOOLEAN NOT NULL DEFAULT false,  -- its events are in the saved linker state
    ingested_at   TIMESTAMP NOT NULL,
    record        JSON NOT NULL          -- the sitroom/article@1 record
);

CREATE TABLE events (
    article_id            VARCHAR NOT NULL,
    event_id              VARCHAR NOT NULL,
    type                  VARCHAR NOT NULL,
    mode                  VARCHAR,
    acled_event_type      VARCHAR,
    acled_sub_event_type  VARCHAR,
    actor1_name           VARCHAR,
    actor1_id             VARCHAR,
    actor1_country        VARCHAR,
    actor1_sector         VARCHAR,
    actor2_name           VARCHAR,
    actor2_id             VARCHAR,
    actor2_country        VARCHAR,
    actor2_sector         VARCHAR,
    date_text             VARCHAR,
    date_value            DATE,
    date_earliest         DATE,
    date_latest           DATE,
    date_precision        VARCHAR,
    location_text         VARCHAR,
    location_name         VARCHAR,
    location_geonameid    BIGINT,
    location_lat          DOUBLE,
    location_lon          DOUBLE,
    location_country      VARCHAR,     -- ISO 3166-1 alpha-2, as in the contract
    location_country3     VARCHAR,     -- alpha-3, for filters and exports
    location_admin1       VARCHAR,
    location_feature      VARCHAR,
    location_precision    VARCHAR,
    fatalities            INTEGER,
    injured               INTEGER,
    arrested              INTEGER,
    status                VARCHAR NOT NULL,
    background            BOOLEAN NOT NULL,
    confidence            DOUBLE NOT NULL,
    evidence_start        INTEGER,     -- first evidence span
    evidence_end          INTEGER,
    evidence_text         VARCHAR,     -- all evidence spans' text, joined by a space
    asserted_by           JSON NOT NULL,   -- [Actor]
    denied_by             JSON NOT NULL,   -- [Actor]
    event                 JSON NOT NULL    -- the contract Event
);

-- every actor an event names, by role: actor1, actor2, asserted_by, denied_by
CREATE TABLE event_actors (
    article_id   VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL,
    role         VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    name         VARCHAR NOT NULL,
    actor_id     VARCHAR,
    country      VARCHAR,
    sector       VARCHAR,
    affiliation  VARCHAR,
    text         VARCHAR
);

CREATE VIEW event_asserted_by AS
    SELECT article_id, event_id, position, name, actor_id, country, sector, affiliation, text
    FROM event_actors WHERE role = 'asserted_by';

CREATE VIEW event_denied_by AS
    SELECT article_id, event_id, position, name, actor_id, country, sector, affiliation, text
    FROM event_actors WHERE role = 'denied_by';

CREATE TABLE claims (
    article_id           VARCHAR NOT NULL,
    claim_id             VARCHAR NOT NULL,
    speaker_name         VARCHAR NOT NULL,
    speaker_id           VARCHAR,
    speaker_country      VARCHAR,
    speaker_sector       VARCHAR,
    speaker_affiliation  VARCHAR,
    cue                  VARCHAR NOT NULL,
    stance               VARCHAR NOT NULL,
    content_start        INTEGER NOT NULL,
    content_end          INTEGER NOT NULL,
    content_text         VARCHAR NOT NULL,
    date_value           DATE,
    fatalities           INTEGER,
    claim                JSON NOT NULL     -- the contract Claim
);

CREATE TABLE claim_events (
    article_id  VARCHAR NOT NULL,
    claim_id    VARCHAR NOT NULL,
    event_id    VARCHAR NOT NULL
);

-- every place, actor and time mention of an article, in record order
CREATE TABLE places (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    name        VARCHAR NOT NULL,
    geonameid   BIGINT,
    lat         DOUBLE NOT NULL,
    lon         DOUBLE NOT NULL,
    country     VARCHAR,
    admin1      VARCHAR,
    feature     VARCHAR NOT NULL,
    precision   VARCHAR,
    span_start  INTEGER,
    span_end    INTEGER
);

CREATE TABLE actors (
    article_id   VARCHAR NOT NULL,
    position     INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    name         VARCHAR NOT NULL,
    actor_id     VARCHAR,
    country      VARCHAR,
    sector       VARCHAR,
    affiliation  VARCHAR,
    span_start   INTEGER,
    span_end     INTEGER
);

CREATE TABLE times (
    article_id  VARCHAR NOT NULL,
    position    INTEGER NOT NULL,
    text        VARCHAR,
    value       DATE,
    earliest    DATE,
    latest      DATE,
    precision   VARCHAR,
    timex       VARCHAR,
    span_start  INTEGER,
    span_end    INTEGER
);

-- incidents: materialised from the linker state at each link checkpoint
CREATE TABLE incidents (
    id              VARCHAR PRIMARY KEY,
    type            VARCHAR NOT NULL,
    mode            VARCHAR,
    date_value      DATE,
    date_earliest   DATE,
    date_latest     DATE,
    location_name   VARCHAR,
    location_lat    DOUBLE,
    location_lon    DOUBLE,
    location_country   VARCHAR,
    location_country3  VARCHAR,
    location_admin1 VARCHAR,
    status          VARCHAR NOT NULL,
    fatalities_min  INTEGER,
    fatalities_max  INTEGER,
    n_members       INTEGER NOT NULL,
    n_outlets       INTEGER NOT NULL,
    incident        JSON NOT NULL     -- the contract Incident
);

CREATE TABLE incident_members (
    incident_id  VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL,
    outlet       VARCHAR,
    score        DOUBLE
);

-- the incident linker's own state (one row), so the next ingest links incrementally
CREATE TABLE linker_state (
    id          INTEGER PRIMARY KEY,
    encoding    VARCHAR NOT NULL,   -- 'json+zlib': zlib-compressed UTF-8 JSON
    state       BLOB NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
