package dev.graft.spi;

import java.util.List;

/**
 * One transformer as a {@link Measure} sees it, on the probe set of its {@link MeasureContext}: its
 * activations (TransformerLens sites), its parameters by name and per head or neuron, and forward passes
 * with chosen parts changed. Activations are computed once per model and pass and kept; parameters are
 * copies (a measure cannot change the model).
 */
public interface MeasuredModel {

    /** The model's sizes. */
    ModelShape shape();

    /** Positions of the probe set. */
    int positions();

    /** Tokens per position (the CLS token last). */
    int tokens();

    /**
     * The CLS token's residual after block {@code layer} ({@code blocks.layer.hook_resid_post}), before the
     * final LayerNorm: {@code [positions][d_model]}.
     */
    float[][] clsResidual(int layer);

    /**
     * The CLS token's share of head {@code head}'s output after W_O ({@code blocks.layer.attn.hook_result}
     * at the CLS token): {@code [positions][d_model]}.
     */
    float[][] clsHeadOutput(int layer, int head);

    /**
     * Head {@code head}'s output after W_O at every token: {@code positions·tokens·d_model} floats,
     * position-major, the form {@link UnitChange#patch} takes.
     */
    float[] headOutput(int layer, int head);

    /**
     * The attention probabilities of {@code heads} of block {@code layer} at positions
     * {@code [from, from+count)} of the probe set ({@code blocks.layer.attn.hook_pattern}):
     * {@code count·heads.size()·tokens·tokens} floats, row-major [position][head, in the order given][query
     * token][key token], each query's row a distribution over the keys. Each call runs one unchanged forward
     * pass over those positions and keeps nothing: a pattern is tokens² floats per head and position, so ask
     * for {@link #passPositions()} positions (or a multiple) at a time, as memory allows. Added in SPI 1.3.
     *
     * @throws IllegalArgumentException for a layer or head the model lacks or positions outside the probe set
     */
    float[] attentionPatterns(int layer, List<Integer> heads, int from, int count);

    /**
     * Positions the engine's forward pass runs at once: a pass over fewer costs as much as one over this many.
     * Added in SPI 1.3.
     */
    int passPositions();

    /** Parameter names, TransformerLens style ({@code blocks.0.attn.W_Q}, {@code blocks.0.mlp.W_out}, …). */
    List<String> parameterNames();

    /** A parameter's logical shape, e.g. {@code [heads, d_model, d_head]} for W_Q. */
    long[] parameterShape(String name);

    /** A parameter's values, row-major in its logical shape. */
    float[] parameter(String name);

    /**
     * One head's or neuron's slice of a parameter that has one per unit, row-major: head h of
     * {@code attn.W_Q} is its {@code [d_model, d_head]} matrix, neuron i of {@code mlp.W_in} its column
     * of d_model inputs, of {@code mlp.W_out} its row of d_model outputs, of {@code mlp.b_in} one number.
     *
     * @throws IllegalArgumentException for a parameter with no units, or a unit it lacks
     */
    float[] unit(String name, int unit);

    /** The unchanged forward pass on the probe set. */
    Pass clean();

    /**
     * A forward pass on the probe set with {@code changes} applied (each to a different part).
     *
     * @throws IllegalArgumentException for a layer, head or neuron the model lacks, a part changed twice, or
     *                                  patch values of the wrong length
     */
    Pass run(List<UnitChange> changes);

    /**
     * What a forward pass produced on the probe set.
     *
     * @param valueLogits   [positions] value logits (&gt; 0: the first player wins)
     * @param policyLogits  [positions][moves] policy logits (illegal moves included)
     * @param aux           [positions][outputs] the auxiliary head's outputs
     * @param clsResiduals  [layer][positions][d_model] the CLS residual after each block
     */
    record Pass(float[] valueLogits, float[][] policyLogits, float[][] aux, float[][][] clsResiduals) {
    }
}
