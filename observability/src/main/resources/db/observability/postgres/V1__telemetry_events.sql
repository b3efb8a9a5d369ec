-- Telemetry: append-only, range-partitioned by day on time. Partitions are created by the application
-- (ahead of time and on demand), dropped whole by retention. The key must contain the partition column;
-- the id is derived from content that includes time, so (time, id) is as unique as id alone.
CREATE TABLE telemetry_events (
    time         timestamptz NOT NULL,
    id           uuid        NOT NULL,
    type         text        NOT NULL,
    known        boolean     NOT NULL,
    execution_id text,
    phase_id     text,
    session_id   text,
    tool_use_id  text,
    data         jsonb       NOT NULL,
    PRIMARY KEY (time, id)
) PARTITION BY RANGE (time);

CREATE INDEX telemetry_events_execution ON telemetry_events (execution_id, time);
CREATE INDEX telemetry_events_session ON telemetry_events (session_id, time);
CREATE INDEX telemetry_events_type ON telemetry_events (type, time);
