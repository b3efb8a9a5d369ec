package io.syntropic137.observability.postgres;

import io.syntropic137.observability.TelemetryEvent;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Rows in COPY's text format, in the table's column order. */
final class CopyEncoder {
    static final String COLUMNS = "time, id, type, known, execution_id, phase_id, session_id, tool_use_id, data";

    static byte[] encode(List<TelemetryEvent> events) {
        StringBuilder out = new StringBuilder(events.size() * 320);
        encode(events, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static void encode(List<TelemetryEvent> events, StringBuilder out) {
        for (TelemetryEvent event : events) {
            out.append(event.time()).append('\t')
                    .append(event.id()).append('\t');
            text(out, event.type()).append('\t')
                    .append(event.knownType() ? 't' : 'f').append('\t');
            text(out, event.executionId()).append('\t');
            text(out, event.phaseId()).append('\t');
            text(out, event.sessionId()).append('\t');
            text(out, event.toolUseId()).append('\t');
            text(out, event.dataJson()).append('\n');
        }
    }

    private static StringBuilder text(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out;
    }

    private CopyEncoder() {
    }
}
