package io.syntropic137.modelserver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScriptCursorTest {

    private final ScriptParser parser = new ScriptParser();

    @Test
    void aFaultWithTimesIsServedThatOftenThenTheNextTurn() {
        ScriptCursor cursor = new ScriptCursor(parser.parse("s", """
                [{"fault": "http", "status": 529, "times": 2},
                 {"content": [{"type": "text", "text": "ok"}]}]"""));

        assertThat(cursor.next("")).isInstanceOfSatisfying(ScriptCursor.Step.Fail.class, f -> assertThat(f.error().status()).isEqualTo(529));
        assertThat(cursor.next("")).isInstanceOf(ScriptCursor.Step.Fail.class);
        assertThat(text(cursor.next(""))).isEqualTo("ok");
        assertThat(cursor.position()).isEqualTo(2);
    }

    @Test
    void aTurnWithMatchWaitsForItsTextAndPassesOverTurnsBefore() {
        ScriptCursor cursor = new ScriptCursor(parser.parse("s", """
                [{"content": [{"type": "text", "text": "one"}]},
                 {"match": "never sent", "content": [{"type": "text", "text": "skipped"}]},
                 {"match": "result: 42", "content": [{"type": "text", "text": "three"}]}]"""));

        assertThat(text(cursor.next("anything"))).isEqualTo("one");
        assertThat(text(cursor.next("tool said result: 42"))).isEqualTo("three");
        assertThat(text(cursor.next("more"))).isEqualTo(WhenExhausted.DEFAULT_TEXT);
    }

    @Test
    void aRequestThatNoRemainingTurnMatchesGetsTheExhaustedAnswerWithoutLosingTheRest() {
        ScriptCursor cursor = new ScriptCursor(parser.parse("s", """
                [{"match": "tool result", "content": [{"type": "text", "text": "after the tool"}]}]"""));

        assertThat(text(cursor.next("[SUGGESTION MODE: an unforeseen side request]"))).isEqualTo(WhenExhausted.DEFAULT_TEXT);
        assertThat(cursor.position()).isZero();
        assertThat(text(cursor.next("the tool result"))).isEqualTo("after the tool");
        assertThat(cursor.position()).isEqualTo(1);
    }

    @Test
    void anExhaustedScriptAnswersItsConfiguredErrorEveryTime() {
        ScriptCursor cursor = new ScriptCursor(parser.parse("s", """
                {"turns": [], "when_exhausted": {"status": 500, "message": "no more"}}"""));

        for (int i = 0; i < 3; i++) {
            assertThat(cursor.next("")).isInstanceOfSatisfying(ScriptCursor.Step.Fail.class,
                    f -> assertThat(f.error().message()).isEqualTo("no more"));
        }
    }

    @Test
    void aCutStreamsTheBeginningOfTheNextReply() {
        ScriptCursor cursor = new ScriptCursor(parser.parse("s", """
                [{"fault": "drop", "after_events": 4},
                 {"fault": "http", "status": 500},
                 {"content": [{"type": "text", "text": "the real one"}]}]"""));

        assertThat(cursor.next("")).isInstanceOfSatisfying(ScriptCursor.Step.Cut.class, cut -> {
            assertThat(cut.action()).isEqualTo(new FaultAction.DropStream(4));
            assertThat(((ContentBlock.Text) cut.reply().content().getFirst()).text()).isEqualTo("the real one");
        });
        assertThat(cursor.next("")).isInstanceOf(ScriptCursor.Step.Fail.class);
        assertThat(text(cursor.next(""))).isEqualTo("the real one");
    }

    private static String text(ScriptCursor.Step step) {
        assertThat(step).isInstanceOf(ScriptCursor.Step.Answer.class);
        return ((ContentBlock.Text) ((ScriptCursor.Step.Answer) step).reply().content().getFirst()).text();
    }
}
