-- The group-commit writer's fast path: one call (one round trip, its own transaction when the caller is in
-- autocommit) that takes the ordering lock, reads the head, reports which streams other writers changed since
-- the caller's last batch, inserts the rows at head + 1 .. head + n and sends the commit notification.
--
-- Ordering (docs/architecture.md): VOLATILE, so every statement below takes a fresh snapshot in READ COMMITTED;
-- the head is therefore read after the lock is granted, i.e. after the previous holder's commit became visible.
-- The lock is transaction-scoped and is released at commit, after this transaction's rows are visible.
--
-- Concurrency checks: the caller plans stream versions from its cache. A stale or missing cache entry can only
-- make it write a version that already exists (versions are dense), which the unique key (stream_id,
-- stream_version) refuses; a re-sent event id hits the unique key on event_id. Either raises unique_violation
-- (23505), the whole call rolls back, and the caller takes the slow path that reads every fact it needs.
--
-- Returns one row (NULL, head before the insert), then one row per stream that other writers changed in
-- (known_head, head] when known_head >= 0, with the stream's highest version, so the caller's cache stays true.
CREATE FUNCTION eventstore_append(lock_key bigint, known_head bigint, recorded timestamptz,
                                  streams text[], versions bigint[], ids text[], types text[], schemas int[],
                                  payloads text[], correlations text[], causations text[], actors text[])
    RETURNS TABLE (stream_id text, stream_version bigint)
    LANGUAGE plpgsql VOLATILE
AS $$
#variable_conflict use_column
DECLARE
    base bigint;
BEGIN
    PERFORM pg_advisory_xact_lock(lock_key);
    SELECT coalesce(max(e.position), 0) INTO base FROM events e;
    stream_id := NULL;
    stream_version := base;
    RETURN NEXT;
    IF known_head >= 0 AND base > known_head THEN
        RETURN QUERY SELECT e.stream_id, max(e.stream_version)
                       FROM events e WHERE e.position > known_head AND e.position <= base GROUP BY e.stream_id;
    END IF;
    INSERT INTO events (position, stream_id, stream_version, event_id, type, schema_version, data,
                        correlation_id, causation_id, actor, recorded_at)
    SELECT base + r.n, r.s, r.v, r.i::uuid, r.t, r.sv, r.d, r.co, r.ca, r.a, recorded
      FROM unnest(streams, versions, ids, types, schemas, payloads, correlations, causations, actors)
           WITH ORDINALITY AS r(s, v, i, t, sv, d, co, ca, a, n);
    PERFORM pg_notify('syn_events', (base + cardinality(streams))::text);
END
$$;
