package dev.graft.graft;

import dev.graft.model.ParameterLayout;
import dev.graft.model.ParameterLayout.Entry;

/**
 * What each axis of a parameter has to do with the residual stream, for growing d_model by duplicating
 * residual dimensions: an axis that <em>writes</em> the stream (or normalises it) is duplicated as it is,
 * an axis that <em>reads</em> it is duplicated and divided by r (the copies of one small dimension together
 * give what it gave), an axis of something else is left alone. The policy head's W1 reads k pooled vectors
 * one after another ({@link #SEGMENTED_READ}: k blocks of d_model rows), and its hidden layer, d_model wide,
 * is duplicated like the stream (b1 and W1's columns written, W2's rows read).
 */
enum ResidualAxes {
    ;
    /** An axis not indexed by d_model. */
    static final int OTHER = 0;
    /** Indexed by d_model, duplicated as it is (embeddings, W_O, W_out, b_out, LayerNorms, policy hidden). */
    static final int WRITE = 1;
    /** Indexed by d_model, duplicated and divided by r (W_Q, W_K, W_V, W_in, value/aux W, policy W2). */
    static final int READ = 2;
    /** k blocks of d_model rows, each read like {@link #READ} (policy W1 under concat pooling). */
    static final int SEGMENTED_READ = 3;

    /** The role of each axis of {@code e}, in order. */
    static int[] roles(Entry e) {
        String s = e.suffix();
        return switch (s) {
            case ParameterLayout.EMBED_STATE, ParameterLayout.EMBED_POS -> new int[] {OTHER, WRITE};
            case ParameterLayout.LN1_W, ParameterLayout.LN1_B, ParameterLayout.LN2_W, ParameterLayout.LN2_B,
                 ParameterLayout.LN_FINAL_W, ParameterLayout.LN_FINAL_B, ParameterLayout.B_OUT,
                 ParameterLayout.POLICY_B1, ParameterLayout.POLICY_EMPTY -> new int[] {WRITE};
            case ParameterLayout.W_Q, ParameterLayout.W_K, ParameterLayout.W_V -> new int[] {OTHER, READ, OTHER};
            case ParameterLayout.W_O -> new int[] {OTHER, OTHER, WRITE};
            case ParameterLayout.W_IN, ParameterLayout.VALUE_W, ParameterLayout.AUX_W, ParameterLayout.POLICY_W2 ->
                    new int[] {READ, OTHER};
            case ParameterLayout.W_OUT -> new int[] {OTHER, WRITE};
            case ParameterLayout.POLICY_W1 -> new int[] {SEGMENTED_READ, WRITE};
            case ParameterLayout.B_IN, ParameterLayout.VALUE_B, ParameterLayout.AUX_B, ParameterLayout.POLICY_B2 ->
                    new int[] {OTHER};
            default -> throw new IllegalArgumentException("no residual roles known for parameter " + e.name()
                    + "; growing d_model needs them for every parameter");
        };
    }

    /** True when some axis of {@code e} reads the stream (its duplicated values are divided by r). */
    static boolean reads(Entry e) {
        for (int r : roles(e)) {
            if (r == READ || r == SEGMENTED_READ) {
                return true;
            }
        }
        return false;
    }

    /** The small index along an axis of this role for large index {@code j}, given the residual map. */
    static int smallIndex(int role, int j, int[] map, int smallD) {
        int largeD = map.length;
        return switch (role) {
            case WRITE, READ -> map[j];
            case SEGMENTED_READ -> (j / largeD) * smallD + map[j % largeD];
            default -> j;
        };
    }
}
