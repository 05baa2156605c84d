package dev.graft.pipeline;

import dev.graft.train.CheckpointStore;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A training stage's folder in the cache (its work folder while it trains, its artifact once
 * committed): {@code metrics.jsonl}, {@code checkpoints/}, the stage's own {@code probes.csv} and the
 * final probe's {@code probes/}.
 *
 * @param dir the folder
 */
record TrainArtifact(Path dir) {
    static final String CHECKPOINTS = "checkpoints";
    static final String METRICS = "metrics.jsonl";
    /** The stage's own probe rows (the run directory's probes.csv is assembled from these). */
    static final String PROBES = "probes.csv";
    /** The stage's own measure rows (the run directory's measures.csv is assembled from these). */
    static final String MEASURES = "measures.csv";
    /** The label the stage's trainer was started with. */
    static final String LABEL_FILE = "label";

    Path metrics() {
        return dir.resolve(METRICS);
    }

    Path probeRows() {
        return dir.resolve(PROBES);
    }

    Path measureRows() {
        return dir.resolve(MEASURES);
    }

    Path label() {
        return dir.resolve(LABEL_FILE);
    }

    CheckpointStore checkpointStore() {
        return new CheckpointStore(dir.resolve(CHECKPOINTS));
    }

    /** The checkpoints, oldest first. */
    List<Path> checkpoints() {
        return checkpointStore().list();
    }

    /** The best checkpoint by full validation loss, if one was written. */
    Optional<Path> best() {
        return checkpointStore().best();
    }

    /** The checkpoint asked for by name: {@code best} or {@code last}. */
    Optional<Path> select(String choice) {
        return checkpointStore().select(choice);
    }
}
