package dev.graft.train;

import dev.graft.model.LossWeights;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides one training run: the model's {@link TrainingSettings} (from the spec) and
 * what the run adds to them: its label, length, logging, seed and directories. Built with
 * {@link #builder}.
 *
 * @param label           the condition and seed, e.g. {@code small+aux/seed-42}; tags metrics and checkpoints
 * @param settings        the spec's training settings for this model
 * @param totalSteps      optimizer steps of the whole run ({@code training.steps}, or derived with {@link #stepsFor})
 * @param logEvery        a training record in metrics.jsonl every this many steps (and at the end)
 * @param keepCheckpoints newest checkpoints kept on disk (≥ 1)
 * @param seed            the condition's seed, recorded in checkpoints
 * @param runDir          run directory: {@code metrics.jsonl} goes here
 * @param checkpointDir   where this run's checkpoints go (one directory per label)
 */
public record TrainingConfig(String label, TrainingSettings settings, long totalSteps, long logEvery,
                             int keepCheckpoints, long seed, Path runDir, Path checkpointDir) {

    /** Guards the trainer's invariants (see {@link TrainingSettings}: spec input cannot break them). */
    public TrainingConfig {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        if (label.isBlank()) {
            throw new IllegalArgumentException("training label must not be blank (e.g. 'small+aux')");
        }
        if (logEvery <= 0) {
            throw new IllegalArgumentException("log interval must be > 0, got " + logEvery);
        }
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("at least one checkpoint must be kept, got " + keepCheckpoints);
        }
        // checks warm-up against the total steps
        new LearningRateSchedule(settings.lr(), settings.warmupSteps(), totalSteps);
    }

    /** A builder of the run {@code label} trained with {@code settings}. */
    public static Builder builder(String label, TrainingSettings settings) {
        return new Builder(label, settings);
    }

    /** {@code runDir/checkpoints/<label>} with characters unsafe in file names replaced by '_'. */
    public static Path defaultCheckpointDir(Path runDir, String label) {
        return runDir.resolve("checkpoints").resolve(label.replaceAll("[^A-Za-z0-9+._-]", "_"));
    }

    /** Steps for {@code epochs} passes over {@code positionsPerEpoch} positions, rounded up. */
    public static long stepsFor(double epochs, long positionsPerEpoch, int batchSize) {
        if (!(epochs > 0) || positionsPerEpoch <= 0 || batchSize <= 0) {
            throw new IllegalArgumentException("need epochs > 0, positions > 0 and batch > 0, got " + epochs + ", "
                    + positionsPerEpoch + ", " + batchSize);
        }
        return (long) Math.ceil(epochs * positionsPerEpoch / batchSize);
    }

    public double lr() {
        return settings.lr();
    }

    public double weightDecay() {
        return settings.weightDecay();
    }

    public long warmupSteps() {
        return settings.warmupSteps();
    }

    public int batchSize() {
        return settings.batchSize();
    }

    public LossWeights lossWeights() {
        return settings.lossWeights();
    }

    public long validateEvery() {
        return settings.validateEvery();
    }

    public int quickValidationPositions() {
        return settings.quickValidationPositions();
    }

    public long checkpointEvery() {
        return settings.checkpointEvery();
    }

    /** The learning-rate schedule these settings describe. */
    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(settings.lr(), settings.warmupSteps(), totalSteps);
    }

    /** A copy with another total step count (e.g. a longer run of the same condition). */
    public TrainingConfig withTotalSteps(long steps) {
        return new TrainingConfig(label, settings, steps, logEvery, keepCheckpoints, seed, runDir, checkpointDir);
    }

    /** The settings as the snake_case map written into a checkpoint's {@code meta.json} ({@code config}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("lr", lr());
        m.put("weight_decay", weightDecay());
        m.put("warmup_steps", warmupSteps());
        m.put("total_steps", totalSteps);
        m.put("batch_size", batchSize());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("value", lossWeights().value());
        w.put("policy", lossWeights().policy());
        w.put("aux", lossWeights().aux());
        m.put("loss_weights", w);
        m.put("validate_every", validateEvery());
        m.put("quick_validation_positions", quickValidationPositions());
        m.put("checkpoint_every", checkpointEvery());
        m.put("log_every", logEvery);
        m.put("seed", seed);
        return m;
    }

    /** Builds a {@link TrainingConfig}; everything but the checkpoint directory is required. */
    public static final class Builder {
        private final String label;
        private final TrainingSettings settings;
        private Long totalSteps;
        private Long logEvery;
        private Integer keepCheckpoints;
        private Long seed;
        private Path runDir;
        private Path checkpointDir;

        private Builder(String label, TrainingSettings settings) {
            this.label = label;
            this.settings = settings;
        }

        public Builder totalSteps(long steps) {
            this.totalSteps = steps;
            return this;
        }

        /** A training record every {@code steps} steps (and at the end). */
        public Builder logEvery(long steps) {
            this.logEvery = steps;
            return this;
        }

        /** The newest checkpoints kept. */
        public Builder keepCheckpoints(int count) {
            this.keepCheckpoints = count;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder runDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /** Where checkpoints go (default {@link #defaultCheckpointDir}). */
        public Builder checkpointDir(Path dir) {
            this.checkpointDir = dir;
            return this;
        }

        public TrainingConfig build() {
            Objects.requireNonNull(totalSteps, "total steps");
            Objects.requireNonNull(logEvery, "log interval");
            Objects.requireNonNull(keepCheckpoints, "checkpoints kept");
            Objects.requireNonNull(seed, "seed");
            Objects.requireNonNull(runDir, "run directory");
            return new TrainingConfig(label, settings, totalSteps, logEvery, keepCheckpoints, seed, runDir,
                    checkpointDir != null ? checkpointDir : defaultCheckpointDir(runDir, label));
        }
    }
}
