package dev.graft.spark;

import dev.graft.pipeline.Stage;
import dev.graft.pipeline.StageGraph;
import dev.graft.runner.StagePlanSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task on a worker that does not see the cache the driver wrote (a cache folder that is not shared) fails
 * its stage at once, naming the missing input's path and the fix, instead of redoing the input or retrying.
 */
class StageTaskTest {
    @TempDir
    Path tmp;

    @Test
    void a_worker_that_cannot_see_an_input_the_driver_saw_fails_the_stage_naming_the_path_and_the_fix() throws Exception {
        String yaml = "name: sharded\n" + GraftRuns.TINY.replace("threads: 1}", "threads: 1, shards: 2}");
        Path driverCache = tmp.resolve("driver-cache");
        StagePlanSource driver = new StagePlanSource(yaml, "sharded", driverCache.toString(),
                tmp.resolve("run").toString(), List.of());
        StageGraph graph = driver.plan();
        for (Stage s : graph.order()) {
            if (s.kind().equals("data-shard")) {
                s.run(); // the shards, as the driver saw them committed
            }
        }
        Stage data = graph.find("data").orElseThrow();
        Path elsewhere = tmp.resolve("worker-local-cache"); // what a worker sees where the cache is not shared
        StagePlanSource worker = new StagePlanSource(yaml, "sharded", elsewhere.toString(),
                tmp.resolve("run").toString(), List.of());
        TaskOutcome outcome = new StageTask(worker).call(new StageTask.Request("data", data.key().hash()));
        assertTrue(outcome.failed(), "the stage fails");
        String shard = graph.find("data-shard 1/2").orElseThrow().key().hash();
        assertTrue(outcome.error().contains("its input data-shard 1/2, which the driver saw complete, is not at "
                + elsewhere.resolve("data-shard").resolve(shard)), outcome.error());
        assertTrue(outcome.error().contains("give --cache (or GRAFT_CACHE) such a path"), outcome.error());
        assertFalse(Files.exists(elsewhere.resolve("data")), "nothing generated in its place");
        assertFalse(Files.exists(elsewhere.resolve("data-shard")), "nor the shards redone");
    }
}
