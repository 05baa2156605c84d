package dev.graft.spi;

import java.util.List;

/**
 * Reads a model's internals at a probe step and returns numbers about them: representation similarity,
 * weight drift of inherited heads and neurons, ablation effects. The engine runs every measure of a spec
 * at the probe steps of each large model (and at its step 0, before training), on the probe set, and
 * writes what it returns as rows {@code condition,seed,step,layer,component,measure,value} of the run's
 * {@code measures.csv}. What the measure may read of the model reaches it through the
 * {@link MeasureContext} of the pass; it never sees the engine's classes.
 *
 * Added in SPI 1.2.
 *
 * <p>Implementations are stateless: one instance measures every model of a run, possibly from several
 * threads at once.
 */
public interface Measure {

    /**
     * Whether the measure reads a grafted condition's source small model or start
     * ({@link MeasureContext#source()}, {@link MeasureContext#plan()}); such a measure is refused, before
     * any work, on a spec whose measured conditions are not all grafted.
     */
    default boolean needsSource() {
        return false;
    }

    /** The rows of one model at one step; none when the measure has nothing to say about this model. */
    List<Value> measure(MeasureContext context);

    /**
     * One number about one part of the model.
     *
     * @param layer     the block index; −1 for a number about the whole model
     * @param component what was measured, e.g. {@code resid_post}, {@code head3}, {@code neurons.inherited}
     * @param measure   the quantity, e.g. {@code cka_source}, {@code drift.W_Q}
     * @param value     the number, in full precision (NaN where it is undefined, e.g. 0/0)
     */
    record Value(int layer, String component, String measure, double value) {
        public Value {
            if (component == null || component.isEmpty() || measure == null || measure.isEmpty()) {
                throw new IllegalArgumentException("a measure value needs a component and a measure name");
            }
        }
    }
}
