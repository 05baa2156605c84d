package dev.graft.spark;

import dev.graft.io.UserInputException;
import dev.graft.pipeline.Stage;
import dev.graft.pipeline.StageGraph;
import dev.graft.pipeline.StageListener;
import dev.graft.runner.ExternalExecutor;
import dev.graft.runner.StagePlanSource;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a DAG as Spark jobs: each wave (the stages whose inputs are all complete) is one job with one task
 * per stage; complete stages are reused on the driver, as the local executor does. Tasks run the stages
 * on the executors against the shared cache ({@link StageTask}); the driver then records each finished
 * stage in the run folder. A stage's own error comes back as a result and fails the run once with its
 * message; lost executors are Spark's to retry ({@code spark.task.maxFailures}).
 */
final class SparkStageExecutor implements ExternalExecutor.Session {
    private static final Logger LOG = LoggerFactory.getLogger(SparkStageExecutor.class);
    /** Spark's own INFO lines would bury graft's; its warnings and errors still show. */
    private static final String[] QUIET = {"org.apache.spark", "org.sparkproject", "io.netty", "org.apache.hadoop"};

    /** How long a cluster's master has to accept the application. */
    static final int REGISTER_TIMEOUT_S = 20;

    private final JavaSparkContext spark;
    private final StagePlanSource source;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger failedAttempts = new AtomicInteger();

    private SparkStageExecutor(JavaSparkContext spark, StagePlanSource source) {
        this.spark = spark;
        this.source = source;
        spark.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskStart(SparkListenerTaskStart taskStart) {
                attempts.incrementAndGet();
            }

            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (!taskEnd.taskInfo().successful()) {
                    failedAttempts.incrementAndGet();
                }
            }
        });
    }

    static SparkStageExecutor start(SparkMaster master, StagePlanSource source) {
        master.checkReachable();
        for (String logger : QUIET) {
            String key = "org.slf4j.simpleLogger.log." + logger;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
        SparkConf conf = new SparkConf() // also reads spark.* system properties (-Dspark.x=y, spark-submit --conf)
                .setMaster(master.url())
                .setAppName("graft " + source.specName())
                .setIfMissing("spark.ui.enabled", "false")
                .setIfMissing("spark.task.maxFailures", "4")
                .setIfMissing("spark.executorEnv.OMP_NUM_THREADS", env("OMP_NUM_THREADS", "1"));
        if (!master.local()) {
            // Executors load graft from the same paths as the driver (graft installed on the shared file
            // system, or at the same place on every worker); spark-submit users set their own class path.
            conf.setIfMissing("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            String quiet = String.join(" ", java.util.Arrays.stream(QUIET)
                    .map(l -> "-Dorg.slf4j.simpleLogger.log." + l + "=warn").toList());
            conf.set("spark.executor.extraJavaOptions", (conf.get("spark.executor.extraJavaOptions", "")
                    + " -Djava.awt.headless=true " + quiet).trim());
        }
        LOG.info("starting Spark {} on {} (cache {}: every worker must see it)", org.apache.spark.package$.MODULE$.SPARK_VERSION(),
                master.url(), source.cacheRoot());
        JavaSparkContext context = master.local() ? create(conf, master) : register(conf, master);
        if (context.sc().isStopped()) { // a standalone master that never accepted the application
            throw new IllegalStateException(noMaster(master, "it did not accept the application"));
        }
        return new SparkStageExecutor(context, source);
    }

    private static JavaSparkContext create(SparkConf conf, SparkMaster master) {
        try {
            return new JavaSparkContext(conf);
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not start Spark on " + master.url() + ": "
                    + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
        }
    }

    /**
     * Starts the context against a cluster, giving up after {@link #REGISTER_TIMEOUT_S} seconds: Spark's own
     * client retries a master that does not answer for a minute or more (something that accepts the
     * connection but is no Spark master, say).
     */
    private static JavaSparkContext register(SparkConf conf, SparkMaster master) {
        java.util.concurrent.ExecutorService starter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "graft spark start");
            t.setDaemon(true);
            return t;
        });
        java.util.concurrent.Future<JavaSparkContext> started = starter.submit(() -> create(conf, master));
        try {
            return started.get(REGISTER_TIMEOUT_S, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(noMaster(master, "it did not accept the application within "
                    + REGISTER_TIMEOUT_S + " s"));
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + master.url(), e);
        } finally {
            starter.shutdown();
        }
    }

    private static String noMaster(SparkMaster master, String why) {
        return "no Spark master answered at " + master.url() + " (" + why + "; is it a Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()
                + " master's URL, as its log prints it: 'Starting Spark master at spark://...'?); nothing was run or written.";
    }

    @Override
    public void execute(StageGraph graph, StageListener listener) throws Exception {
        List<Stage> order = graph.order();
        Map<Stage, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i + 1);
        }
        Set<Stage> done = new HashSet<>();
        int wave = 0;
        while (done.size() < order.size()) {
            List<Stage> ready = new ArrayList<>();
            boolean reused = false;
            for (Stage s : order) {
                if (!done.contains(s) && done.containsAll(s.inputs())) {
                    if (s.state().cached()) {
                        listener.reusing(s, index.get(s), order.size());
                        listener.finished(s);
                        done.add(s);
                        reused = true;
                    } else {
                        ready.add(s);
                    }
                }
            }
            if (reused) {
                continue; // reusing may make more stages ready without any job
            }
            if (ready.isEmpty()) {
                throw new IllegalStateException("no stage is ready, yet " + (order.size() - done.size()) + " are not done");
            }
            wave++;
            runWave(wave, ready, index, order.size(), listener);
            done.addAll(ready);
        }
    }

    private void runWave(int wave, List<Stage> ready, Map<Stage, Integer> index, int count, StageListener listener)
            throws Exception {
        List<StageTask.Request> requests = new ArrayList<>();
        for (Stage s : ready) {
            listener.running(s, index.get(s), count, s.state());
            requests.add(new StageTask.Request(s.id(), s.key().hash()));
        }
        spark.setJobDescription("graft wave " + wave + ": " + String.join(", ", ready.stream().map(Stage::id).toList()));
        int attemptsBefore = attempts.get();
        int failedBefore = failedAttempts.get();
        List<TaskOutcome> outcomes = spark.parallelize(requests, requests.size()).map(new StageTask(source)).collect();
        int tries = attempts.get() - attemptsBefore;
        int lost = failedAttempts.get() - failedBefore;
        LOG.info("wave {}: {} stage(s) as {} task attempt(s){}", wave, ready.size(), tries,
                lost == 0 ? "" : " (" + lost + " lost and retried)");
        for (TaskOutcome o : outcomes) {
            if (o.failed()) {
                String message = o.stageId() + " failed on " + o.host() + ": " + o.error();
                throw o.userError() ? new UserInputException(message) : new StageFailedException(message);
            }
        }
        for (Stage s : ready) {
            if (!s.state().cached()) {
                throw new StageFailedException(s.id() + ": its task finished but the cache at " + source.cacheRoot()
                        + " does not hold the artifact as the driver sees it; the cache must be on a file system"
                        + " every worker and the driver see");
            }
            listener.finished(s);
        }
    }

    @Override
    public void close() {
        spark.stop();
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    /** A stage failed for a reason of its own; the message is the stage's. */
    static final class StageFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StageFailedException(String message) {
            super(message);
        }
    }
}
