package io.syntropic137.server.stream;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.syntropic137.application.StreamIds;
import io.syntropic137.domain.orchestration.WorkflowExecution;
import io.syntropic137.eventstore.RecordedEvent;
import io.syntropic137.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The live streams (docs/stream.md): {@code GET /api/executions/{id}/stream} and {@code GET /api/activity/stream}.
 * Each request keeps its (virtual) thread while the client is connected, parked on its queue between frames, so an
 * idle client costs a parked virtual thread and its connection, never a platform thread.
 */
public final class StreamRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
    static final String LAST_EVENT_ID = "Last-Event-ID";

    private final ExecutionTail tail;
    private final StreamSettings settings;
    private final java.util.function.UnaryOperator<String> executionIds;

    private StreamRoutes(ExecutionTail tail, StreamSettings settings, java.util.function.UnaryOperator<String> executionIds) {
        this.tail = tail;
        this.settings = settings;
        this.executionIds = executionIds;
    }

    /**
     * @param executionIds turns the id a client gave (a full id or a unique prefix) into the execution's id; an
     *                     ambiguous prefix throws, which the server answers with 409 and the candidates
     */
    public static void register(RoutesConfig routes, ExecutionTail tail, StreamSettings settings,
                                java.util.function.UnaryOperator<String> executionIds) {
        var r = new StreamRoutes(tail, settings, executionIds);
        routes.get("/api/executions/{id}/stream", r::execution);
        routes.get("/api/activity/stream", r::activity);
    }

    private void execution(Context ctx) throws Exception {
        String id = executionIds.apply(ctx.pathParam("id"));
        Long resume = resumePoint(ctx);
        if (resume != null && resume < 0) {
            return;
        }
        List<RecordedEvent> first = tail.store().readStreamForward(StreamIds.of(WorkflowExecution.TYPE, id), 1, 1);
        if (first.isEmpty()) {
            Server.problem(ctx, 404, "not-found", "Not found", "execution '" + id + "' does not exist");
            return;
        }
        // the catch-up always scans from the execution's first event: sessions and a terminal event that lie before
        // the resume point are still needed (to place session frames and to end the stream)
        stream(ctx, id, first.getFirst().position() - 1, resume == null ? 0 : resume);
    }

    private void activity(Context ctx) throws Exception {
        Long resume = resumePoint(ctx);
        if (resume != null && resume < 0) {
            return;
        }
        if (resume == null) {
            stream(ctx, null, -1, 0);
        } else {
            stream(ctx, null, resume, resume);
        }
    }

    private void stream(Context ctx, String executionId, long scanFrom, long resumeAfter) throws InterruptedException {
        var response = ctx.res();
        response.setStatus(200);
        response.setContentType("text/event-stream");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = response.getOutputStream();
            out.flush();
            new StreamSession(tail, settings, executionId, out).run(scanFrom, resumeAfter);
        } catch (IOException e) {
            // the client went away; nothing is lost, it resumes with Last-Event-ID
            LOG.debug("stream of {} closed by the client: {}", executionId == null ? "activity" : executionId, e.toString());
        }
    }

    /**
     * The position the client already has ({@code Last-Event-ID} header, else {@code ?last_event_id=}), null when it
     * gave none, or -1 after answering a 400 problem for a value that is not a position.
     */
    private static Long resumePoint(Context ctx) {
        String text = ctx.header(LAST_EVENT_ID);
        String source = LAST_EVENT_ID;
        if (text == null || text.isBlank()) {
            text = ctx.queryParam("last_event_id");
            source = "last_event_id";
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            long position = Long.parseLong(text.strip());
            if (position >= 0) {
                return position;
            }
        } catch (NumberFormatException e) {
            // answered below, with what is allowed
        }
        Server.problem(ctx, 400, "bad-parameter", "Bad parameter", source + "=" + text
                + " is not a position (a whole number >= 0, the id of the last frame received)");
        return -1L;
    }
}
