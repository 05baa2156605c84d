package dev.graft.measure;

import java.util.Objects;

/**
 * One row of {@code measures.csv}: a number a measure plugin returned about one model of one condition and
 * seed at one training step.
 *
 * @param layer     the block index; −1 for a number about the whole model
 * @param component the part measured, e.g. {@code resid_post}, {@code head3}, {@code neurons.inherited}
 * @param measure   the quantity, e.g. {@code cka.source}, {@code drift.W_Q}
 */
public record MeasureRow(String condition, long seed, long step, int layer, String component, String measure,
                         double value) {
    public MeasureRow {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(measure, "measure");
    }
}
