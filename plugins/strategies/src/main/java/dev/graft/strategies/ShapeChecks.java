package dev.graft.strategies;

import dev.graft.spi.GraftPlan;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;

import java.util.List;

/** The size checks the strategies share; each refuses with what would fit (option null: the model sizes are at fault). */
final class ShapeChecks {
    private ShapeChecks() {
    }

    /**
     * Same d_head in both models, and the residual map for their d_models: empty when equal, each small
     * dimension copied r times when the large d_model is r times the small one ({@link GraftPlan#tiledResidual}).
     */
    static List<Integer> residualMap(ModelShape small, ModelShape large) {
        sameHeadWidth(small, large);
        int d = small.dModel();
        if (large.dModel() == d) {
            return List.of();
        }
        if (large.dModel() < d) {
            throw new InvalidOptionsException(null, "the large model's d_model " + large.dModel() + " is narrower than"
                    + " the small model's " + d + "; it must be " + d + " or a multiple (" + 2 * d + ", " + 3 * d + ", …)");
        }
        if (large.dModel() % d != 0) {
            throw new InvalidOptionsException(null, "the large model's d_model " + large.dModel() + " is not a multiple"
                    + " of the small model's " + d + "; a graft copies each small residual dimension the same number of"
                    + " times (so LayerNorm's statistics stay the same), so the large d_model must be " + d + ", " + 2 * d
                    + ", " + 3 * d + ", … (the nearest are " + Math.max(d, large.dModel() / d * d) + " and "
                    + (large.dModel() / d + 1) * d + ")");
        }
        return GraftPlan.tiledResidual(d, large.dModel());
    }

    /** Same d_head in both models. */
    static void sameHeadWidth(ModelShape small, ModelShape large) {
        if (small.dHead() != large.dHead()) {
            throw new InvalidOptionsException(null, "the small model's d_head " + small.dHead()
                    + " differs from the large model's " + large.dHead() + "; a graft copies whole heads, so both need"
                    + " the same d_head");
        }
    }

    /** At least as many heads and MLP neurons per layer in the large model. */
    static void unitsFit(ModelShape small, ModelShape large) {
        if (small.heads() > large.heads()) {
            throw new InvalidOptionsException(null, "the small model has " + small.heads() + " heads per layer but the"
                    + " large model only " + large.heads() + "; the large model needs at least " + small.heads()
                    + " heads (or the small one at most " + large.heads() + ")");
        }
        if (small.dMlp() > large.dMlp()) {
            throw new InvalidOptionsException(null, "the small model's d_mlp " + small.dMlp() + " is wider than the large"
                    + " model's " + large.dMlp() + "; the large model needs d_mlp ≥ " + small.dMlp()
                    + " (or the small one at most " + large.dMlp() + ")");
        }
    }

    /** At least as many layers in the large model. */
    static void layersFit(ModelShape small, ModelShape large) {
        if (small.layers() > large.layers()) {
            throw new InvalidOptionsException(null, "the small model's " + small.layers() + " layers do not fit into the"
                    + " large model's " + large.layers() + "; the large model needs at least " + small.layers()
                    + " layers");
        }
    }
}
