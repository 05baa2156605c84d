package dev.graft.measure;

import dev.graft.model.ForwardHooks;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Keeps the attention probabilities of chosen heads of one layer over a pass of n positions:
 * {@code n·heads·tokens·tokens} floats, row-major [position][head, in the order chosen][query][key].
 */
final class AttentionPatternHooks implements ForwardHooks {
    private final int layer;
    private final List<Integer> heads;
    private final int tokens;
    private final float[] patterns;

    AttentionPatternHooks(int layer, List<Integer> heads, int n, int tokens) {
        this.layer = layer;
        this.heads = List.copyOf(heads);
        this.tokens = tokens;
        this.patterns = new float[Math.multiplyExact(Math.multiplyExact(n, heads.size()), tokens * tokens)];
    }

    @Override
    public boolean wantsAttentionPatterns(int l) {
        return l == layer;
    }

    @Override
    public void attentionPattern(int l, int head, int from, int count, INDArray probabilities) {
        int slot = heads.indexOf(head);
        if (l != layer || slot < 0) {
            return;
        }
        float[] flat = probabilities.dup('c').data().asFloat();
        int square = tokens * tokens;
        for (int p = 0; p < count; p++) {
            System.arraycopy(flat, p * square, patterns, ((from + p) * heads.size() + slot) * square, square);
        }
    }

    /** The patterns, [position][head][query][key]. */
    float[] patterns() {
        return patterns;
    }
}
