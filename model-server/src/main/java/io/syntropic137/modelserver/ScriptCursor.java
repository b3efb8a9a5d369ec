package io.syntropic137.modelserver;

import java.util.List;
import java.util.Optional;

/**
 * One session's position in its script. Each call to {@link #next} answers one Messages API request and moves
 * the position on; a fault with {@code times: n} stays current for n requests. Thread-safe: a client may
 * retry on a new connection while an old one is still being served.
 */
final class ScriptCursor {

    /** What to do with one request. */
    sealed interface Step {
        record Answer(Turn.Reply reply) implements Step {
        }

        record Fail(FaultAction.HttpError error) implements Step {
        }

        /** Stream the first events of {@code reply}, then drop or stall as {@code action} says. */
        record Cut(FaultAction action, Turn.Reply reply) implements Step {
        }
    }

    private final Script script;
    private int position;
    private int servedOfCurrentFault;

    ScriptCursor(Script script) {
        this.script = script;
    }

    synchronized Step next(String lastUserText) {
        List<Turn> turns = script.turns();
        int index = firstMatching(position, lastUserText);
        if (index < 0) {
            // nothing left matches this request (perhaps a side request the script did not foresee): answer it
            // as exhausted, but keep the position so the turns still waiting for their match can serve later
            return exhausted();
        }
        if (index != position) servedOfCurrentFault = 0;
        position = index;
        return switch (turns.get(index)) {
            case Turn.Reply reply -> {
                position = index + 1;
                servedOfCurrentFault = 0;
                yield new Step.Answer(reply);
            }
            case Turn.Fault fault -> {
                if (++servedOfCurrentFault >= fault.times()) {
                    position = index + 1;
                    servedOfCurrentFault = 0;
                }
                yield switch (fault.action()) {
                    case FaultAction.HttpError error -> new Step.Fail(error);
                    case FaultAction.DropStream drop -> new Step.Cut(drop, replyAfter(index));
                    case FaultAction.StallStream stall -> new Step.Cut(stall, replyAfter(index));
                };
            }
        };
    }

    /** The index of the next turn to consider; equals the number of turns once every turn is used up. */
    synchronized int position() {
        return position;
    }

    private int firstMatching(int from, String lastUserText) {
        List<Turn> turns = script.turns();
        for (int i = from; i < turns.size(); i++) {
            Optional<String> match = turns.get(i).match();
            if (match.isEmpty() || lastUserText.contains(match.get())) return i;
        }
        return -1;
    }

    /** The reply a cut stream starts to send: the next reply in the script, so the partial content is realistic. */
    private Turn.Reply replyAfter(int faultIndex) {
        List<Turn> turns = script.turns();
        for (int i = faultIndex + 1; i < turns.size(); i++) {
            if (turns.get(i) instanceof Turn.Reply reply) return reply;
        }
        return finalText(script.whenExhausted() instanceof WhenExhausted.FinalText text
                ? text.text() : WhenExhausted.DEFAULT_TEXT);
    }

    private Step exhausted() {
        return switch (script.whenExhausted()) {
            case WhenExhausted.FinalText text -> new Step.Answer(finalText(text.text()));
            case WhenExhausted.Error error ->
                    new Step.Fail(new FaultAction.HttpError(error.status(), Optional.empty(), error.message()));
        };
    }

    private static Turn.Reply finalText(String text) {
        return new Turn.Reply(Optional.empty(), List.of(new ContentBlock.Text(text)), "end_turn",
                new Usage(ScriptParser.DEFAULT_INPUT_TOKENS, Math.max(1, (text.length() + 3) / 4), 0, 0),
                Optional.empty(), 0);
    }
}
