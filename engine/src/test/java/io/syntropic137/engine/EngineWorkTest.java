package io.syntropic137.engine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EngineWorkTest {

    @Test
    void noMoreThanThePermitsAreHeldAndAReleaseLetsTheNextOneIn() throws Exception {
        EngineWork work = new EngineWork(2);
        work.acquire(false);
        work.acquire(false);
        Thread third = Thread.ofVirtual().start(() -> {
            try {
                work.acquire(false);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        awaitWaiting(work, 1);
        assertThat(third.isAlive()).isTrue();
        work.release();
        assertThat(third.join(java.time.Duration.ofSeconds(5))).isTrue();
        assertThat(work.waiting()).isZero();
    }

    @Test
    void aPhaseFinishingItsWorkIsServedBeforeRunsStartingNewWorkWhateverTheOrderTheyCameIn() throws Exception {
        EngineWork work = new EngineWork(1);
        work.acquire(false);
        List<String> served = new CopyOnWriteArrayList<>();
        Thread starting = waiter(work, false, "starting", served);
        awaitWaiting(work, 1);
        Thread finishing = waiter(work, true, "finishing", served);
        awaitWaiting(work, 2);
        work.release();
        awaitServed(served, 1);
        assertThat(served).containsExactly("finishing");
        work.release();
        starting.join();
        finishing.join();
        assertThat(served).containsExactly("finishing", "starting");
    }

    @Test
    void anInterruptedWaiterLeavesTheLineAndTakesNoPermit() throws Exception {
        EngineWork work = new EngineWork(1);
        work.acquire(false);
        Thread impatient = Thread.ofVirtual().start(() -> {
            try {
                work.acquire(false);
                throw new AssertionError("acquired a permit nobody released");
            } catch (InterruptedException expected) {
                // left the line
            }
        });
        awaitWaiting(work, 1);
        impatient.interrupt();
        impatient.join();
        assertThat(work.waiting()).isZero();
        work.release();
        work.acquire(false); // the one permit is free again: nothing was lost to the interrupted waiter
    }

    @Test
    void aPermitIsTakenOnceAndGivenBackOnceHoweverOftenAThreadAsks() throws Exception {
        EngineWork work = new EngineWork(1);
        EngineWork.Permit permit = work.permit();
        permit.take();
        permit.take();
        permit.giveBack();
        permit.giveBack();
        EngineWork.Permit other = work.permit();
        other.take();
        Thread blocked = Thread.ofVirtual().start(() -> {
            try {
                work.acquire(false);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        awaitWaiting(work, 1); // a second giveBack above would have left a spare permit and let it in
        other.giveBack();
        blocked.join();
    }

    private static Thread waiter(EngineWork work, boolean finishing, String name, List<String> served) {
        return Thread.ofVirtual().start(() -> {
            try {
                work.acquire(finishing);
                served.add(name);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static void awaitWaiting(EngineWork work, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (work.waiting() != count) {
            assertThat(System.nanoTime()).as("waiters never reached " + count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static void awaitServed(List<String> served, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (served.size() < count) {
            assertThat(System.nanoTime()).as("never served " + count).isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
