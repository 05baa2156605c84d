package dev.graft.model;

/** One of a head's four attention matrices: W_Q, W_K, W_V are [d_model, d_head], W_O is [d_head, d_model]. */
public enum AttentionProjection {
    Q("W_Q"), K("W_K"), V("W_V"), O("W_O");

    private final String parameterSuffix;

    AttentionProjection(String parameterSuffix) {
        this.parameterSuffix = parameterSuffix;
    }

    /** The parameter name of this projection in a layer, e.g. {@code blocks.2.attn.W_Q}. */
    public String parameterName(int layer) {
        return "blocks." + layer + ".attn." + parameterSuffix;
    }
}
