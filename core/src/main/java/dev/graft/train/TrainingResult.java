package dev.graft.train;

import dev.graft.model.LossParts;

import java.nio.file.Path;
import java.util.List;

/**
 * What one call of {@link Trainer#train()} did.
 *
 * @param label          the run's label
 * @param startStep      the step it started from (0, or a resumed checkpoint's)
 * @param finalStep      finished steps at the end (the config's total)
 * @param lastTrainLoss  loss of the last step it ran; {@code null} when it had nothing left to run
 * @param validations    the validations it ran, in order
 * @param lastCheckpoint the final checkpoint
 */
public record TrainingResult(String label, long startStep, long finalStep, LossParts lastTrainLoss,
                             List<ValidationResult> validations, Path lastCheckpoint) {

    public TrainingResult {
        validations = List.copyOf(validations);
    }
}
