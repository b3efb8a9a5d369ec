-- Domain events. position is the global order and equals commit order: it is allocated as max(position) + 1
-- by a writer that holds the transaction-scoped advisory lock until it commits (see docs/architecture.md).
CREATE TABLE events (
    position        bigint      NOT NULL PRIMARY KEY,
    stream_id       text        NOT NULL,
    stream_version  bigint      NOT NULL,
    event_id        uuid        NOT NULL,
    type            text        NOT NULL,
    schema_version  integer     NOT NULL,
    data            text        NOT NULL,
    correlation_id  text,
    causation_id    text,
    actor           text,
    recorded_at     timestamptz NOT NULL,
    CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version),
    CONSTRAINT events_event_id_key UNIQUE (event_id)
);

CREATE TABLE snapshots (
    stream_id       text        NOT NULL PRIMARY KEY,
    stream_version  bigint      NOT NULL,
    schema_version  integer     NOT NULL,
    state           text        NOT NULL,
    taken_at        timestamptz NOT NULL DEFAULT now()
);
