package dev.graft.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The DAG's order, the cache's commit rule, the sequential executor, and the planner's reasons. */
class StageGraphTest {
    @TempDir
    Path dir;

    /** A stage that writes one file; its key covers its setting and its inputs' keys. */
    static class FakeStage implements Stage {
        final String id;
        final List<Stage> inputs;
        final Object setting;
        final ArtifactCache cache;
        final List<String> log;

        FakeStage(String id, Object setting, ArtifactCache cache, List<String> log, Stage... inputs) {
            this.id = id;
            this.inputs = List.of(inputs);
            this.setting = setting;
            this.cache = cache;
            this.log = log;
        }

        @Override public String kind() { return "fake"; }
        @Override public String id() { return id; }
        @Override public String describe() { return "fake " + id; }
        @Override public List<Stage> inputs() { return inputs; }

        @Override
        public StageKey key() {
            Map<String, String> in = new java.util.LinkedHashMap<>();
            inputs.forEach(s -> in.put(s.id(), s.key().hash()));
            return StageKey.of(kind(), Map.of("stage", "fake-1"), Map.of("setting", setting), in, 1L);
        }

        @Override
        public StageState state() {
            return cache.isComplete(key()) ? StageState.CACHED : StageState.MISSING;
        }

        @Override
        public void run() throws IOException {
            log.add(id);
            Files.writeString(cache.openWork(key()).resolve("out.txt"), id + "=" + setting);
            cache.commit(key(), Map.of("made_by", "test"));
        }
    }

    @Test
    void stages_run_in_an_order_where_inputs_come_first_and_finished_ones_are_reused() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir);
        List<String> log = new ArrayList<>();
        FakeStage a = new FakeStage("a", 1, cache, log);
        FakeStage b = new FakeStage("b", 2, cache, log, a);
        FakeStage c = new FakeStage("c", 3, cache, log, a, b);
        StageGraph graph = StageGraph.of(List.of(c, b, a));
        assertEquals(List.of(a, b, c), graph.order());
        List<String> reused = new ArrayList<>();
        StageListener listener = new StageListener() {
            @Override
            public void reusing(Stage stage, int index, int count) {
                reused.add(stage.id());
            }
        };
        new SequentialExecutor().execute(graph, listener);
        assertEquals(List.of("a", "b", "c"), log);
        assertEquals("c=3", Files.readString(cache.artifact(c.key()).resolve("out.txt")));
        new SequentialExecutor().execute(graph, listener);
        assertEquals(List.of("a", "b", "c"), log, "nothing runs twice");
        assertEquals(List.of("a", "b", "c"), reused);
    }

    @Test
    void a_key_changes_with_its_settings_and_with_any_input_upstream() {
        ArtifactCache cache = new ArtifactCache(dir);
        FakeStage a = new FakeStage("a", 1, cache, new ArrayList<>());
        FakeStage b = new FakeStage("b", 2, cache, new ArrayList<>(), a);
        FakeStage a2 = new FakeStage("a", 9, cache, new ArrayList<>());
        FakeStage b2 = new FakeStage("b", 2, cache, new ArrayList<>(), a2);
        assertEquals(b.key(), new FakeStage("b", 2, cache, new ArrayList<>(), a).key());
        assertNotEquals(b.key().hash(), b2.key().hash());
        assertEquals(cache.artifact(b.key()), dir.toAbsolutePath().resolve("fake").resolve(b.key().hash()));
    }

    @Test
    void cycles_duplicate_ids_and_missing_inputs_are_refused() {
        ArtifactCache cache = new ArtifactCache(dir);
        FakeStage a = new FakeStage("a", 1, cache, new ArrayList<>());
        FakeStage b = new FakeStage("b", 2, cache, new ArrayList<>(), a);
        assertThrows(IllegalArgumentException.class, () -> StageGraph.of(List.of(b)));
        assertThrows(IllegalArgumentException.class, () -> StageGraph.of(List.of(a, new FakeStage("a", 3, cache, List.of()))));
        List<Stage> loop = new ArrayList<>();
        Stage x = new FakeStage("x", 1, cache, new ArrayList<>()) {
            @Override public List<Stage> inputs() { return List.of(loop.get(1)); }
        };
        Stage y = new FakeStage("y", 1, cache, new ArrayList<>(), x);
        loop.add(x);
        loop.add(y);
        var e = assertThrows(IllegalArgumentException.class, () -> StageGraph.of(loop));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void only_a_committed_folder_counts_as_an_artifact() throws IOException {
        ArtifactCache cache = new ArtifactCache(dir);
        FakeStage a = new FakeStage("a", 1, cache, new ArrayList<>());
        Files.writeString(cache.openWork(a.key()).resolve("half.txt"), "interrupted");
        assertFalse(cache.isComplete(a.key()), "work in progress is not an artifact");
        assertFalse(Files.exists(cache.artifact(a.key())));
        cache.commit(a.key(), Map.of("note", "done"));
        assertTrue(cache.isComplete(a.key()));
        assertFalse(Files.exists(cache.work(a.key())), "the work folder became the artifact");
        assertEquals("done", cache.manifest(a.key()).orElseThrow().get("note"));
        assertEquals(a.key().hash(), cache.manifest(a.key()).orElseThrow().get("key"));
    }

    @Test
    void a_work_folder_is_held_by_one_stage_at_a_time_and_the_next_waits_for_it() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir);
        FakeStage a = new FakeStage("a", 1, cache, new ArrayList<>());
        java.util.concurrent.CompletableFuture<ArtifactCache.WorkLock> second;
        try (ArtifactCache.WorkLock held = cache.lockWork(a.key())) {
            second = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return cache.lockWork(a.key());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(300);
            assertFalse(second.isDone(), "the second waits while the first holds the folder");
        }
        second.get(30, java.util.concurrent.TimeUnit.SECONDS).close(); // got it once the first let go
    }

    @Test
    void the_plan_says_what_is_cached_shared_and_changed_since_the_last_run() throws Exception {
        ArtifactCache cache = new ArtifactCache(dir.resolve("cache"));
        List<String> log = new ArrayList<>();
        FakeStage a = new FakeStage("a", 1, cache, log);
        FakeStage b = new FakeStage("b", 2, cache, log, a);
        FakeStage keep = new FakeStage("keep", 1, cache, log);
        StageGraph before = StageGraph.of(List.of(a, b, keep));
        new SequentialExecutor().execute(before, new StageListener() { });
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve(RunDirectory.PROVENANCE), Provenance.now("test", "h", List.of(1L))
                .withStages(before.describe()).toJson());

        FakeStage a2 = new FakeStage("a", 5, cache, log);
        FakeStage b2 = new FakeStage("b", 2, cache, log, a2);
        FakeStage twin = new FakeStage("b-again", 2, cache, log, a2) {
            @Override
            public StageKey key() {
                return b2.key();
            }
        };
        FakeStage fresh = new FakeStage("new", 7, cache, log);
        StageGraph after = StageGraph.of(List.of(keep, a2, b2, twin, fresh));
        List<Planner.Row> rows = Planner.plan(after, cache, new StepTimes(cache, new LineGame(), false), run);
        assertEquals("cached", rows.get(0).state().label());
        assertEquals("cached (made by spec 'test')", rows.get(0).reason());
        assertEquals("to run", rows.get(1).state().label());
        assertEquals("changed since the last run: settings.setting", rows.get(1).reason());
        assertEquals("changed since the last run: input a", rows.get(2).reason());
        assertEquals("same artifact as #3", rows.get(3).reason());
        assertFalse(rows.get(3).runs());
        assertEquals("no artifact", rows.get(4).reason());
        assertEquals(List.of(Planner.Decision.CACHED, Planner.Decision.CHANGED, Planner.Decision.CHANGED,
                Planner.Decision.SAME_ARTIFACT, Planner.Decision.NEW), rows.stream().map(Planner.Row::decision).toList());
        assertEquals(3, rows.stream().filter(Planner.Row::runs).count(), "3 of 5 stages to run (the table: PlanTableTest)");
    }
}
