package dev.graft.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a forward pass shows as it runs ({@link Transformer#forward(byte[], int, java.util.List, ForwardHooks)}),
 * chunk by chunk of positions {@code [from, from+count)}. Every array is a view of the pass's buffers,
 * valid only during the call and not to be written (an {@link Intervention} is how a pass is changed); rows
 * are position-major: row {@code p·tokens + i} is token i of position {@code from+p}, the CLS token last
 * ({@code i = tokens−1}). Sites carry TransformerLens names. What is shown is what the pass really added,
 * after interventions. Every method does nothing by default.
 */
public interface ForwardHooks {
    /** Hooks that read nothing. */
    ForwardHooks NONE = new ForwardHooks() {
    };

    /** Whether {@link #headOutput} is wanted at {@code layer} (it costs a [rows, d_head]·[d_head, d_model] product per head). */
    default boolean wantsHeadOutputs(int layer) {
        return false;
    }

    /**
     * Whether {@link #attentionPattern} is wanted at {@code layer}; when no layer wants it the pass copies
     * nothing (a pattern is tokens² floats per head and position).
     */
    default boolean wantsAttentionPatterns(int layer) {
        return false;
    }

    /**
     * Head {@code head}'s attention probabilities ({@code blocks.l.attn.hook_pattern}) at positions
     * {@code [from, from+count)}, [count, tokens (query), tokens (key)]: row q is the softmax over the keys of
     * query token q. A view of the pass's scratch, valid only during the call.
     */
    default void attentionPattern(int layer, int head, int from, int count, INDArray probabilities) {
    }

    /** The residual stream entering layer 0 (token plus position embeddings), [count·tokens, d_model]. */
    default void embeddings(int from, int count, INDArray residual) {
    }

    /** Head {@code head}'s output after W_O, its term in the residual ({@code blocks.l.attn.hook_result}), [count·tokens, d_model]. */
    default void headOutput(int layer, int head, int from, int count, INDArray output) {
    }

    /** The residual after the layer's attention, before its MLP ({@code blocks.l.hook_resid_mid}), [count·tokens, d_model]. */
    default void attentionResidual(int layer, int from, int count, INDArray residual) {
    }

    /** The MLP neurons' activations after the GELU ({@code blocks.l.mlp.hook_post}), [count·tokens, d_mlp]. */
    default void neuronActivations(int layer, int from, int count, INDArray activations) {
    }

    /** The residual after the whole layer ({@code blocks.l.hook_resid_post}), [count·tokens, d_model]. */
    default void layerResidual(int layer, int from, int count, INDArray residual) {
    }
}
