-- Compact event rows, for reading (see SqliteEventColumns): sqlite-jdbc costs one JNI call per column of every row
-- read, so the fields no query filters on and that are always read together (schema version, recorded-at,
-- correlation id, causation id, actor) become one blob, and the event id is stored as its 16 bytes.
-- meta, big-endian: int32 schema_version, int64 recorded_at (epoch microseconds), then per string an int32 UTF-8
-- byte length (-1 = null) and its bytes. It is built here as one hex string and unhexed once, so every byte is
-- defined (no text concatenation of blobs that may hold zero bytes).
ALTER TABLE events RENAME TO events_v1;

CREATE TABLE events (
    position        INTEGER PRIMARY KEY,
    stream_id       TEXT    NOT NULL,
    stream_version  INTEGER NOT NULL,
    event_id        BLOB    NOT NULL, -- the UUID's 16 bytes, most significant first
    type            TEXT    NOT NULL,
    data            TEXT    NOT NULL,
    meta            BLOB    NOT NULL,
    UNIQUE (stream_id, stream_version),
    UNIQUE (event_id)
);

INSERT INTO events (position, stream_id, stream_version, event_id, type, data, meta)
SELECT position, stream_id, stream_version,
       unhex(replace(event_id, '-', '')),
       type, data,
       unhex(substr(printf('%016x', schema_version), 9) || printf('%016x', recorded_at)
             || CASE WHEN correlation_id IS NULL THEN 'ffffffff'
                     ELSE printf('%08x', length(CAST(correlation_id AS BLOB))) || hex(correlation_id) END
             || CASE WHEN causation_id IS NULL THEN 'ffffffff'
                     ELSE printf('%08x', length(CAST(causation_id AS BLOB))) || hex(causation_id) END
             || CASE WHEN actor IS NULL THEN 'ffffffff'
                     ELSE printf('%08x', length(CAST(actor AS BLOB))) || hex(actor) END)
FROM events_v1 ORDER BY position;

DROP TABLE events_v1;
