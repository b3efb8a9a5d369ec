package io.syntropic137.eventstore.support;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.syntropic137.eventstore.ExpectedVersion;
import io.syntropic137.eventstore.InvalidAppendException;
import io.syntropic137.eventstore.InvalidAppendException.Reason;
import io.syntropic137.eventstore.NewEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/** Checks an append before any backend touches storage, so bad input never writes anything. */
public final class AppendValidator {

    /** Letters, digits and a few separators; starts with a letter or digit; at most 200 characters. */
    private static final Pattern STREAM_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/+=\\-]{0,199}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9._\\-]{0,127}");
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build())
            // field names are looked up in a shared symbol table (events repeat the same few names, so no String is
            // made for them) but never String.intern()ed, which would be wasted work on the hot path
            .enable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            // shared buffers: the default pool is per thread, so each virtual-thread caller allocated fresh ones
            .recyclerPool(JsonRecyclerPools.sharedLockFreePool())
            .build();

    private final StoreLimits limits;

    public AppendValidator(StoreLimits limits) {
        this.limits = limits;
    }

    public void validate(String streamId, ExpectedVersion expected, List<NewEvent> events) {
        validateStreamId(streamId);
        if (expected == null) {
            throw new InvalidAppendException(Reason.EXPECTED_VERSION,
                    "expected version is missing: use 'any', 'no-stream' or a version number");
        }
        if (events == null || events.isEmpty()) {
            throw new InvalidAppendException(Reason.EMPTY_APPEND, "an append needs at least one event");
        }
        if (events.size() > limits.maxEventsPerAppend()) {
            throw new InvalidAppendException(Reason.TOO_MANY_EVENTS, "an append holds at most "
                    + limits.maxEventsPerAppend() + " events, this one has " + events.size());
        }
        Set<UUID> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            NewEvent event = events.get(i);
            String where = "event " + i + (event != null && event.type() != null ? " (" + event.type() + ")" : "");
            if (event == null || event.eventId() == null) {
                throw new InvalidAppendException(Reason.DUPLICATE_EVENT_ID, where + " has no event id");
            }
            if (!ids.add(event.eventId())) {
                throw new InvalidAppendException(Reason.DUPLICATE_EVENT_ID,
                        where + " repeats event id " + event.eventId() + " within one append");
            }
            if (event.type() == null || !EVENT_TYPE.matcher(event.type()).matches()) {
                throw new InvalidAppendException(Reason.EVENT_TYPE, where + " has an invalid type '" + event.type()
                        + "': 1-128 characters, a letter first, then letters, digits, '.', '_' or '-'");
            }
            if (event.schemaVersion() < 1) {
                throw new InvalidAppendException(Reason.SCHEMA_VERSION,
                        where + " has schema version " + event.schemaVersion() + ", must be >= 1");
            }
            checkSize(where, event);
            checkJsonObject(where, event.data());
        }
    }

    public static void validateStreamId(String streamId) {
        if (streamId == null || streamId.isEmpty()) {
            throw new InvalidAppendException(Reason.STREAM_ID, "stream id is empty");
        }
        if (!STREAM_ID.matcher(streamId).matches()) {
            throw new InvalidAppendException(Reason.STREAM_ID, "stream id '" + abbreviate(streamId)
                    + "' is malformed: 1-200 characters, a letter or digit first, then letters, digits or . _ : @ / + = -");
        }
    }

    private void checkSize(String where, NewEvent event) {
        String data = event.data();
        if (data == null) {
            return; // reported as invalid JSON below
        }
        var causation = event.causation();
        long chars = (long) data.length() + length(event.type()) + length(causation.correlationId())
                + length(causation.causationId()) + length(causation.actor());
        if (chars * 3 <= limits.maxEventBytes()) {
            return; // a char is at most 3 UTF-8 bytes: certainly within the limit, no need to count exactly
        }
        long bytes = utf8Length(data) + utf8Length(event.type());
        bytes += utf8Length(causation.correlationId()) + utf8Length(causation.causationId()) + utf8Length(causation.actor());
        if (bytes > limits.maxEventBytes()) {
            throw new InvalidAppendException(Reason.EVENT_TOO_LARGE, where + " is " + bytes
                    + " bytes, the limit is " + limits.maxEventBytes()
                    + " bytes; store large content in the content store and reference it");
        }
    }

    private static void checkJsonObject(String where, String data) {
        if (data == null) {
            throw new InvalidAppendException(Reason.INVALID_JSON, where + " has no data; send a JSON object");
        }
        try (JsonParser parser = JSON.createParser(data)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidAppendException(Reason.INVALID_JSON,
                        where + " data must be a JSON object, found " + (first == null ? "nothing" : first.asString()));
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new InvalidAppendException(Reason.INVALID_JSON,
                        where + " data has trailing content after the JSON object at "
                                + parser.currentTokenLocation().offsetDescription());
            }
        } catch (IOException e) {
            throw new InvalidAppendException(Reason.INVALID_JSON, where + " data is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static long utf8Length(String s) {
        if (s == null) {
            return 0;
        }
        long ascii = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return ascii;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
