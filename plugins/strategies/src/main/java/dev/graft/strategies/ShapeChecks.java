package dev.graft.strategies;

import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;

/** The size checks the strategies share; each refuses with what would fit (option null: the model sizes are at fault). */
final class ShapeChecks {
    private ShapeChecks() {
    }

    /** Same d_model and d_head in both models. */
    static void sameResidual(ModelShape small, ModelShape large) {
        if (small.dModel() != large.dModel()) {
            throw new InvalidOptionsException(null, "the small model's d_model " + small.dModel()
                    + " differs from the large model's " + large.dModel() + "; a graft copies the residual stream as it"
                    + " is, so both need the same d_model (the widen strategy grows d_model to a multiple)");
        }
        sameHeadWidth(small, large);
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
