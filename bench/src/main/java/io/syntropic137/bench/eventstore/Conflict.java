package io.syntropic137.bench.eventstore;

import io.syntropic137.eventstore.AppendOutcome;
import io.syntropic137.eventstore.EventStore;
import io.syntropic137.eventstore.ExpectedVersion;

import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * W5: two writers race for the same version of the same stream, released together by a barrier. Exactly one
 * must win and the other must get a typed conflict naming the version the winner made; nothing else is correct.
 */
final class Conflict {
    private static final String STREAM = "w5-contested";

    record Result(boolean ok, int rounds, int correctRounds, String firstProblem) {
    }

    private Conflict() {
    }

    static Result run(BenchDatabase database, Settings settings, ToolCallEvents events) throws Exception {
        int rounds = settings.w5Rounds();
        int correct = 0;
        String problem = null;
        CyclicBarrier start = new CyclicBarrier(2);
        try (EventStore store = database.openStore(); ExecutorService racers = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < rounds; round++) {
                long version = store.streamVersion(STREAM);
                List<Future<AppendOutcome>> race = List.of(
                        racers.submit(() -> race(store, start, version, events)),
                        racers.submit(() -> race(store, start, version, events)));
                String verdict;
                try {
                    verdict = judge(race.get(0).get(), race.get(1).get(), version, store.streamVersion(STREAM));
                } catch (ExecutionException e) {
                    verdict = "a writer failed instead of winning or getting a conflict: " + e.getCause();
                }
                if (verdict == null) {
                    correct++;
                } else if (problem == null) {
                    problem = "round " + round + ": " + verdict;
                }
            }
        }
        return new Result(correct == rounds, rounds, correct, problem);
    }

    private static AppendOutcome race(EventStore store, CyclicBarrier start, long version, ToolCallEvents events)
            throws Exception {
        start.await();
        return store.append(STREAM, ExpectedVersion.exactly(version), List.of(events.next()));
    }

    /** Null when the round went right, else what went wrong. */
    private static String judge(AppendOutcome a, AppendOutcome b, long expected, long versionAfter) {
        int wins = (a instanceof AppendOutcome.Appended ? 1 : 0) + (b instanceof AppendOutcome.Appended ? 1 : 0);
        if (wins != 1) {
            return wins + " writers succeeded: " + a + " / " + b;
        }
        AppendOutcome loser = a instanceof AppendOutcome.Appended ? b : a;
        if (!(loser instanceof AppendOutcome.WrongExpectedVersion conflict) || conflict.actualVersion() != expected + 1) {
            return "the loser got " + loser + " instead of a conflict at version " + (expected + 1);
        }
        if (versionAfter != expected + 1) {
            return "the stream is at version " + versionAfter + ", expected " + (expected + 1);
        }
        return null;
    }
}
