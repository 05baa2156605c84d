package dev.graft.spec;

/**
 * How models are trained (see {@link SpecSchema#TRAINING} for each field's meaning and default).
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
}
