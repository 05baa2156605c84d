package dev.graft.spark;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster run end to end: a loopback Spark standalone master and three workers of one core each run a
 * spec whose data stage is sharded (three shard tasks, then the merge) and whose eight training, graft and
 * initialisation stages follow, through {@code --executor spark}. One worker (with its executor) is killed
 * while the trainings run; the lost task is retried on the two left, and every result — the games, every
 * checkpoint's arrays, probes.csv, fits.json, the metrics — is the local executor's.
 */
class ThreeWorkerClusterTest {
    @TempDir
    static Path tmp;

    static LoopbackSparkCluster cluster;

    @BeforeAll
    static void cluster() throws Exception {
        System.setProperty("spark.driver.host", "127.0.0.1");
        System.setProperty("spark.driver.bindAddress", "127.0.0.1");
        System.setProperty("spark.executor.memory", "512m");
        cluster = LoopbackSparkCluster.start(tmp.resolve("cluster"), 3, 1);
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

    @Test
    void three_workers_with_one_killed_mid_run_give_the_local_results_from_sharded_data() throws Exception {
        // The reference: the same study unsharded, by the local executor (sharding does not change the games).
        Path reference = GraftRuns.localReference();
        Path spec = Files.writeString(tmp.resolve("tiny.yaml"), "name: tiny\n"
                + GraftRuns.TINY.replace("threads: 1}", "threads: 1, shards: 3}"));
        Path cache = tmp.resolve("cache");
        CompletableFuture<GraftRuns.Result> run = CompletableFuture.supplyAsync(() -> GraftRuns.graft("run",
                spec.toString(), "--out", tmp.resolve("run").toString(), "--cache", cache.toString(), "--no-progress",
                "--executor", "spark", "--master", cluster.url()));
        boolean killed = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!killed && !run.isDone() && System.nanoTime() < deadline) {
            // The third wave trains two small models and the baseline at once, one on each worker's core.
            if (training(cache.resolve("train-small")) && !cluster.executorsOf(2).isEmpty()) {
                cluster.killWorker(2);
                killed = true;
            } else {
                Thread.sleep(20);
            }
        }
        GraftRuns.Result r = run.get(300, TimeUnit.SECONDS);
        assertTrue(killed, "a worker was killed while the trainings ran");
        assertEquals(0, r.code(), r.err() + "\nworker-2:\n" + cluster.log("worker-2"));
        assertTrue(r.err().contains("wave 1: 4 stage(s)"), "the three shards and the large initialisation: " + r.err());
        assertTrue(r.err().contains("lost and retried"), r.err());
        assertArrayEquals(Files.readAllBytes(games(reference.resolveSibling("cache"))), Files.readAllBytes(games(cache)),
                "the merged games are the unsharded games, byte for byte");
        GraftRuns.assertSameResults(reference, tmp.resolve("run"));
    }

    private static Path games(Path cache) throws Exception {
        try (Stream<Path> entries = Files.list(cache.resolve("data"))) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).findFirst().orElseThrow()
                    .resolve("games.npz");
        }
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
