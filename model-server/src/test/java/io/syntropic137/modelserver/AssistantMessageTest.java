package io.syntropic137.modelserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSE framing of scripted replies, read back the way a Messages API client reads it. */
class AssistantMessageTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Script script = new ScriptParser().parse("t.json", """
            [{"content": [
                {"type": "text", "text": "I'll write a file with a long enough sentence to need several pieces. \uD83D\uDE00 done"},
                {"type": "tool_use", "name": "Write", "input": {"file_path": "{cwd}/hello.txt", "content": "line 1\\nline \\"2\\"\\n"}}],
              "usage": {"input_tokens": 7, "output_tokens": 33, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 200}}]
            """);
    private final Turn.Reply reply = (Turn.Reply) script.turns().getFirst();

    /** Shaped like Claude Code's request: block-list system, a role:system message with string content. */
    private final ConversationView request = new ConversationView(json("""
            {"model": "claude-test-1", "stream": true,
             "system": [{"type": "text", "text": "You are Claude Code.", "cache_control": {"type": "ephemeral"}}],
             "messages": [
               {"role": "system", "content": "# Environment\\nPrimary working directory: /srv/ws/one\\nPlatform: linux"},
               {"role": "user", "content": [{"type": "text", "text": "<system-reminder>x</system-reminder>"},
                                            {"type": "text", "text": "create hello.txt"}]}]}
            """));

    @Test
    void aTextAndToolUseReplyStreamsAsTheApiFramesItAndReadsBackWhole() {
        AssistantMessage message = AssistantMessage.of(reply, request);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (SseEvent event : message.toEvents(MessagesApi.PIECE_LENGTH)) wire.writeBytes(event.frame());

        List<SseParsing.Event> events = SseParsing.parse(wire.toString(StandardCharsets.UTF_8));

        assertThat(events).extracting(SseParsing.Event::event)
                .startsWith("message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta")
                .endsWith("content_block_stop", "message_delta", "message_stop");
        assertThat(events).filteredOn(e -> e.event().equals("content_block_delta")).hasSizeGreaterThan(4);
        JsonNode start = events.getFirst().data().get("message");
        assertThat(start.get("model").asText()).isEqualTo("claude-test-1");
        assertThat(start.get("id").asText()).startsWith("msg_");
        assertThat(start.get("content").isEmpty()).isTrue();
        assertThat(start.get("usage").get("output_tokens").asLong()).isEqualTo(1);
        assertThat(start.get("usage").get("cache_read_input_tokens").asLong()).isEqualTo(200);

        List<JsonNode> content = SseParsing.contentOf(events);
        assertThat(content.get(0).get("text").asText())
                .isEqualTo("I'll write a file with a long enough sentence to need several pieces. \uD83D\uDE00 done");
        assertThat(content.get(1).get("name").asText()).isEqualTo("Write");
        assertThat(content.get(1).get("id").asText()).startsWith("toolu_");
        assertThat(content.get(1).get("input")).isEqualTo(json(
                "{\"file_path\": \"/srv/ws/one/hello.txt\", \"content\": \"line 1\\nline \\\"2\\\"\\n\"}"));

        JsonNode delta = events.get(events.size() - 2).data();
        assertThat(delta.get("delta").get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.get("usage")).isEqualTo(json("""
                {"input_tokens": 7, "cache_creation_input_tokens": 100, "cache_read_input_tokens": 200, "output_tokens": 33}"""));
    }

    @Test
    void theNonStreamingReplyCarriesTheSameContent() {
        JsonNode message = AssistantMessage.of(reply, request).toJson();

        assertThat(message.get("type").asText()).isEqualTo("message");
        assertThat(message.get("role").asText()).isEqualTo("assistant");
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(message.get("content").get(1).get("input").get("file_path").asText()).isEqualTo("/srv/ws/one/hello.txt");
        assertThat(message.get("usage").get("output_tokens").asLong()).isEqualTo(33);
    }

    @Test
    void everyRenderingGetsFreshMessageAndToolIds() {
        AssistantMessage first = AssistantMessage.of(reply, request);
        AssistantMessage second = AssistantMessage.of(reply, request);

        assertThat(first.id()).isNotEqualTo(second.id());
        assertThat(first.content().get(1).get("id")).isNotEqualTo(second.content().get(1).get("id"));
    }

    @Test
    void piecesNeverSplitASurrogatePair() {
        String text = "ab\uD83D\uDE00cd";

        List<String> pieces = AssistantMessage.pieces(text, 3);

        assertThat(String.join("", pieces)).isEqualTo(text);
        assertThat(pieces).containsExactly("ab", "\uD83D\uDE00c", "d");
        assertThat(AssistantMessage.pieces("\uD83D\uDE00x", 1)).containsExactly("\uD83D\uDE00", "x");
    }

    @Test
    void theRequestViewFindsTheLastUserTextIncludingToolResults() {
        ConversationView view = new ConversationView(json("""
                {"messages": [
                  {"role": "user", "content": "first"},
                  {"role": "assistant", "content": [{"type": "text", "text": "ok"}]},
                  {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "t1", "content": "File created successfully at: /x/hello.txt",
                     "cache_control": {"type": "ephemeral"}},
                    {"type": "tool_result", "tool_use_id": "t2", "content": [{"type": "text", "text": "second result"}]}]}]}
                """));

        assertThat(view.lastUserText()).contains("File created successfully at: /x/hello.txt").contains("second result")
                .doesNotContain("first");
        assertThat(view.workingDirectory()).isEmpty();
        assertThat(view.stream()).isFalse();
        assertThat(view.model()).isEqualTo("unknown-model");
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
