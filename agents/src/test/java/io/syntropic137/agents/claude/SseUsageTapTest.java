package io.syntropic137.agents.claude;

import io.syntropic137.domain.shared.TokenUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class SseUsageTapTest {
    private static final String STREAM = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","model":"m","usage":{"input_tokens":10,"output_tokens":1,"cache_creation_input_tokens":100,"cache_read_input_tokens":5}}}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"hi"}}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":42}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    private final List<TokenUsage> reported = new ArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private void feed(String stream, int pieceSize) {
        SseUsageTap tap = new SseUsageTap(seen, (model, tokens) -> reported.add(tokens));
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += pieceSize) {
            byte[] piece = java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + pieceSize));
            tap.accept(piece, piece.length);
        }
        tap.finish();
    }

    @Test
    void theFinalCountsComeFromMessageDeltaMergedWithTheStart() {
        feed(STREAM, 7); // lines split across reads
        assertThat(reported).containsExactly(new TokenUsage(10, 42, 100, 5));
    }

    @Test
    void aMessageIdIsReportedOnceEvenWhenItsStreamIsSeenAgain() {
        feed(STREAM, 8192);
        feed(STREAM, 8192);
        assertThat(reported).hasSize(1);
    }

    @Test
    void aStreamCutBeforeItsDeltaIsReportedWithTheStartSnapshot() {
        feed(STREAM.substring(0, STREAM.indexOf("event: message_delta")), 8192);
        assertThat(reported).containsExactly(new TokenUsage(10, 1, 100, 5));
    }
}
