package dev.graft.spark;

import dev.graft.pipeline.Stage;
import dev.graft.runner.StagePlanSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --executor spark --master local[2]}: the same results as the local executor, each wave a job;
 * bad masters fail fast and write nothing; duplicated tasks of one stage are safe.
 */
class LocalSparkRunTest {

    @TempDir
    Path tmp;

    @Test
    void local_spark_run_gives_the_local_executors_results_byte_for_byte() throws Exception {
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), "name: tiny\n" + GraftRuns.TINY);
        var spark = GraftRuns.graft("run", spec.toString(), "--out", tmp.resolve("spark").toString(),
                "--cache", tmp.resolve("cache-spark").toString(), "--no-progress", "--executor", "spark", "--master", "local[2]");
        assertEquals(0, spark.code(), spark.err());
        assertTrue(spark.err().contains("starting Spark 4.1.1 on local[2]"), spark.err());
        // data and init-large; the two small trainings and the baseline; the two grafts; their trainings.
        assertTrue(spark.err().contains("wave 4: 2 stage(s) as 2 task attempt(s)"), spark.err());
        assertFalse(spark.err().contains("wave 5"), spark.err());
        assertTrue(spark.out().contains("graft: done"), spark.out());
        GraftRuns.assertSameResults(GraftRuns.localReference(), tmp.resolve("spark"));
        assertTrue(Files.readString(tmp.resolve("spark/fits.json")).contains("gap_inf"));

        // Run again: every stage is reused on the driver, no Spark job at all.
        var again = GraftRuns.graft("run", spec.toString(), "--out", tmp.resolve("spark").toString(),
                "--cache", tmp.resolve("cache-spark").toString(), "--no-progress", "--executor", "spark", "--master", "local[2]");
        assertEquals(0, again.code(), again.err());
        assertFalse(again.err().contains("wave 1"), again.err());
        assertTrue(again.err().contains("cached (key"), again.err());
    }

    @Test
    void an_unreachable_master_fails_within_seconds_and_writes_nothing() throws Exception {
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), "name: tiny\n" + GraftRuns.TINY);
        String master = "spark://127.0.0.1:" + GraftRuns.freePort();
        long start = System.nanoTime();
        var r = GraftRuns.graft("run", spec.toString(), "--out", tmp.resolve("run").toString(),
                "--cache", tmp.resolve("cache").toString(), "--no-progress", "--executor", "spark", "--master", master);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("cannot reach the Spark master " + master), r.err());
        assertTrue(r.err().contains("Connection refused"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertTrue(seconds < 30, "answered in " + seconds + " s, not after Spark's registration retries");
        assertFalse(Files.exists(tmp.resolve("cache")), "nothing in the cache");
        assertFalse(Files.exists(tmp.resolve("run")), "no run folder");
    }

    @Test
    void a_malformed_master_is_a_user_error_naming_the_option() throws Exception {
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), "name: tiny\n" + GraftRuns.TINY);
        for (String master : List.of("spark://127.0.0.1", "localhost:7077", "local[0]")) {
            var r = GraftRuns.graft("run", spec.toString(), "--out", tmp.resolve("run").toString(),
                    "--cache", tmp.resolve("cache").toString(), "--executor", "spark", "--master", master);
            assertEquals(2, r.code(), master + ": " + r.err());
            assertTrue(r.err().contains("--master " + master + ":"), r.err());
            assertTrue(r.err().contains("spark://HOST:PORT"), r.err());
            assertFalse(Files.exists(tmp.resolve("cache")));
            assertFalse(Files.exists(tmp.resolve("run")));
        }
    }

    @Test
    void two_attempts_of_one_stage_at_once_commit_one_artifact_and_both_succeed() throws Exception {
        Path cache = tmp.resolve("cache");
        var source = new StagePlanSource("name: twice\n" + GraftRuns.TINY, "twice", cache.toString(),
                tmp.resolve("run").toString(), List.of());
        List<Stage> order = source.plan().order();
        Stage data = order.get(0);
        Stage small = order.stream().filter(s -> s.kind().equals("train-small")).findFirst().orElseThrow();
        StageTask task = new StageTask(source);
        assertNull(task.call(new StageTask.Request(data.id(), data.key().hash())).error());
        ExecutorService two = Executors.newFixedThreadPool(2);
        try {
            var request = new StageTask.Request(small.id(), small.key().hash());
            Future<TaskOutcome> a = two.submit(() -> task.call(request));
            Future<TaskOutcome> b = two.submit(() -> task.call(request));
            TaskOutcome x = a.get();
            TaskOutcome y = b.get();
            assertNull(x.error(), x.error());
            assertNull(y.error(), y.error());
            assertNotEquals(x.ran(), y.ran(), "one attempt ran the stage, the other found it complete");
        } finally {
            two.shutdownNow();
        }
        assertTrue(small.state().cached());
        try (var entries = Files.list(cache.resolve("train-small"))) {
            assertEquals(List.of(small.key().hash()), entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).toList(), "one artifact, no leftover work folder");
        }
        try (var entries = Files.list(cache.resolve("train-small"))) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().startsWith(".work-")));
        }
        // A task planned against another key (another build or spec) refuses to run.
        TaskOutcome wrong = task.call(new StageTask.Request(small.id(), "0".repeat(64)));
        assertTrue(wrong.error().contains("the workers must run the same graft build"), wrong.error());
    }
}
