package io.syntropic137.eventstore.support;

import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.AppendOutcome.Appended;
import io.syntropic137.eventstore.AppendOutcome.WrongExpectedVersion;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.InvalidAppendException;
import io.syntropic137.eventstore.InvalidAppendException.Reason;
import io.syntropic137.eventstore.NewEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Decides a batch of appends in memory, given what storage holds for the streams and event ids involved.
 * Each append is checked on its own, in submission order, against the state left by the appends before it in
 * the same batch, so one conflict never fails its neighbours. The backends only fetch the facts and write the
 * rows; the rules live here once.
 */
public final class AppendPlanner {

    public record Request(String streamId, ExpectedVersion expected, List<NewEvent> events) {
    }

    /** Where an event id is already stored. */
    public record StoredEvent(String streamId, long streamVersion, long position) {
    }

    /** A row to insert. */
    public record Row(long position, String streamId, long streamVersion, NewEvent event) {
    }

    /** One append's decision: an outcome, or a refusal that the caller sees as an exception. */
    public record Decision(AppendOutcome outcome, InvalidAppendException refusal) {
        public AppendOutcome outcomeOrThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return outcome;
        }
    }

    public record Plan(List<Decision> decisions, List<Row> rows) {
    }

    /** The stream ids a batch touches, for the backend's version lookup. */
    public static Set<String> streamIds(Collection<Request> batch) {
        Set<String> ids = new LinkedHashSet<>();
        for (Request request : batch) {
            ids.add(request.streamId());
        }
        return ids;
    }

    /** The event ids a batch carries, for the backend's duplicate lookup. */
    public static List<UUID> eventIds(Collection<Request> batch) {
        List<UUID> ids = new ArrayList<>();
        for (Request request : batch) {
            for (NewEvent event : request.events()) {
                ids.add(event.eventId());
            }
        }
        return ids;
    }

    /**
     * @param versions current version of each stream in the batch (missing = no events)
     * @param stored   the batch's event ids that storage already holds
     * @param head     the highest committed position; new rows continue from it
     */
    public static Plan plan(List<Request> batch, Map<String, Long> versions, Map<UUID, StoredEvent> stored, long head) {
        Map<String, Long> current = new HashMap<>(versions);
        Map<UUID, StoredEvent> known = new HashMap<>(stored);
        List<Decision> decisions = new ArrayList<>(batch.size());
        List<Row> rows = new ArrayList<>();
        long position = head;
        for (Request request : batch) {
            String streamId = request.streamId();
            List<NewEvent> events = request.events();
            Decision earlier = earlierResult(request, known);
            if (earlier != null) {
                decisions.add(earlier);
                continue;
            }
            long actual = current.getOrDefault(streamId, 0L);
            if (!request.expected().isSatisfiedBy(actual)) {
                decisions.add(new Decision(new WrongExpectedVersion(streamId, request.expected(), actual), null));
                continue;
            }
            long firstPosition = position + 1;
            for (int i = 0; i < events.size(); i++) {
                position++;
                long version = actual + 1 + i;
                rows.add(new Row(position, streamId, version, events.get(i)));
                known.put(events.get(i).eventId(), new StoredEvent(streamId, version, position));
            }
            current.put(streamId, actual + events.size());
            decisions.add(new Decision(new Appended(streamId, actual + 1, actual + events.size(), firstPosition, position, false), null));
        }
        return new Plan(decisions, rows);
    }

    /**
     * A retried append (every id stored, in this stream, as one consecutive run) gets its original result;
     * ids that were used by some other append are refused; fresh ids return null.
     */
    private static Decision earlierResult(Request request, Map<UUID, StoredEvent> known) {
        List<NewEvent> events = request.events();
        StoredEvent first = known.get(events.getFirst().eventId());
        int storedCount = 0;
        for (NewEvent event : events) {
            if (known.containsKey(event.eventId())) {
                storedCount++;
            }
        }
        if (storedCount == 0) {
            return null;
        }
        boolean sameRun = first != null && storedCount == events.size();
        for (int i = 0; sameRun && i < events.size(); i++) {
            StoredEvent s = known.get(events.get(i).eventId());
            sameRun = s.streamId().equals(request.streamId()) && s.streamVersion() == first.streamVersion() + i
                    && s.position() == first.position() + i;
        }
        if (sameRun) {
            StoredEvent last = known.get(events.getLast().eventId());
            return new Decision(new Appended(request.streamId(), first.streamVersion(), last.streamVersion(),
                    first.position(), last.position(), true), null);
        }
        for (NewEvent event : events) {
            StoredEvent s = known.get(event.eventId());
            if (s != null) {
                return new Decision(null, new InvalidAppendException(Reason.EVENT_ID_CONFLICT, "event id "
                        + event.eventId() + " is already stored as version " + s.streamVersion() + " of stream '"
                        + s.streamId() + "' by a different append; a retry must resend exactly the same events"));
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private AppendPlanner() {
    }
}
