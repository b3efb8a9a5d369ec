-- Domain events. position is the rowid: one writer connection commits at a time, so allocation order is
-- commit order and a reader paging by position never skips an event.
CREATE TABLE events (
    position        INTEGER PRIMARY KEY,
    stream_id       TEXT    NOT NULL,
    stream_version  INTEGER NOT NULL,
    event_id        TEXT    NOT NULL,
    type            TEXT    NOT NULL,
    schema_version  INTEGER NOT NULL,
    data            TEXT    NOT NULL,
    correlation_id  TEXT,
    causation_id    TEXT,
    actor           TEXT,
    recorded_at     INTEGER NOT NULL, -- epoch microseconds
    UNIQUE (stream_id, stream_version),
    UNIQUE (event_id)
);

CREATE TABLE snapshots (
    stream_id       TEXT    NOT NULL PRIMARY KEY,
    stream_version  INTEGER NOT NULL,
    schema_version  INTEGER NOT NULL,
    state           TEXT    NOT NULL,
    taken_at        INTEGER NOT NULL
);
