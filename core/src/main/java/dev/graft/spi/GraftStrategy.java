package dev.graft.spi;

/** Maps a small model's layers into a large model (front, offset, partial, …). */
public interface GraftStrategy {

    /**
     * The plan for these sizes.
     *
     * @throws InvalidOptionsException when the sizes cannot be grafted this way (says why)
     */
    GraftPlan plan(ModelShape small, ModelShape large);

    /** True if the grafted model's residual stream after each copied layer equals the small model's; the framework then verifies it. */
    boolean preservesFunction();
}
