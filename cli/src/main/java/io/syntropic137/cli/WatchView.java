package io.syntropic137.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a watch shows: the execution's status, each phase's status, current tool, tokens and cost, elapsed time
 * and a progress bar. Built from the execution's detail, then updated by each stream frame. On a terminal it
 * redraws one block in place; otherwise (a pipe, a log, a test) it prints one line per frame.
 */
final class WatchView {
    private static final String ANSI_UP = "\u001b[%dA";
    private static final String ANSI_CLEAR_DOWN = "\u001b[J";

    private final PrintWriter out;
    private final boolean redraw;
    private final String executionId;
    private final Map<String, PhaseProgress> phases = new LinkedHashMap<>();
    private String status;
    private Instant startedAt;
    private int drawnLines;
    /** When the last frame happened: an ended execution's elapsed time stops there, not at the reader's clock. */
    private Instant lastFrameAt;

    /** The live state of one phase. */
    private static final class PhaseProgress {
        final String id;
        String status;
        String tool;
        long tokensIn;
        long tokensOut;
        BigDecimal cost = BigDecimal.ZERO;
        Instant startedAt;
        Instant endedAt;

        PhaseProgress(String id, String status) {
            this.id = id;
            this.status = status;
        }
    }

    WatchView(PrintWriter out, boolean redraw, JsonNode detail) {
        this.out = out;
        this.redraw = redraw;
        JsonNode summary = detail.path("summary");
        this.executionId = summary.path("executionId").asText();
        this.status = summary.path("status").asText("?");
        this.startedAt = instant(summary.get("startedAt"));
        for (JsonNode p : detail.path("phases")) {
            PhaseProgress phase = new PhaseProgress(p.path("phaseId").asText(), p.path("status").asText("PENDING"));
            phase.startedAt = instant(p.get("startedAt"));
            phase.endedAt = instant(p.get("completedAt"));
            phases.put(phase.id, phase);
        }
    }

    /** Applies one frame and shows it. */
    void apply(String kind, JsonNode data) {
        Instant at = instant(data.get("at"));
        if (at != null) {
            lastFrameAt = at;
        }
        String type = data.path("type").asText(kind);
        String phaseId = data.hasNonNull("phase_id") ? data.get("phase_id").asText() : null;
        PhaseProgress phase = phaseId == null ? null : phases.computeIfAbsent(phaseId, id -> new PhaseProgress(id, "PENDING"));
        String line;
        switch (kind) {
            case "execution" -> {
                status = data.path("status").asText(status);
                if ("ExecutionStarted".equals(type) && startedAt == null) {
                    startedAt = at;
                }
                line = "execution " + status + " (" + type + detailOf(data) + ")";
            }
            case "phase" -> {
                applyPhase(phase, type, data, at);
                line = "phase " + phaseId + " " + (phase == null ? type : phase.status + " (" + type + ")")
                        + usageOf(data) + detailOf(data);
            }
            case "tool" -> {
                if (phase != null) {
                    phase.tool = data.path("tool").asText();
                }
                line = "phase " + phaseId + " tool " + data.path("tool").asText();
            }
            case "usage" -> {
                if (phase != null) {
                    phase.tokensIn += inputTokens(data.get("tokens"));
                    phase.tokensOut += data.path("tokens").path("output").asLong();
                    if (data.hasNonNull("cost_usd")) {
                        phase.cost = phase.cost.add(data.get("cost_usd").decimalValue());
                    }
                }
                line = "phase " + phaseId + " usage " + data.path("model").asText() + usageOf(data);
            }
            case "session" -> line = "phase " + phaseId + " session " + data.path("session_id").asText()
                    + (data.hasNonNull("outcome") ? " " + data.get("outcome").asText() : " started");
            case "artifact" -> line = "phase " + phaseId + " artifact " + data.path("artifact_id").asText() + " \""
                    + data.path("title").asText() + "\" " + data.path("size_bytes").asLong() + " bytes";
            default -> line = kind + " " + type; // a kind newer than this client: shown, not interpreted
        }
        show(line, at);
    }

    private static void applyPhase(PhaseProgress phase, String type, JsonNode data, Instant at) {
        if (phase == null) {
            return;
        }
        switch (type) {
            case "PhaseStarted" -> {
                phase.status = "RUNNING";
                phase.startedAt = at;
                phase.endedAt = null;
            }
            case "PhaseCompleted" -> {
                phase.status = "COMPLETED";
                phase.tool = null;
                phase.endedAt = at;
                if (data.hasNonNull("tokens")) { // the phase's totals replace the running sums
                    phase.tokensIn = inputTokens(data.get("tokens"));
                    phase.tokensOut = data.get("tokens").path("output").asLong();
                }
                if (data.hasNonNull("cost_usd")) {
                    phase.cost = data.get("cost_usd").decimalValue();
                }
            }
            case "PhaseAttemptFailed" -> {
                phase.status = "ATTEMPT_FAILED";
                phase.tool = null;
            }
            case "ApprovalRequested" -> phase.status = "AWAITING_APPROVAL";
            case "PhaseApproved" -> phase.status = "APPROVED";
            case "PhaseRejected" -> {
                phase.status = "REJECTED";
                phase.endedAt = at;
            }
            default -> {
                // workspace, agent and artifact bookkeeping events: no status change
            }
        }
    }

    private void show(String line, Instant at) {
        if (!redraw) {
            out.println("[" + String.format("%7s", Formats.duration(elapsed(at))) + "] " + line);
            out.flush();
            return;
        }
        if (drawnLines > 0) {
            out.print(String.format(ANSI_UP, drawnLines) + ANSI_CLEAR_DOWN);
        }
        drawnLines = block(line, at);
        out.flush();
    }

    /** Draws the whole state; returns how many lines it took. */
    private int block(String lastEvent, Instant now) {
        java.io.StringWriter text = new java.io.StringWriter();
        PrintWriter w = new PrintWriter(text);
        w.println(summaryLine(now));
        phaseTable(now).print(w);
        if (lastEvent != null) {
            w.println("last: " + lastEvent);
        }
        w.flush();
        String drawn = text.toString();
        out.print(drawn);
        return (int) drawn.chars().filter(c -> c == '\n').count();
    }

    /** The final picture, printed when the stream ends. */
    void finish(String finalStatus) {
        status = finalStatus;
        Instant end = lastFrameAt != null ? lastFrameAt : Instant.now();
        if (redraw) {
            if (drawnLines > 0) {
                out.print(String.format(ANSI_UP, drawnLines) + ANSI_CLEAR_DOWN);
            }
            drawnLines = 0;
            block(null, end);
        } else {
            out.println(summaryLine(end));
            phaseTable(end).print(out);
        }
        out.flush();
    }

    private String summaryLine(Instant now) {
        long done = phases.values().stream().filter(p -> p.status.equals("COMPLETED")).count();
        long in = phases.values().stream().mapToLong(p -> p.tokensIn).sum();
        long outTokens = phases.values().stream().mapToLong(p -> p.tokensOut).sum();
        BigDecimal cost = phases.values().stream().map(p -> p.cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        return "execution " + executionId + "  " + status + "  " + Formats.progressBar((int) done, phases.size(), 20)
                + "  tokens " + in + " in / " + outTokens + " out  cost " + Formats.cost(cost)
                + "  elapsed " + Formats.duration(elapsed(now));
    }

    private Table phaseTable(Instant now) {
        Table table = new Table("PHASE", "STATUS", "TOOL", "TOKENS", "COST", "ELAPSED");
        for (PhaseProgress p : phases.values()) {
            String elapsed = p.startedAt == null ? "-"
                    : Formats.duration(Duration.between(p.startedAt, p.endedAt != null ? p.endedAt : max(now, p.startedAt)));
            table.row(p.id, p.status, p.tool, p.tokensIn + " in / " + p.tokensOut + " out", Formats.cost(p.cost), elapsed);
        }
        return table;
    }

    private Duration elapsed(Instant at) {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        Instant now = at == null ? Instant.now() : at;
        return now.isBefore(startedAt) ? Duration.ZERO : Duration.between(startedAt, now);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static long inputTokens(JsonNode tokens) {
        if (tokens == null) {
            return 0;
        }
        return tokens.path("input").asLong() + tokens.path("cache_creation").asLong() + tokens.path("cache_read").asLong();
    }

    private static String usageOf(JsonNode data) {
        StringBuilder s = new StringBuilder();
        if (data.hasNonNull("tokens")) {
            s.append(" tokens ").append(inputTokens(data.get("tokens"))).append(" in / ")
                    .append(data.get("tokens").path("output").asLong()).append(" out");
        }
        if (data.hasNonNull("cost_usd")) {
            s.append(" cost ").append(Formats.cost(data.get("cost_usd").decimalValue()));
        }
        return s.toString();
    }

    private static String detailOf(JsonNode data) {
        for (String field : new String[] {"error", "reason"}) {
            if (data.hasNonNull(field) && !data.get(field).asText().isBlank()) {
                return ": " + data.get(field).asText();
            }
        }
        return "";
    }

    private static Instant instant(JsonNode node) {
        if (node == null || node.isNull() || !node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null; // a timestamp in another format only costs the elapsed column
        }
    }
}
