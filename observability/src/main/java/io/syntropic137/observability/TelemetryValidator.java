package io.syntropic137.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.Validation.Invalid;
import io.syntropic137.observability.Validation.Reason;
import io.syntropic137.observability.Validation.Valid;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Schema validation, the only check telemetry gets: the envelope's shape, the data fields each known type needs,
 * and text both databases can store. No business rule ever rejects an event. Unknown types pass with the flag
 * set.
 *
 * <p>Wire form: {@code {"time": ISO-8601, "type": "...", "execution"?, "phase"?, "session"?, "tool_use_id"?,
 * "data"?: {...}, "id"?}}. An {@code id}, when sent, must equal the one derived from the content.
 */
public final class TelemetryValidator {
    public static final int MAX_ID_LENGTH = 200;
    public static final int DEFAULT_MAX_EVENT_BYTES = 256 * 1024;
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_.\\-]{0,63}");
    private static final Set<String> FIELDS = Set.of("id", "time", "type", "execution", "phase", "session", "tool_use_id", "data");

    private final int maxEventBytes;

    public TelemetryValidator(int maxEventBytes) {
        this.maxEventBytes = maxEventBytes;
    }

    public TelemetryValidator() {
        this(DEFAULT_MAX_EVENT_BYTES);
    }

    /** Validates one event in its wire form. */
    public Validation validate(JsonNode wire) {
        if (!(wire instanceof ObjectNode object)) {
            return new Invalid(Reason.NOT_AN_OBJECT, "an event must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                return new Invalid(Reason.UNKNOWN_FIELD, "unknown field '" + name + "'; allowed: " + FIELDS
                        + " (put anything else inside data)");
            }
        }
        JsonNode timeNode = object.get("time");
        if (timeNode == null || timeNode.isNull()) {
            return new Invalid(Reason.MISSING_TIME, "time is required (ISO-8601 with offset, e.g. 2026-11-24T14:30:06.540Z)");
        }
        if (!timeNode.isTextual()) {
            return new Invalid(Reason.BAD_TIME, "time must be an ISO-8601 string");
        }
        Instant time;
        try {
            time = OffsetDateTime.parse(timeNode.textValue()).toInstant();
        } catch (DateTimeParseException e) {
            return new Invalid(Reason.BAD_TIME, "time '" + timeNode.textValue() + "' is not ISO-8601 with an offset");
        }
        JsonNode typeNode = object.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return new Invalid(Reason.MISSING_TYPE, "type is required");
        }
        if (!typeNode.isTextual()) {
            return new Invalid(Reason.BAD_TYPE, "type must be a string");
        }
        String[] ids = new String[4];
        String[] names = {"execution", "phase", "session", "tool_use_id"};
        for (int i = 0; i < names.length; i++) {
            JsonNode node = object.get(names[i]);
            if (node != null && !node.isNull()) {
                if (!node.isTextual()) {
                    return new Invalid(Reason.BAD_FIELD, names[i] + " must be a string");
                }
                ids[i] = node.textValue();
            }
        }
        JsonNode dataNode = object.get("data");
        ObjectNode data;
        if (dataNode == null || dataNode.isNull()) {
            data = CanonicalJson.MAPPER.createObjectNode();
        } else if (dataNode instanceof ObjectNode dataObject) {
            data = dataObject;
        } else {
            return new Invalid(Reason.DATA_NOT_AN_OBJECT, "data must be a JSON object");
        }
        Validation validation = create(time, typeNode.textValue(), ids[0], ids[1], ids[2], ids[3], data);
        JsonNode idNode = object.get("id");
        if (validation instanceof Valid valid && idNode != null && !idNode.isNull()
                && !idNode.asText().equals(valid.event().id().toString())) {
            return new Invalid(Reason.ID_MISMATCH, "id " + idNode.asText() + " does not match the content (expected "
                    + valid.event().id() + "); leave id out and the collector derives it");
        }
        return validation;
    }

    /** Validates an event built in-process (agent runtimes, parsers). */
    public Validation create(Instant time, String type, String executionId, String phaseId, String sessionId,
                             String toolUseId, ObjectNode data) {
        if (time == null) {
            return new Invalid(Reason.MISSING_TIME, "time is required");
        }
        if (type == null) {
            return new Invalid(Reason.MISSING_TYPE, "type is required");
        }
        if (!TYPE.matcher(type).matches()) {
            return new Invalid(Reason.BAD_TYPE, "type '" + abbreviate(type) + "' must match " + TYPE.pattern());
        }
        String[] names = {"execution", "phase", "session", "tool_use_id"};
        String[] values = {executionId, phaseId, sessionId, toolUseId};
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null && (values[i].isEmpty() || values[i].length() > MAX_ID_LENGTH)) {
                return new Invalid(Reason.BAD_FIELD, names[i] + " must be 1.." + MAX_ID_LENGTH + " characters");
            }
            if (values[i] != null && !storable(values[i])) {
                return new Invalid(Reason.UNSTORABLE_TEXT, names[i] + " contains a NUL character or a lone surrogate");
            }
        }
        ObjectNode payload = data == null ? CanonicalJson.MAPPER.createObjectNode() : data;
        String unstorable = firstUnstorable(payload, "data");
        if (unstorable != null) {
            return new Invalid(Reason.UNSTORABLE_TEXT, unstorable + " contains a NUL character or a lone surrogate,"
                    + " which PostgreSQL cannot store in JSON");
        }
        var known = EventType.fromWireName(type);
        if (known.isPresent()) {
            Invalid problem = TypeSchemas.check(known.get(), toolUseId, sessionId, payload);
            if (problem != null) {
                return problem;
            }
        }
        String canonical = CanonicalJson.write(payload);
        if (canonical.length() > maxEventBytes) {
            return new Invalid(Reason.TOO_LARGE, "data is " + canonical.length() + " characters; the limit is " + maxEventBytes);
        }
        Instant truncated = Micros.truncate(time);
        UUID id = EventIds.of(truncated, type, executionId, phaseId, sessionId, toolUseId, canonical);
        return new Valid(new TelemetryEvent(id, truncated, type, known.isPresent(), executionId, phaseId, sessionId,
                toolUseId, canonical));
    }

    private static String firstUnstorable(JsonNode node, String path) {
        if (node.isTextual()) {
            return storable(node.textValue()) ? null : path;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (!storable(field.getKey())) {
                    return path + " (a key)";
                }
                String found = firstUnstorable(field.getValue(), path + "." + field.getKey());
                if (found != null) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = firstUnstorable(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static boolean storable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}
