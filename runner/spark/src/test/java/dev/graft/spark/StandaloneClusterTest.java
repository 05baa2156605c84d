package dev.graft.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tiny spec on a real standalone Spark cluster (one master, one worker, loopback only): with its
 * executor killed mid-stage, the executor is replaced, the stage retried, and the results are the local
 * executor's; a stage failing on bad data fails the run once, with the stage's own message.
 */
class StandaloneClusterTest {
    @TempDir
    static Path tmp;

    static LoopbackSparkCluster cluster;
    static Path spec;
    static Path reference;

    @BeforeAll
    static void clusterAndReference() throws Exception {
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.executor.memory", "1g");
        cluster = LoopbackSparkCluster.start(tmp.resolve("cluster"), 2);
        spec = Files.writeString(tmp.resolve("tiny.yaml"), "name: tiny\n" + GraftRuns.TINY);
        reference = GraftRuns.localReference();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        System.clearProperty("spark.driver.host");
        System.clearProperty("spark.driver.bindAddress");
        System.clearProperty("spark.executor.memory");
    }

    private static GraftRuns.Result onCluster(String out, Path cache) {
        return GraftRuns.graft("run", spec.toString(), "--out", tmp.resolve(out).toString(), "--cache", cache.toString(),
                "--no-progress", "--executor", "spark", "--master", cluster.url());
    }

    @Test
    void a_cluster_run_whose_executor_is_killed_mid_stage_retries_it_and_gives_the_local_results() throws Exception {
        // One run covers both: the stages run on the cluster's executor, which is killed while it trains.
        Path cache = tmp.resolve("cache-killed");
        CompletableFuture<GraftRuns.Result> run = CompletableFuture.supplyAsync(() -> onCluster("killed-run", cache));
        List<ProcessHandle> killed = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (killed.isEmpty() && !run.isDone() && System.nanoTime() < deadline) {
            if (training(cache.resolve("train-small")) || training(cache.resolve("train-large"))) {
                killed = cluster.executors();
                killed.forEach(ProcessHandle::destroyForcibly);
            } else {
                Thread.sleep(20);
            }
        }
        var r = run.get(240, TimeUnit.SECONDS);
        assertFalse(killed.isEmpty(), "an executor was killed while it trained a stage");
        assertEquals(0, r.code(), r.err() + "\nworker:\n" + cluster.log("worker"));
        assertTrue(r.err().contains("starting Spark 4.1.1 on " + cluster.url()), r.err());
        assertTrue(r.err().contains("lost and retried"), r.err());
        GraftRuns.assertSameResults(reference, tmp.resolve("killed-run"));
    }

    @Test
    void a_stage_failing_on_bad_data_fails_the_run_once_with_its_own_message() throws Exception {
        // A game-record file of the user's that is no .npz archive: only the data stage reads it, at run
        // time (validation checks that it exists; its hash goes into the data key). A damaged cache entry
        // would not do here: the cache sets those aside and rebuilds them (issue 19).
        Path bad = Files.writeString(tmp.resolve("bad-games.npz"), "not a zip file");
        Path badSpec = Files.writeString(tmp.resolve("bad.yaml"), "name: bad\n" + GraftRuns.TINY.replace(
                "data: {generator: random, games: 40, threads: 1}",
                "data: {generator: {name: file, path: " + bad.getFileName() + "}, games: 40, threads: 1}"));
        Path cache = tmp.resolve("cache-bad");
        var local = GraftRuns.graft("run", badSpec.toString(), "--out", tmp.resolve("bad-local").toString(),
                "--cache", cache.toString(), "--no-progress");
        // A bad input file is the user's mistake: exit 2 and its message, locally and on the cluster alike.
        assertEquals(2, local.code(), local.err());
        List<String> localLines = local.err().lines().filter(l -> !l.isBlank()).toList();
        String message = localLines.get(localLines.size() - 1);
        assertTrue(message.contains("bad-games.npz") && message.contains("not an .npz archive"), message);

        var r = GraftRuns.graft("run", badSpec.toString(), "--out", tmp.resolve("bad-cluster").toString(),
                "--cache", cache.toString(), "--no-progress", "--executor", "spark", "--master", cluster.url());
        assertEquals(2, r.code(), r.err());
        List<String> failed = r.err().lines().filter(l -> l.contains(message)).toList();
        assertEquals(1, failed.size(), "the message once, not once per retry: " + r.err());
        assertTrue(failed.get(0).matches("data.* failed on .*: .*"), failed.get(0));
        assertTrue(failed.get(0).endsWith(": " + message), "the stage's own message:\n" + failed.get(0) + "\n" + message);
        // One attempt per task of the first wave (data, and the large initialisation unless the local run
        // above already made it while data failed), none retried.
        assertTrue(java.util.regex.Pattern.compile("wave 1: (\\d) stage\\(s\\) as \\1 task attempt\\(s\\)\n")
                .matcher(r.err()).find(), r.err());
        assertFalse(r.err().contains("lost and retried"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    private static boolean training(Path kindDir) {
        if (!Files.isDirectory(kindDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(kindDir)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith(".work-"));
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
