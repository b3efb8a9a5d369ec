package io.syntropic137.observability.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.syntropic137.observability.CanonicalJson;
import io.syntropic137.observability.EventType;
import io.syntropic137.observability.TelemetryEvent;
import io.syntropic137.observability.TelemetryValidator;
import io.syntropic137.observability.Validation;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Claude Code's built-in OpenTelemetry export (OTLP/HTTP with JSON encoding: {@code CLAUDE_CODE_ENABLE_TELEMETRY=1},
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL=http/json}) → telemetry events. Field names per the OTLP JSON mapping; shapes
 * checked against what Claude Code 2.1.331 really sends (recorded in {@code src/test/resources/otlp}).
 *
 * <p>Logs: {@code claude_code.api_request} → token_usage (keyed by the API request id), {@code tool_result} →
 * tool_execution_completed/failed, {@code tool_decision} with {@code reject} → permission_denied,
 * {@code user_prompt} → prompt_submitted, {@code api_error} → error. Every other log event is stored under its own
 * name (e.g. {@code claude_code.plugin_loaded}) with the unknown-type flag: never dropped. A record whose mapped form
 * the schema refuses (an api_request without a model, say) is stored the same way, with the reason, rather than lost.
 *
 * <p>Metrics: one {@code metric} event per data point (name, value, unit, interval, attributes). The token and
 * cost counters are kept for audit but not turned into token_usage: the same API calls arrive as api_request
 * logs, and counting both would bill every call twice.
 *
 * <p>Attribution: {@code session.id} and our {@code syn.execution_id} / {@code syn.phase_id} / {@code syn.repo}
 * (set through {@code OTEL_RESOURCE_ATTRIBUTES}), from the record's attributes, else the resource's, else the
 * {@link AgentContext} the request named. Ids come from content as everywhere else (time, names, attributes and
 * the CLI's {@code event.sequence}), so a re-sent export is stored once.
 */
public final class OtlpJsonParser {
    /** Resource attribute the claude-code runtime sets when its model proxy already meters the agent's usage. */
    public static final String USAGE_METERED = "syn.usage_metered";
    public static final String EXECUTION = "syn.execution_id";
    public static final String PHASE = "syn.phase_id";
    public static final String REPO = "syn.repo";
    public static final String SESSION = "session.id";
    private static final Set<String> PROMOTED = Set.of(EXECUTION, PHASE, REPO, SESSION, USAGE_METERED);
    private static final String REDACTED = "<REDACTED>";

    /** One record (log record or metric data point) that could not be stored, and where it was. */
    public record Rejected(int index, String path, String reason, String detail) {
    }

    /** What one export request became; {@code records} counts every log record or data point seen. */
    public record Parsed(List<TelemetryEvent> events, List<Rejected> rejected, int records) {
    }

    /** The request body is not an OTLP export request at all (the whole request is refused). */
    public static final class NotOtlp extends IllegalArgumentException {
        public NotOtlp(String message) {
            super(message);
        }
    }

    private final TelemetryValidator validator = new TelemetryValidator();

    /** An {@code ExportLogsServiceRequest}: {@code {"resourceLogs": [{resource, scopeLogs: [{scope, logRecords}]}]}}. */
    public Parsed logs(JsonNode body, AgentContext context, Instant receivedAt) {
        Collector out = new Collector();
        for (Located<JsonNode> resource : list(body, "resourceLogs", "", out)) {
            ObjectNode resourceAttributes = attributesOrReject(resource.node().path("resource"), out, resource.path());
            if (resourceAttributes == null) {
                continue;
            }
            for (Located<JsonNode> scope : list(resource.node(), "scopeLogs", resource.path(), out)) {
                for (Located<JsonNode> record : list(scope.node(), "logRecords", scope.path(), out)) {
                    int index = out.records++;
                    try {
                        logRecord(record.node(), resourceAttributes, context, receivedAt, out);
                    } catch (BadRecord bad) {
                        out.rejected.add(new Rejected(index, record.path(), bad.reason, bad.getMessage()));
                    }
                }
            }
        }
        return out.result();
    }

    /** An {@code ExportMetricsServiceRequest}: {@code {"resourceMetrics": [{resource, scopeMetrics: [{scope, metrics}]}]}}. */
    public Parsed metrics(JsonNode body, AgentContext context, Instant receivedAt) {
        Collector out = new Collector();
        for (Located<JsonNode> resource : list(body, "resourceMetrics", "", out)) {
            ObjectNode resourceAttributes = attributesOrReject(resource.node().path("resource"), out, resource.path());
            if (resourceAttributes == null) {
                continue;
            }
            for (Located<JsonNode> scope : list(resource.node(), "scopeMetrics", resource.path(), out)) {
                for (Located<JsonNode> metric : list(scope.node(), "metrics", scope.path(), out)) {
                    metric(metric, resourceAttributes, context, receivedAt, out);
                }
            }
        }
        return out.result();
    }

    private void logRecord(JsonNode record, ObjectNode resourceAttributes, AgentContext context, Instant receivedAt,
                           Collector out) {
        if (!record.isObject()) {
            throw new BadRecord("not_an_object", "a log record must be a JSON object");
        }
        ObjectNode attributes = resourceAttributes.deepCopy();
        attributes.setAll(attributes(record.get("attributes"), "attributes"));
        Instant time = time(record, receivedAt);
        Attribution who = Attribution.of(attributes, context);
        String name = eventName(record, attributes);
        ObjectNode rest = withoutPromoted(attributes, resourceAttributes);

        ObjectNode data = base(name, attributes, rest);
        String type;
        String toolUseId = null;
        switch (name) {
            case "claude_code.api_request" -> {
                if (attributes.hasNonNull(USAGE_METERED)) {
                    // our model proxy already counted this call; a second token_usage would bill it twice
                    data.put("not_counted", "usage metered by " + attributes.get(USAGE_METERED).asText());
                    type = name;
                } else {
                    type = EventType.TOKEN_USAGE.wireName();
                    String requestId = text(attributes, "request_id");
                    data.put("message_id", requestId != null ? requestId
                            : "otel:" + text(attributes, "prompt.id") + ":" + text(attributes, "event.sequence"));
                    copyText(attributes, "model", data, "model");
                    copyCount(attributes, "input_tokens", data, "input_tokens");
                    copyCount(attributes, "output_tokens", data, "output_tokens");
                    copyCount(attributes, "cache_creation_tokens", data, "cache_creation_input_tokens");
                    copyCount(attributes, "cache_read_tokens", data, "cache_read_input_tokens");
                    copyNumber(attributes, "cost_usd", data, "cost_usd");
                    copyNumber(attributes, "duration_ms", data, "duration_ms");
                    if (who.repo() != null) {
                        data.put("repo", who.repo());
                    }
                }
            }
            case "claude_code.tool_result" -> {
                toolUseId = text(attributes, "tool_use_id");
                boolean success = "true".equalsIgnoreCase(text(attributes, "success"));
                type = (success ? EventType.TOOL_EXECUTION_COMPLETED : EventType.TOOL_EXECUTION_FAILED).wireName();
                copyText(attributes, "tool_name", data, "tool_name");
                copyNumber(attributes, "duration_ms", data, "duration_ms");
                copyText(attributes, "error", data, "error");
            }
            case "claude_code.tool_decision" -> {
                toolUseId = text(attributes, "tool_use_id");
                if ("reject".equalsIgnoreCase(text(attributes, "decision"))) {
                    type = EventType.PERMISSION_DENIED.wireName();
                    copyText(attributes, "tool_name", data, "tool_name");
                    data.put("reason", "rejected by " + text(attributes, "source"));
                } else {
                    type = name;
                }
            }
            case "claude_code.user_prompt" -> {
                type = EventType.PROMPT_SUBMITTED.wireName();
                copyText(attributes, "prompt.id", data, "prompt_id");
                copyNumber(attributes, "prompt_length", data, "prompt_length");
                String prompt = text(attributes, "prompt");
                if (prompt != null && !prompt.equals(REDACTED)) {
                    data.set("prompt", EventFactory.trimmed(attributes.get("prompt")));
                }
            }
            case "claude_code.api_error" -> {
                type = EventType.ERROR.wireName();
                data.put("problem", "api_error");
                copyText(attributes, "error", data, "error");
                copyNumber(attributes, "status_code", data, "status_code");
                copyNumber(attributes, "attempt", data, "attempt");
                copyText(attributes, "model", data, "model");
            }
            default -> type = name;
        }
        out.add(validator, time, type, who, toolUseId, data, name);
    }

    private void metric(Located<JsonNode> located, ObjectNode resourceAttributes, AgentContext context,
                        Instant receivedAt, Collector out) {
        JsonNode metric = located.node();
        String kind = null;
        for (String candidate : List.of("sum", "gauge", "histogram", "exponentialHistogram", "summary")) {
            if (metric.path(candidate).isObject()) {
                kind = candidate;
            }
        }
        String name = metric.path("name").asText("");
        if (!metric.isObject() || kind == null || name.isEmpty()) {
            out.rejected.add(new Rejected(out.records++, located.path(), "bad_metric",
                    "a metric needs a name and one of sum, gauge, histogram, exponentialHistogram, summary"));
            return;
        }
        JsonNode body = metric.get(kind);
        for (Located<JsonNode> point : list(body, "dataPoints", located.path() + "." + kind, out)) {
            int index = out.records++;
            try {
                if (!point.node().isObject()) {
                    throw new BadRecord("not_an_object", "a data point must be a JSON object");
                }
                ObjectNode attributes = resourceAttributes.deepCopy();
                attributes.setAll(attributes(point.node().get("attributes"), "attributes"));
                ObjectNode data = EventFactory.object();
                data.put("source", "otel");
                data.put("name", name);
                data.put("kind", kind);
                data.put("unit", metric.path("unit").asText(""));
                if (point.node().has("asDouble")) {
                    data.set("value", number(point.node().get("asDouble"), "asDouble"));
                } else if (point.node().has("asInt")) {
                    data.set("value", number(point.node().get("asInt"), "asInt"));
                } else {
                    data.set("point", EventFactory.trimmed(point.node()));
                }
                Instant start = nanos(point.node().get("startTimeUnixNano"), "startTimeUnixNano");
                if (start != null) {
                    data.put("start_time", start.toString());
                }
                int temporality = body.path("aggregationTemporality").asInt(0);
                if (temporality != 0) {
                    data.put("temporality", temporality == 1 ? "delta" : temporality == 2 ? "cumulative" : "unspecified");
                }
                if (body.has("isMonotonic")) {
                    data.put("monotonic", body.get("isMonotonic").asBoolean());
                }
                data.set("attributes", withoutPromoted(attributes, resourceAttributes));
                serviceVersion(resourceAttributes, data);
                Instant time = nanos(point.node().get("timeUnixNano"), "timeUnixNano");
                out.add(validator, time != null ? time : receivedAt, EventType.METRIC.wireName(),
                        Attribution.of(attributes, context), null, data, name);
            } catch (BadRecord bad) {
                out.rejected.add(new Rejected(index, point.path(), bad.reason, bad.getMessage()));
            }
        }
    }

    private static ObjectNode base(String name, ObjectNode attributes, ObjectNode rest) {
        ObjectNode data = EventFactory.object();
        data.put("source", "otel");
        data.put("event_name", name);
        JsonNode sequence = attributes.get("event.sequence");
        if (sequence != null && sequence.isNumber()) {
            data.set("sequence", sequence);
        }
        data.set("attributes", EventFactory.trimmed(rest));
        return data;
    }

    private static void serviceVersion(ObjectNode resourceAttributes, ObjectNode data) {
        if (resourceAttributes.hasNonNull("service.version")) {
            data.put("service_version", resourceAttributes.get("service.version").asText());
        }
    }

    /** The record's attributes minus those that became columns and those every record repeats from the resource. */
    private static ObjectNode withoutPromoted(ObjectNode attributes, ObjectNode resourceAttributes) {
        ObjectNode rest = EventFactory.object();
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!PROMOTED.contains(field.getKey()) && !field.getValue().equals(resourceAttributes.get(field.getKey()))) {
                rest.set(field.getKey(), field.getValue());
            }
        }
        return rest;
    }

    /** The event's name: Claude Code puts {@code claude_code.<name>} in the body and {@code <name>} in event.name. */
    private static String eventName(JsonNode record, ObjectNode attributes) {
        String body = record.path("body").path("stringValue").asText("");
        String eventName = text(attributes, "event.name");
        String name;
        if (!body.isEmpty() && body.length() <= 64 && (eventName == null || body.endsWith(eventName))) {
            name = body;
        } else if (eventName != null) {
            name = eventName;
        } else {
            name = "otel.log";
        }
        String type = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.\\-]", "_");
        if (!type.contains(".")) {
            // a bare name could collide with one of our own types and borrow its meaning
            type = "otel." + type;
        }
        if (!Character.isLetter(type.charAt(0))) {
            type = "x" + type;
        }
        return type.length() > 64 ? type.substring(0, 64) : type;
    }

    private static Instant time(JsonNode record, Instant receivedAt) {
        Instant time = nanos(record.get("timeUnixNano"), "timeUnixNano");
        if (time == null) {
            time = nanos(record.get("observedTimeUnixNano"), "observedTimeUnixNano");
        }
        // OTLP: both unset means the time is unknown; the receive time is the best we have (a re-send differs)
        return time != null ? time : receivedAt;
    }

    /** Unix nanoseconds as OTLP JSON writes them (a decimal string, or a number from lenient encoders); 0 = unset. */
    private static Instant nanos(JsonNode node, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        BigInteger value;
        try {
            if (node.isTextual()) {
                value = new BigInteger(node.textValue());
            } else if (node.isIntegralNumber()) {
                value = node.bigIntegerValue();
            } else {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new BadRecord("bad_time", field + " must be Unix nanoseconds (a decimal string)");
        }
        if (value.signum() < 0 || value.bitLength() > 63) {
            throw new BadRecord("bad_time", field + " is out of range");
        }
        long n = value.longValue();
        return n == 0 ? null : Instant.ofEpochSecond(n / 1_000_000_000L, n % 1_000_000_000L);
    }

    private static JsonNode number(JsonNode node, String field) {
        if (node.isNumber()) {
            return node;
        }
        if (node.isTextual()) {
            try {
                // int64 is a string in OTLP JSON
                return JsonNodeFactory.instance.numberNode(Long.parseLong(node.textValue()));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new BadRecord("bad_value", field + " must be a number");
    }

    private static ObjectNode attributesOrReject(JsonNode resource, Collector out, String path) {
        try {
            return attributes(resource.get("attributes"), "resource.attributes");
        } catch (BadRecord bad) {
            out.rejected.add(new Rejected(out.records++, path + ".resource", bad.reason, bad.getMessage()
                    + " (every record of this resource is refused with it)"));
            return null;
        }
    }

    /** OTLP {@code KeyValue[]} → a JSON object of plain values. */
    static ObjectNode attributes(JsonNode list, String where) {
        ObjectNode out = EventFactory.object();
        if (list == null || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new BadRecord("bad_attributes", where + " must be an array of {key, value}");
        }
        for (JsonNode entry : list) {
            JsonNode key = entry.get("key");
            if (key == null || !key.isTextual()) {
                throw new BadRecord("bad_attributes", where + " has an entry without a string key");
            }
            out.set(key.textValue(), anyValue(entry.get("value"), where + "." + key.textValue()));
        }
        return out;
    }

    /** OTLP {@code AnyValue} → plain JSON. */
    private static JsonNode anyValue(JsonNode value, String where) {
        if (value == null || value.isNull() || value.isEmpty()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (!value.isObject()) {
            throw new BadRecord("bad_attributes", where + " must be an AnyValue object such as {\"stringValue\": ...}");
        }
        if (value.has("stringValue")) {
            return JsonNodeFactory.instance.textNode(value.get("stringValue").asText());
        }
        if (value.has("boolValue")) {
            return JsonNodeFactory.instance.booleanNode(value.get("boolValue").asBoolean());
        }
        if (value.has("intValue")) {
            JsonNode n = value.get("intValue");
            try {
                return n.isIntegralNumber() ? n : JsonNodeFactory.instance.numberNode(Long.parseLong(n.asText()));
            } catch (NumberFormatException e) {
                throw new BadRecord("bad_attributes", where + ": intValue must be an integer");
            }
        }
        if (value.has("doubleValue")) {
            JsonNode n = value.get("doubleValue");
            if (n.isNumber()) {
                return n;
            }
            try {
                return JsonNodeFactory.instance.numberNode(Double.parseDouble(n.asText()));
            } catch (NumberFormatException e) {
                throw new BadRecord("bad_attributes", where + ": doubleValue must be a number");
            }
        }
        if (value.has("bytesValue")) {
            return JsonNodeFactory.instance.textNode(value.get("bytesValue").asText());
        }
        if (value.has("arrayValue")) {
            ArrayNode array = CanonicalJson.MAPPER.createArrayNode();
            for (JsonNode element : value.path("arrayValue").path("values")) {
                array.add(anyValue(element, where + "[]"));
            }
            return array;
        }
        if (value.has("kvlistValue")) {
            return attributes(value.path("kvlistValue").get("values"), where);
        }
        throw new BadRecord("bad_attributes", where + " has no known AnyValue field");
    }

    private static String text(ObjectNode attributes, String key) {
        JsonNode value = attributes.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void copyText(ObjectNode from, String key, ObjectNode to, String as) {
        JsonNode value = from.get(key);
        if (value != null && !value.isNull()) {
            to.set(as, EventFactory.trimmed(value.isTextual() ? value : JsonNodeFactory.instance.textNode(value.asText())));
        }
    }

    /** Claude Code sends some counts as strings ("duration_ms": "13"); numbers are stored as numbers. */
    private static void copyNumber(ObjectNode from, String key, ObjectNode to, String as) {
        JsonNode value = from.get(key);
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isNumber()) {
            to.set(as, value);
            return;
        }
        try {
            to.put(as, new java.math.BigDecimal(value.asText()));
        } catch (NumberFormatException e) {
            to.put(as, value.asText());
        }
    }

    private static void copyCount(ObjectNode from, String key, ObjectNode to, String as) {
        copyNumber(from, key, to, as);
    }

    private record Located<T>(T node, String path) {
    }

    private static List<Located<JsonNode>> list(JsonNode parent, String field, String path, Collector out) {
        if (!path.isEmpty() && (parent == null || !parent.isObject())) {
            out.rejected.add(new Rejected(out.records++, path, "not_an_object", path + " must be a JSON object"));
            return List.of();
        }
        JsonNode list = parent == null ? null : parent.get(field);
        String here = path.isEmpty() ? field : path + "." + field;
        if (list == null || list.isNull()) {
            if (path.isEmpty() && (parent == null || !parent.isObject())) {
                throw new NotOtlp("the body must be a JSON object with " + field);
            }
            return List.of();
        }
        if (!list.isArray()) {
            if (path.isEmpty()) {
                throw new NotOtlp(field + " must be an array");
            }
            // whatever it held cannot be read: said, not skipped in silence
            out.rejected.add(new Rejected(out.records++, here, "bad_structure", field + " must be an array"));
            return List.of();
        }
        List<Located<JsonNode>> located = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            located.add(new Located<>(list.get(i), here + "[" + i + "]"));
        }
        return located;
    }

    private record Attribution(String execution, String phase, String session, String repo) {
        static Attribution of(ObjectNode attributes, AgentContext context) {
            return new Attribution(
                    firstNonBlank(text(attributes, EXECUTION), context.executionId()),
                    firstNonBlank(text(attributes, PHASE), context.phaseId()),
                    blankToNull(text(attributes, SESSION)),
                    firstNonBlank(text(attributes, REPO), context.repo()));
        }

        private static String firstNonBlank(String a, String b) {
            return blankToNull(a) != null ? a : blankToNull(b);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    private static final class BadRecord extends RuntimeException {
        final String reason;

        BadRecord(String reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private static final class Collector {
        final List<TelemetryEvent> events = new ArrayList<>();
        final List<Rejected> rejected = new ArrayList<>();
        int records;

        /**
         * Adds the mapped event; when the schema refuses the mapped form, the record is kept under its own name
         * with the reason. Only text no database can store rejects the record.
         */
        void add(TelemetryValidator validator, Instant time, String type, Attribution who, String toolUseId,
                 ObjectNode data, String name) {
            Validation mapped = validator.create(time, type, who.execution(), who.phase(), who.session(), toolUseId, data);
            if (mapped instanceof Validation.Valid valid) {
                events.add(valid.event());
                return;
            }
            Validation.Invalid why = (Validation.Invalid) mapped;
            if (!type.equals(name) && why.reason() != Validation.Reason.UNSTORABLE_TEXT
                    && why.reason() != Validation.Reason.TOO_LARGE) {
                data.put("unmapped_reason", why.reason().code() + ": " + why.detail());
                Validation raw = validator.create(time, name, who.execution(), who.phase(), who.session(), toolUseId, data);
                if (raw instanceof Validation.Valid valid) {
                    events.add(valid.event());
                    return;
                }
                why = (Validation.Invalid) raw;
            }
            throw new BadRecord(why.reason().code(), why.detail());
        }

        Parsed result() {
            return new Parsed(List.copyOf(events), List.copyOf(rejected), records);
        }
    }
}
