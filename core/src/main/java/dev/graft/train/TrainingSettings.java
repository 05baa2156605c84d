package dev.graft.train;

import dev.graft.model.LossWeights;

import java.util.Objects;

/**
 * How one model is trained, as the spec's {@code training:} section declares it (the schema,
 * {@code spec.SpecSchema.TRAINING}, holds each setting's name, range, default and description; this
 * record only carries the values, bound by {@code spec.TrainingSpec#forModel}), resolved for one model:
 * its batch size and the loss weights it trains with.
 *
 * @param lr                       {@code training.lr}: peak learning rate
 * @param weightDecay              {@code training.weight_decay}: AdamW decoupled weight decay
 * @param warmupSteps              {@code training.warmup_steps}: linear warm-up steps before the cosine decay
 * @param batchSize                {@code training.batch.small} or {@code training.batch.large}
 * @param lossWeights              {@code training.loss}, with aux 0 when the auxiliary loss is off
 * @param validateEvery            {@code training.validate_every}: steps between quick validations (0: never,
 *                                 for tests; a spec asks for ≥ 1)
 * @param quickValidationPositions {@code training.quick_validation_positions}
 * @param checkpointEvery          {@code training.checkpoint_every} (0: only at the end, for tests)
 */
public record TrainingSettings(double lr, double weightDecay, long warmupSteps, int batchSize,
                               LossWeights lossWeights, long validateEvery, int quickValidationPositions,
                               long checkpointEvery) {

    /**
     * Guards the trainer's invariants; the schema rejects every spec value that would break one, so
     * these fire only on a programming error (a test's or a caller's hand-made settings).
     */
    public TrainingSettings {
        Objects.requireNonNull(lossWeights, "training.loss");
        require(batchSize > 0, "training.batch.small/large must be ≥ 1, got " + batchSize);
        require(validateEvery >= 0, "training.validate_every must be ≥ 0 (0 = never), got " + validateEvery);
        require(quickValidationPositions > 0 || validateEvery == 0,
                "training.quick_validation_positions must be ≥ 1 when validating, got " + quickValidationPositions);
        require(checkpointEvery >= 0, "training.checkpoint_every must be ≥ 0 (0 = only at the end), got "
                + checkpointEvery);
        require(weightDecay >= 0, "training.weight_decay must be ≥ 0, got " + weightDecay);
        require(lr > 0 && !Double.isInfinite(lr), "training.lr must be a positive number, got " + lr);
        require(warmupSteps >= 0, "training.warmup_steps must be ≥ 0, got " + warmupSteps);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
