package dev.graft.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local executor: ready stages at once, inputs first, listener calls on one thread, failures stop it cleanly. */
class LocalExecutorTest {
    @TempDir
    Path dir;

    /** A fake stage that runs {@code hook} before writing its artifact. */
    static class HookedStage extends StageGraphTest.FakeStage {
        interface Hook {
            void run() throws Exception;
        }

        final Hook hook;

        HookedStage(String id, Object setting, ArtifactCache cache, List<String> log, Hook hook, Stage... inputs) {
            super(id, setting, cache, log, inputs);
            this.hook = hook;
        }

        @Override
        public void run() throws IOException {
            try {
                hook.run();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            super.run();
        }
    }

    /** Records every listener call as text, and the thread it came on. */
    static final class Events implements StageListener {
        final List<String> events = new ArrayList<>();
        final List<Thread> threads = new ArrayList<>();

        @Override
        public void reusing(Stage stage, int index, int count) {
            add("reuse " + stage.id() + " " + index + "/" + count);
        }

        @Override
        public void running(Stage stage, int index, int count, StageState before) {
            add("run " + stage.id() + " " + index + "/" + count);
        }

        @Override
        public void finished(Stage stage) {
            add("done " + stage.id());
        }

        private void add(String e) {
            events.add(e);
            threads.add(Thread.currentThread());
        }
    }

    @Test
    void ready_stages_run_at_the_same_time_each_after_its_inputs() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        // b and c only get past the barrier when both run at once.
        CyclicBarrier together = new CyclicBarrier(2);
        HookedStage.Hook meet = () -> together.await(20, TimeUnit.SECONDS);
        var a = new StageGraphTest.FakeStage("a", 1, cache, log);
        var b = new HookedStage("b", 2, cache, log, meet, a);
        var c = new HookedStage("c", 3, cache, log, meet, a);
        var d = new StageGraphTest.FakeStage("d", 4, cache, log, b, c);
        Events events = new Events();
        new LocalExecutor(2).execute(StageGraph.of(List.of(a, b, c, d)), events);
        assertEquals(4, log.size(), log.toString());
        assertEquals("a", log.get(0));
        assertEquals("d", log.get(3), "d reads b and c");
        assertEquals(List.of("run a 1/4", "done a", "run b 2/4", "run c 3/4"), events.events.subList(0, 4));
        assertTrue(events.threads.stream().allMatch(t -> t == Thread.currentThread()),
                "every listener call comes on the calling thread");
        assertTrue(cache.isComplete(d.key()));
    }

    @Test
    void with_one_slot_the_stages_and_listener_calls_come_in_the_sequential_order() throws Exception {
        List<String> sequential = eventsOf(new SequentialExecutor(), dir.resolve("seq"));
        List<String> local = eventsOf(new LocalExecutor(1), dir.resolve("local"));
        assertEquals(sequential, local);
        // And a run that reuses part of the cache: the same again.
        assertEquals(eventsOf(new SequentialExecutor(), dir.resolve("seq")), eventsOf(new LocalExecutor(1), dir.resolve("local")));
    }

    private static List<String> eventsOf(StageExecutor executor, Path cacheRoot) throws Exception {
        ArtifactCache cache = new ArtifactCache(cacheRoot);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        var a = new StageGraphTest.FakeStage("a", 1, cache, log);
        var b = new StageGraphTest.FakeStage("b", 2, cache, log, a);
        var c = new StageGraphTest.FakeStage("c", 3, cache, log, a);
        var d = new StageGraphTest.FakeStage("d", 4, cache, log, c);
        var e = new StageGraphTest.FakeStage("e", 5, cache, log, b, d);
        Events events = new Events();
        executor.execute(StageGraph.of(List.of(a, b, c, d, e)), events);
        List<String> out = new ArrayList<>(events.events);
        out.add("ran " + log);
        return out;
    }

    @Test
    void a_failing_stage_starts_nothing_new_lets_the_running_one_finish_and_throws_its_own_error() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        IOException bad = new IOException("bad data in b");
        CyclicBarrier both = new CyclicBarrier(2);
        var a = new StageGraphTest.FakeStage("a", 1, cache, log);
        var b = new HookedStage("b", 2, cache, log, () -> {
            both.await(20, TimeUnit.SECONDS);
            throw bad;
        }, a);
        var c = new HookedStage("c", 3, cache, log, () -> {
            both.await(20, TimeUnit.SECONDS);
            Thread.sleep(200); // still running when b fails
        }, a);
        var afterC = new StageGraphTest.FakeStage("after-c", 4, cache, log, c);
        var afterB = new StageGraphTest.FakeStage("after-b", 5, cache, log, b);
        Events events = new Events();
        Exception thrown = assertThrows(Exception.class,
                () -> new LocalExecutor(2).execute(StageGraph.of(List.of(a, b, c, afterC, afterB)), events));
        assertSame(bad, thrown, "the stage's own exception, not a wrapper");
        assertEquals(0, thrown.getSuppressed().length);
        assertTrue(events.events.contains("done c"), "the running stage finished and was recorded: " + events.events);
        assertFalse(log.contains("after-c"), "nothing new starts after a failure: " + log);
        assertTrue(cache.isComplete(c.key()));
        assertFalse(cache.isComplete(b.key()));

        // Resuming with b fixed runs only what is left.
        List<String> again = Collections.synchronizedList(new ArrayList<>());
        var a2 = new StageGraphTest.FakeStage("a", 1, cache, again);
        var b2 = new StageGraphTest.FakeStage("b", 2, cache, again, a2);
        var c2 = new StageGraphTest.FakeStage("c", 3, cache, again, a2);
        var afterC2 = new StageGraphTest.FakeStage("after-c", 4, cache, again, c2);
        var afterB2 = new StageGraphTest.FakeStage("after-b", 5, cache, again, b2);
        new LocalExecutor(2).execute(StageGraph.of(List.of(a2, b2, c2, afterC2, afterB2)), new Events());
        assertEquals(List.of("after-b", "after-c", "b"), again.stream().sorted().toList());
    }

    @Test
    void two_stages_with_one_key_never_run_at_once_the_second_reuses_the_first() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        var a = new StageGraphTest.FakeStage("a", 1, cache, log);
        // Same kind, setting and inputs: the same key under two ids (two conditions that train the same thing).
        var twin1 = new HookedStage("twin-1", 7, cache, log, () -> Thread.sleep(100), a);
        var twin2 = new HookedStage("twin-2", 7, cache, log, () -> Thread.sleep(100), a);
        assertEquals(twin1.key(), twin2.key());
        Events events = new Events();
        new LocalExecutor(2).execute(StageGraph.of(List.of(a, twin1, twin2)), events);
        assertEquals(List.of("a", "twin-1"), log);
        assertTrue(events.events.contains("reuse twin-2 3/3"), events.events.toString());
    }

    @Test
    void the_plan_groups_the_stages_left_to_run_into_waves_that_can_run_at_once() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir);
        List<String> log = new ArrayList<>();
        var a = new StageGraphTest.FakeStage("a", 1, cache, log);
        new SequentialExecutor().execute(StageGraph.of(List.of(a)), new Events()); // a is cached
        var b = new StageGraphTest.FakeStage("b", 2, cache, log, a);
        var c = new StageGraphTest.FakeStage("c", 3, cache, log, a);
        var d = new StageGraphTest.FakeStage("d", 4, cache, log, c);
        var e = new StageGraphTest.FakeStage("e", 5, cache, log);
        var rows = Planner.plan(StageGraph.of(List.of(a, b, c, d, e)), cache, new StepTimes(cache, null, false), null);
        var waves = Planner.waves(rows);
        assertEquals(List.of(List.of("b", "c", "e"), List.of("d")),
                waves.stream().map(w -> w.stream().map(r -> r.stage().id()).toList()).toList());
        // the line graft plan prints for these waves: PlanTableTest
    }

    @Test
    void the_default_fills_the_cores_with_each_stage_s_native_threads() {
        assertEquals(2, LocalExecutor.defaultParallel(2, 1));
        assertEquals(1, LocalExecutor.defaultParallel(2, 2));
        assertEquals(1, LocalExecutor.defaultParallel(2, 4), "at least one");
        assertEquals(4, LocalExecutor.defaultParallel(16, 4));
        assertThrows(IllegalArgumentException.class, () -> new LocalExecutor(0));
    }
}
