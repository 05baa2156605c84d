package dev.graft.model;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * How a {@link Transformer}'s parameters are drawn before training, by kind of parameter. Both schemes
 * draw from one {@link Random} seeded by the model's seed, parameter by parameter in
 * {@link Transformer#parameterNames()} order, so a seed always gives the same model.
 *
 * <ul>
 *   <li>{@link #STUDY} (the default): the original study's PyTorch initialisation (EXPERIMENT.md,
 *       Models). State and position embeddings N(0, 1); W_Q, W_K, W_V N(0, 1/d_model); W_O
 *       N(0, 1/d_head); every linear layer's weight and bias U(−1/√fan_in, +1/√fan_in), fan_in being
 *       the layer's input width (MLP W_in/b_in d_model, W_out/b_out d_mlp, value and auxiliary heads
 *       d_model, policy W1/b1 k·d_model, policy W2/b2 d_model); LayerNorm weight 1, bias 0.</li>
 *   <li>{@link #SMALL_NORMAL}: graft's first scheme, kept so that the difference can be studied: every
 *       weight matrix and embedding N(0, 0.02²), every bias 0, LayerNorm weight 1. With it the quickstart's
 *       value head learns nothing (issue 12).</li>
 * </ul>
 */
public enum Initialisation {
    STUDY("study"),
    SMALL_NORMAL("small-normal");

    /** Standard deviation of {@link #SMALL_NORMAL}'s weights and embeddings. */
    public static final double SMALL_NORMAL_STD = 0.02;

    /** The scheme models get unless told otherwise. */
    public static final Initialisation DEFAULT = STUDY;

    /** What a parameter is, which decides its distribution. */
    public enum Kind {
        /** A token-state or position embedding. */
        EMBEDDING,
        /** A per-head W_Q, W_K or W_V [heads, d_model, d_head]. */
        ATTENTION_QKV,
        /** A per-head W_O [heads, d_head, d_model]. */
        ATTENTION_OUT,
        /** The weight of a linear layer (MLP, value, auxiliary, policy). */
        LINEAR_WEIGHT,
        /** The bias of a linear layer. */
        LINEAR_BIAS,
        /** A LayerNorm's weight. */
        NORM_WEIGHT,
        /** A LayerNorm's bias. */
        NORM_BIAS
    }

    private final String specName;

    Initialisation(String specName) {
        this.specName = specName;
    }

    /** The name a spec uses ({@code models.init}), e.g. {@code study}. */
    public String specName() {
        return specName;
    }

    /** Every scheme's spec name, default first. */
    public static List<String> specNames() {
        return Arrays.stream(values()).map(Initialisation::specName).toList();
    }

    /**
     * The scheme a spec names.
     *
     * @throws IllegalArgumentException naming the known schemes when {@code name} is none of them
     */
    public static Initialisation named(String name) {
        for (Initialisation i : values()) {
            if (i.specName.equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown initialisation '" + name + "'; known: "
                + String.join(", ", specNames()));
    }

    /**
     * Draws {@code count} initial values of a parameter of {@code kind}.
     *
     * @param dModel the model's residual width (W_Q/W_K/W_V variance 1/d_model under {@link #STUDY})
     * @param dHead  the model's head width (W_O variance 1/d_head under {@link #STUDY})
     * @param fanIn  input width of the linear layer the parameter belongs to (linear kinds only)
     * @param rng    the model's generator; a scheme draws only for parameters it does not set to a constant
     */
    public double[] draw(Kind kind, int count, int dModel, int dHead, int fanIn, Random rng) {
        double[] v = new double[count];
        switch (kind) {
            case NORM_WEIGHT -> Arrays.fill(v, 1.0);
            case NORM_BIAS -> {
                // zeros
            }
            case EMBEDDING -> normal(v, this == STUDY ? 1.0 : SMALL_NORMAL_STD, rng);
            case ATTENTION_QKV -> normal(v, this == STUDY ? 1.0 / Math.sqrt(dModel) : SMALL_NORMAL_STD, rng);
            case ATTENTION_OUT -> normal(v, this == STUDY ? 1.0 / Math.sqrt(dHead) : SMALL_NORMAL_STD, rng);
            case LINEAR_WEIGHT -> {
                if (this == STUDY) {
                    uniform(v, bound(fanIn), rng);
                } else {
                    normal(v, SMALL_NORMAL_STD, rng);
                }
            }
            case LINEAR_BIAS -> {
                if (this == STUDY) {
                    uniform(v, bound(fanIn), rng);
                }
            }
            default -> throw new IllegalStateException("unhandled parameter kind " + kind);
        }
        return v;
    }

    /** The bound 1/√fan_in of {@link #STUDY}'s uniform linear weights and biases. */
    public static double bound(int fanIn) {
        if (fanIn < 1) {
            throw new IllegalArgumentException("fan_in must be at least 1, got " + fanIn);
        }
        return 1.0 / Math.sqrt(fanIn);
    }

    private static void normal(double[] v, double std, Random rng) {
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextGaussian() * std;
        }
    }

    private static void uniform(double[] v, double bound, Random rng) {
        for (int i = 0; i < v.length; i++) {
            v[i] = (2 * rng.nextDouble() - 1) * bound;
        }
    }
}
