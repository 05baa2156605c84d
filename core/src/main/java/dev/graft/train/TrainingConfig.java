package dev.graft.train;

import dev.graft.model.LossWeights;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides one training run, as the runner maps it from a spec's {@code training:}
 * section (plus the run's label and directories).
 *
 * @param label                    the condition, e.g. {@code small+aux}; tags metrics and checkpoints
 * @param lr                       peak learning rate (study: 2.3e-4)
 * @param weightDecay              AdamW decoupled weight decay (study: 0.01)
 * @param warmupSteps              linear warm-up steps before the cosine decay (0 = none)
 * @param totalSteps               optimizer steps of the whole run (see {@link #stepsFor})
 * @param batchSize                positions per step (study: 400 small, 200 large)
 * @param lossWeights              loss-term weights; aux 0 switches the auxiliary loss off
 * @param validateEvery            quick validation every this many steps (0 = never)
 * @param quickValidationPositions positions of a quick validation
 * @param checkpointEvery          checkpoint every this many steps (0 = only at the end)
 * @param logEvery                 a training record in metrics.jsonl every this many steps (and at the end)
 * @param keepCheckpoints          newest checkpoints kept on disk (≥ 1)
 * @param seed                     the condition's seed, recorded in checkpoints
 * @param runDir                   run directory: {@code metrics.jsonl} goes here
 * @param checkpointDir            where this run's checkpoints go (one directory per label)
 */
public record TrainingConfig(String label, double lr, double weightDecay, long warmupSteps, long totalSteps,
                             int batchSize, LossWeights lossWeights, long validateEvery,
                             int quickValidationPositions, long checkpointEvery, long logEvery,
                             int keepCheckpoints, long seed, Path runDir, Path checkpointDir) {

    public TrainingConfig {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(lossWeights, "lossWeights");
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        if (label.isBlank()) {
            throw new IllegalArgumentException("training label must not be blank (e.g. 'small+aux')");
        }
        require(batchSize > 0, "training.batch_size must be > 0, got " + batchSize);
        require(validateEvery >= 0, "training.validate_every must be ≥ 0 (0 = never), got " + validateEvery);
        require(quickValidationPositions > 0 || validateEvery == 0,
                "training.quick_validation_positions must be > 0 when validating, got " + quickValidationPositions);
        require(checkpointEvery >= 0, "training.checkpoint_every must be ≥ 0 (0 = only at the end), got "
                + checkpointEvery);
        require(logEvery > 0, "training.log_every must be > 0, got " + logEvery);
        require(keepCheckpoints >= 1, "at least one checkpoint must be kept, got " + keepCheckpoints);
        require(weightDecay >= 0, "training.weight_decay must be ≥ 0, got " + weightDecay);
        // checks lr, warm-up and total steps
        new LearningRateSchedule(lr, warmupSteps, totalSteps);
    }

    /**
     * The study's settings (AdamW 2.3e-4, weight decay 0.01, no warm-up, validate every 250 steps on
     * 1,000 positions, checkpoint every 500, log every step, keep 2 checkpoints); checkpoints go to
     * {@code runDir/checkpoints/<label>}.
     */
    public static TrainingConfig studyDefaults(String label, long totalSteps, int batchSize,
                                               LossWeights lossWeights, long seed, Path runDir) {
        return new TrainingConfig(label, 2.3e-4, 0.01, 0, totalSteps, batchSize, lossWeights, 250, 1000, 500, 1,
                2, seed, runDir, defaultCheckpointDir(runDir, label));
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

    /** The learning-rate schedule these settings describe. */
    public LearningRateSchedule schedule() {
        return new LearningRateSchedule(lr, warmupSteps, totalSteps);
    }

    /** A copy with another total step count (e.g. a longer run of the same condition). */
    public TrainingConfig withTotalSteps(long steps) {
        return new TrainingConfig(label, lr, weightDecay, warmupSteps, steps, batchSize, lossWeights, validateEvery,
                quickValidationPositions, checkpointEvery, logEvery, keepCheckpoints, seed, runDir, checkpointDir);
    }

    /** A copy with other validation and checkpoint intervals. */
    public TrainingConfig withIntervals(long validateEvery, long checkpointEvery, long logEvery) {
        return new TrainingConfig(label, lr, weightDecay, warmupSteps, totalSteps, batchSize, lossWeights,
                validateEvery, quickValidationPositions, checkpointEvery, logEvery, keepCheckpoints, seed, runDir,
                checkpointDir);
    }

    /** The settings as the snake_case map written into a checkpoint's {@code meta.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("label", label);
        m.put("lr", lr);
        m.put("weight_decay", weightDecay);
        m.put("warmup_steps", warmupSteps);
        m.put("total_steps", totalSteps);
        m.put("batch_size", batchSize);
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("value", lossWeights.value());
        w.put("policy", lossWeights.policy());
        w.put("aux", lossWeights.aux());
        m.put("loss_weights", w);
        m.put("validate_every", validateEvery);
        m.put("quick_validation_positions", quickValidationPositions);
        m.put("checkpoint_every", checkpointEvery);
        m.put("log_every", logEvery);
        m.put("seed", seed);
        return m;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
