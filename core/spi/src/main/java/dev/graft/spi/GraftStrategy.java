package dev.graft.spi;

/**
 * Maps a small model's layers into a large model (front, offset, partial, …). Created by a
 * {@link PluginFactory} of kind {@link PluginKind#GRAFT_STRATEGY} from its options; the engine applies
 * the plan and, when {@link #preservesFunction()} is true, verifies before training that the grafted
 * model computes what the small model computes.
 */
public interface GraftStrategy {

    /**
     * The plan for these sizes. Called while a spec is validated, so a graft that cannot fit is reported
     * before any work starts.
     *
     * @throws InvalidOptionsException when the sizes cannot be grafted this way; the message says why and
     *                                 what would fit, and {@code option()} names the option at fault (or
     *                                 null when the model sizes are)
     */
    GraftPlan plan(ModelShape small, ModelShape large);

    /**
     * True if the plan makes the large model, truncated after its last copied layer, compute the small
     * model's outputs, with the residual stream after each copied layer equal to the small model's; the
     * framework then verifies it before training (and a mismatch fails the run). False for plans that
     * knowingly change the function (a part of the small model, or parts left uncopied).
     */
    boolean preservesFunction();
}
