package dev.graft.model;

/** One of a head's four attention matrices: W_Q, W_K, W_V are [d_model, d_head], W_O is [d_head, d_model]. */
public enum AttentionProjection {
    Q(ParameterLayout.W_Q), K(ParameterLayout.W_K), V(ParameterLayout.W_V), O(ParameterLayout.W_O);

    private final String parameterSuffix;

    AttentionProjection(String parameterSuffix) {
        this.parameterSuffix = parameterSuffix;
    }

    /** The parameter name of this projection in a layer, e.g. {@code blocks.2.attn.W_Q}. */
    public String parameterName(int layer) {
        return ParameterLayout.blockParameter(layer, parameterSuffix);
    }
}
