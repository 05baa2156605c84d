package dev.graft.spark;

import dev.graft.io.UserInputException;
import dev.graft.pipeline.ArtifactCache;
import dev.graft.pipeline.Stage;
import dev.graft.pipeline.StageGraph;
import dev.graft.runner.StagePlanSource;
import org.apache.spark.api.java.function.Function;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Spark task: rebuilds the run's DAG in the executor's JVM from the {@link StagePlanSource}, finds
 * its stage by id, checks that the key is the driver's, and runs the stage, which commits its artifact
 * to the shared cache atomically. Idempotent: a retried or duplicated attempt first waits for any other
 * attempt of the same key (a file lock in the cache), then finds the artifact complete and does nothing,
 * or resumes the stage's own partial work.
 */
final class StageTask implements Function<StageTask.Request, TaskOutcome> {
    private static final long serialVersionUID = 1L;
    private static final long POLL_MS = 500;

    /** The stage a task runs: its id and the key the driver planned for it. */
    record Request(String stageId, String keyHash) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    private final StagePlanSource source;

    StageTask(StagePlanSource source) {
        this.source = source;
    }

    @Override
    public TaskOutcome call(Request request) throws Exception {
        String host = InetAddress.getLocalHost().getHostName();
        Stage stage;
        try {
            StageGraph graph = source.plan();
            stage = graph.find(request.stageId()).orElseThrow(() -> new IllegalStateException(
                    "this worker's plan of the spec has no stage '" + request.stageId() + "' (is it running another graft version?)"));
            if (!stage.key().hash().equals(request.keyHash())) {
                throw new IllegalStateException(stage.id() + ": this worker plans key " + stage.key().shortHash()
                        + " where the driver planned " + request.keyHash().substring(0, 12)
                        + "; the workers must run the same graft build and plugins as the driver");
            }
            ArtifactCache cache = new ArtifactCache(Path.of(source.cacheRoot()));
            for (Stage in : stage.inputs()) {
                if (!in.state().cached()) {
                    throw new IllegalStateException(stage.id() + ": its input " + in.id() + ", which the driver saw"
                            + " complete, is not at " + cache.artifact(in.key()) + " as this worker (" + host + ") sees"
                            + " the cache; the cache must be on a file system that the driver and every worker mount at"
                            + " the same path (NFS or a cluster file system): give --cache (or GRAFT_CACHE) such a path");
                }
            }
            if (stage.state().cached()) {
                return new TaskOutcome(stage.id(), false, null, false, host);
            }
            try (AttemptLock lock = AttemptLock.acquire(cache.root().resolve(stage.key().kind())
                    .resolve(".task-" + stage.key().hash()))) {
                if (stage.state().cached()) { // another attempt finished it while this one waited
                    return new TaskOutcome(stage.id(), false, null, false, host);
                }
                dev.graft.io.WorkClock.start();
                try {
                    stage.run();
                } finally {
                    dev.graft.io.WorkClock.stop();
                }
            }
            return new TaskOutcome(stage.id(), true, null, false, host);
        } catch (Exception e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            return new TaskOutcome(request.stageId(), true, message, e instanceof UserInputException, host);
        }
    }

    /**
     * An exclusive lock between attempts of one stage, in whichever JVMs they run: an operating-system
     * file lock (released when a killed executor's process ends), polled so that two attempts in one
     * JVM (local mode) wait for each other too.
     */
    private static final class AttemptLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private AttemptLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static AttemptLock acquire(Path file) throws IOException, InterruptedException {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                while (true) {
                    FileLock lock;
                    try {
                        lock = channel.tryLock();
                    } catch (OverlappingFileLockException e) {
                        lock = null;
                    }
                    if (lock != null) {
                        return new AttemptLock(channel, lock);
                    }
                    Thread.sleep(POLL_MS);
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }
}
