package io.syntropic137.modelserver;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScriptParserTest {

    private final ScriptParser parser = new ScriptParser();

    @Test
    void readsRepliesFaultsAndTheExhaustedAnswer() {
        Script script = parser.parse("full.json", """
                {"turns": [
                   {"fault": "http", "status": 529, "retry_after": 2, "times": 3},
                   {"match": "please", "model": "m-1", "chunk_delay_ms": 5, "stop_reason": "max_tokens",
                    "content": [{"type": "text", "text": "hi"},
                                {"type": "tool_use", "id": "toolu_1", "name": "Write", "input": {"file_path": "{cwd}/a"}}],
                    "usage": {"input_tokens": 1, "output_tokens": 2, "cache_creation_input_tokens": 3, "cache_read_input_tokens": 4}},
                   {"fault": "drop", "after_events": 5},
                   {"fault": "stall", "stall_ms": 250},
                   {"fault": "stall"}
                 ],
                 "when_exhausted": {"status": 500, "message": "out of turns"}}
                """);

        assertThat(script.name()).isEqualTo("full.json");
        assertThat(script.turns()).hasSize(5);
        assertThat(script.turns().get(0)).isEqualTo(new Turn.Fault(Optional.empty(),
                new FaultAction.HttpError(529, Optional.of(2L), "Overloaded"), 3));
        Turn.Reply reply = (Turn.Reply) script.turns().get(1);
        assertThat(reply.match()).contains("please");
        assertThat(reply.model()).contains("m-1");
        assertThat(reply.chunkDelayMs()).isEqualTo(5);
        assertThat(reply.stopReason()).isEqualTo("max_tokens");
        assertThat(reply.usage()).isEqualTo(new Usage(1, 2, 3, 4));
        assertThat(reply.content().get(0)).isEqualTo(new ContentBlock.Text("hi"));
        ContentBlock.ToolUse tool = (ContentBlock.ToolUse) reply.content().get(1);
        assertThat(tool.id()).contains("toolu_1");
        assertThat(tool.name()).isEqualTo("Write");
        assertThat(tool.input().get("file_path").textValue()).isEqualTo("{cwd}/a");
        assertThat(((Turn.Fault) script.turns().get(2)).action()).isEqualTo(new FaultAction.DropStream(5));
        assertThat(((Turn.Fault) script.turns().get(3)).action()).isEqualTo(new FaultAction.StallStream(3, Optional.of(250L)));
        assertThat(((Turn.Fault) script.turns().get(4)).action()).isEqualTo(new FaultAction.StallStream(3, Optional.empty()));
        assertThat(script.whenExhausted()).isEqualTo(new WhenExhausted.Error(500, "out of turns"));
    }

    @Test
    void aBareListOfTurnsGetsDefaultsForStopReasonUsageAndTheExhaustedAnswer() {
        Script script = parser.parse("short.json", """
                [{"content": [{"type": "tool_use", "name": "Bash", "input": {"command": "ls"}}]},
                 {"content": [{"type": "text", "text": "twelve chars"}]}]
                """);

        Turn.Reply tool = (Turn.Reply) script.turns().get(0);
        Turn.Reply text = (Turn.Reply) script.turns().get(1);
        assertThat(tool.stopReason()).isEqualTo("tool_use");
        assertThat(((ContentBlock.ToolUse) tool.content().getFirst()).id()).isEmpty();
        assertThat(text.stopReason()).isEqualTo("end_turn");
        assertThat(text.usage()).isEqualTo(new Usage(ScriptParser.DEFAULT_INPUT_TOKENS, 3, 0, 0));
        assertThat(script.whenExhausted()).isEqualTo(WhenExhausted.DEFAULT);
    }

    @Test
    void theBuiltInDemoScriptParses() {
        Script demo = parser.parseResource(ModelServerMain.DEMO_SCRIPT);

        assertThat(demo.turns()).hasSize(3);
        assertThat(demo.turns().get(0)).isInstanceOfSatisfying(Turn.Reply.class,
                reply -> assertThat(reply.content()).anyMatch(b -> b instanceof ContentBlock.ToolUse t && t.name().equals("Write")));
    }

    @Test
    void readsAFileAndNamesItInErrors(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"turns\": [\n  {\"content\": [}\n]}");

        assertThatThrownBy(() -> parser.parse(file))
                .isInstanceOf(ScriptException.class)
                .hasMessageStartingWith("broken.json: not valid JSON at line 2, column");
        assertThatThrownBy(() -> parser.parse(dir.resolve("missing.json")))
                .isInstanceOf(ScriptException.class)
                .hasMessageContaining("cannot read script").hasMessageContaining("missing.json");
    }

    @Test
    void badScriptsAreRefusedWithThePathOfTheProblem() {
        assertRefused("", "s.json: the script is empty");
        assertRefused("42", "s.json: a script is an object with \"turns\" or a list of turns, not a number");
        assertRefused("{}", "s.json: a script needs \"turns\" (a list)");
        assertRefused("{\"turns\": [], \"turn\": 1}", "s.json: turn: unknown key; allowed here: [turns, when_exhausted]");
        assertRefused("[{\"content\": []}]", "s.json: turns[0].content: must be a non-empty list of blocks");
        assertRefused("[{\"text\": \"hi\"}]", "s.json: turns[0].text: unknown key");
        assertRefused("[{\"stop_reason\": \"end_turn\"}]", "s.json: turns[0]: a reply needs \"content\"");
        assertRefused("[{\"content\": [{\"type\": \"image\"}]}]",
                "s.json: turns[0].content[0].type: expected \"text\" or \"tool_use\", got \"image\"");
        assertRefused("[{\"content\": [{\"type\": \"tool_use\", \"input\": {}}]}]", "s.json: turns[0].content[0]: needs \"name\"");
        assertRefused("[{\"content\": [{\"type\": \"tool_use\", \"name\": \"Bash\", \"input\": \"ls\"}]}]",
                "s.json: turns[0].content[0].input: must be an object, not a string");
        assertRefused("[{\"content\": [{\"type\": \"text\", \"text\": 5}]}]", "s.json: turns[0].content[0].text: must be a string, not a number");
        assertRefused("[{\"content\": [{\"type\": \"text\", \"text\": \"x\"}], \"stop_reason\": \"done\"}]",
                "s.json: turns[0].stop_reason: unknown stop reason \"done\"");
        assertRefused("[{\"content\": [{\"type\": \"text\", \"text\": \"x\"}], \"usage\": {\"output_tokens\": -1}}]",
                "s.json: turns[0].usage.output_tokens: must be a whole number >= 0, not -1");
        assertRefused("[{\"content\": [{\"type\": \"text\", \"text\": \"x\"}], \"usage\": {\"cached\": 1}}]",
                "s.json: turns[0].usage.cached: unknown key");
        assertRefused("[{\"fault\": \"timeout\"}]", "s.json: turns[0].fault: unknown fault \"timeout\"; expected http, drop or stall");
        assertRefused("[{\"fault\": \"http\"}]", "s.json: turns[0]: needs \"status\" (an HTTP status 400-599)");
        assertRefused("[{\"fault\": \"http\", \"status\": 200}]", "s.json: turns[0].status: must be an HTTP error status 400-599, got 200");
        assertRefused("[{\"fault\": \"http\", \"status\": 500, \"times\": 0}]", "s.json: turns[0].times: must be at least 1");
        assertRefused("[{\"fault\": \"drop\", \"stall_ms\": 5}]", "s.json: turns[0].stall_ms: unknown key");
        assertRefused("[{\"fault\": \"drop\", \"match\": \"\"}]", "s.json: turns[0].match: must not be empty");
        assertRefused("{\"turns\": [], \"when_exhausted\": {\"text\": \"a\", \"status\": 500}}",
                "s.json: when_exhausted: give either \"text\" (a final reply) or \"status\" (an HTTP error)");
        assertRefused("{\"turns\": [], \"turns\": []}", "s.json: not valid JSON at line 1");
    }

    private void assertRefused(String json, String expectedStart) {
        assertThatThrownBy(() -> parser.parse("s.json", json))
                .isInstanceOf(ScriptException.class)
                .hasMessageStartingWith(expectedStart);
    }
}
