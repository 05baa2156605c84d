package dev.graft.spec;

import dev.graft.model.LossWeights;
import dev.graft.spec.ExperimentSpec.ModelSize;
import dev.graft.train.TrainingSettings;

/**
 * How models are trained: the spec's {@code training:} section bound to a record. Each field's name,
 * range, default and description are declared once, in {@link SpecSchema#TRAINING}; this record and
 * the trainer's {@link TrainingSettings} ({@link #forModel}) only carry the values.
 *
 * @param steps     total optimiser steps, or 0 to derive them from {@code epochs}
 * @param positions which plies are trained and validated on
 */
public record TrainingSpec(double lr, double weightDecay, int warmupSteps, int epochs, int steps,
                           BatchSizes batch, LossSpec loss, int validateEvery, int quickValidationPositions,
                           int checkpointEvery, PositionsSpec positions) {

    static TrainingSpec from(Section s) {
        return new TrainingSpec(s.number("lr"), s.number("weight_decay"), s.integer("warmup_steps"),
                s.integer("epochs"), s.integer("steps"), BatchSizes.from(s.section("batch")),
                LossSpec.from(s.section("loss")), s.integer("validate_every"),
                s.integer("quick_validation_positions"), s.integer("checkpoint_every"),
                PositionsSpec.from(s.section("positions")));
    }

    /** The schema's defaults: a spec without a {@code training:} section (e.g. what {@code graft bench} trains with). */
    public static TrainingSpec defaults() {
        return from(SpecSchema.TRAINING.defaults());
    }

    /** The batch size of {@code size}'s models ({@code batch.small} or {@code batch.large}). */
    public int batchSize(ModelSize size) {
        return size == ModelSize.SMALL ? batch.small() : batch.large();
    }

    /** The loss weights a model trains with: {@code loss}, with aux 0 when the auxiliary loss is off. */
    public LossWeights lossWeights(boolean auxLoss) {
        return new LossWeights(loss.value(), loss.policy(), auxLoss ? loss.aux() : 0.0);
    }

    /** The trainer's settings for one model of {@code size}, with or without the auxiliary loss. */
    public TrainingSettings forModel(ModelSize size, boolean auxLoss) {
        return new TrainingSettings(lr, weightDecay, warmupSteps, batchSize(size), lossWeights(auxLoss),
                validateEvery, quickValidationPositions, checkpointEvery);
    }
}
