package dev.graft.pipeline;

import dev.graft.io.WorkClock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs up to {@code parallel} stages at once on this machine, each on its own thread: a stage starts
 * as soon as every stage it reads is complete. Stages are taken in the graph's topological order, so
 * with {@code parallel = 1} this is exactly {@link SequentialExecutor}'s order. Every listener call
 * happens on the calling thread, one at a time, so a listener needs no locking; what a stage writes
 * is its own work folder in the cache, so stages running side by side never share a file.
 *
 * <p>Each stage's native (OpenMP) threads are its own: ND4J gives every Java thread that calls into
 * it its own team of {@code OMP_NUM_THREADS} threads, so {@code parallel} stages use
 * {@code parallel × OMP_NUM_THREADS} native threads ({@link #defaultParallel}).
 *
 * <p>Two stages with the same key (two conditions that happen to train the same thing) never run at
 * once: the second waits and then reuses the first one's artifact, as it would in sequence.
 *
 * <p>When a stage fails, no further stage starts; the stages already running finish (their artifacts
 * are committed, so a rerun reuses them), and then the first failure is thrown as the stage threw it
 * (a later one is attached to it as suppressed).
 */
public final class LocalExecutor implements StageExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(LocalExecutor.class);

    private final int parallel;

    /**
     * @param parallel how many stages may run at once, ≥ 1
     * @throws IllegalArgumentException when {@code parallel < 1}
     */
    public LocalExecutor(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be at least 1, got " + parallel);
        }
        this.parallel = parallel;
    }

    public int parallel() {
        return parallel;
    }

    /**
     * How many stages fit on the machine at once: {@code cores ÷ nativeThreadsPerRun}, at least 1.
     *
     * @param cores               the processors available (e.g. {@link Runtime#availableProcessors()})
     * @param nativeThreadsPerRun the native threads one training uses ({@code OMP_NUM_THREADS})
     */
    public static int defaultParallel(int cores, int nativeThreadsPerRun) {
        return Math.max(1, cores / Math.max(1, nativeThreadsPerRun));
    }

    @Override
    public void execute(StageGraph graph, StageListener listener) throws Exception {
        List<Stage> order = graph.order();
        Map<Stage, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i + 1);
        }
        List<Stage> waiting = new ArrayList<>(order);
        Set<Stage> done = new HashSet<>();
        Set<StageKey> runningKeys = new HashSet<>();
        Map<Future<Stage>, Stage> running = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallel, order.size())),
                stageThreads());
        CompletionService<Stage> completed = new ExecutorCompletionService<>(pool);
        Throwable failure = null;
        try {
            while (true) {
                if (failure == null) {
                    try {
                        launchReady(waiting, done, runningKeys, running, completed, index, order.size(), listener);
                    } catch (Exception | Error e) {
                        failure = e;
                        stopLaunching(null, running.size());
                    }
                }
                if (running.isEmpty()) {
                    break;
                }
                Future<Stage> next = completed.take();
                Stage stage = running.remove(next);
                runningKeys.remove(stage.key());
                try {
                    next.get();
                    listener.finished(stage);
                    done.add(stage);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (failure == null) {
                        failure = cause;
                        stopLaunching(stage, running.size());
                    } else {
                        LOG.warn("{} failed as well: {}", stage.id(), message(cause));
                        failure.addSuppressed(cause);
                    }
                } catch (Exception | Error e) {
                    if (failure == null) {
                        failure = e;
                        stopLaunching(stage, running.size());
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } finally {
            pool.shutdownNow();
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Starts (or reuses, when cached) the ready stages in graph order until the slots are full. Stops
     * at the first ready stage that finds no free slot, so a cached stage later in the order is not
     * taken ahead of it: with one slot the order is the sequential one.
     */
    private void launchReady(List<Stage> waiting, Set<Stage> done, Set<StageKey> runningKeys,
                             Map<Future<Stage>, Stage> running, CompletionService<Stage> completed,
                             Map<Stage, Integer> index, int count, StageListener listener) throws Exception {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Iterator<Stage> it = waiting.iterator(); it.hasNext(); ) {
                Stage stage = it.next();
                if (!done.containsAll(stage.inputs()) || runningKeys.contains(stage.key())) {
                    continue;
                }
                StageState state = stage.state();
                if (state.cached()) {
                    it.remove();
                    listener.reusing(stage, index.get(stage), count);
                    listener.finished(stage);
                    done.add(stage);
                    changed = true;
                    continue;
                }
                if (running.size() >= parallel) {
                    return;
                }
                it.remove();
                listener.running(stage, index.get(stage), count, state);
                runningKeys.add(stage.key());
                running.put(completed.submit(() -> {
                    WorkClock.start();
                    try {
                        stage.run();
                    } finally {
                        WorkClock.stop();
                    }
                    return stage;
                }), stage);
            }
        }
    }

    /** Says, once, that the run stops; the error itself is reported once, by whoever catches it. */
    private static void stopLaunching(Stage stage, int stillRunning) {
        String what = stage == null ? "the run" : stage.id();
        if (stillRunning > 0) {
            LOG.warn("{} failed; starting no further stage, waiting for the {} running to finish (their work is kept);"
                    + " its error follows then", what, stillRunning);
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Daemon threads named {@code graft-stage-<n>}, so a stuck stage never keeps the JVM alive after main returns. */
    private static java.util.concurrent.ThreadFactory stageThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "graft-stage-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
