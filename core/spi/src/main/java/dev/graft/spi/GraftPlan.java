package dev.graft.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a small model goes into a large one, as a {@link GraftStrategy} plans it for two sizes.
 *
 * <p>Each {@link LayerCopy} writes one small layer into one large layer: both LayerNorms and the MLP
 * output bias become the small layer's; the large heads and MLP neurons named by the copy's maps receive
 * the small heads' W_Q, W_K, W_V, W_O and the small neurons' W_in column, b_in entry and W_out row; every
 * other ("fresh") head of that layer gets W_O = 0 and every other neuron a zero W_out row, while their
 * input weights (W_Q, W_K, W_V, W_in, b_in) keep the large model's initialisation. Silenced layers get all
 * output weights and the MLP output bias zeroed (W_O, W_out, b_out), so they pass the residual stream
 * through unchanged. Large layers named in neither list are left as they are.
 *
 * @param copies         which small layer goes into which large layer, in the order they are written
 * @param silencedLayers large layers whose attention and MLP outputs are zeroed
 * @param copyEmbeddings copy the token-state and position embeddings
 * @param copyFinalNorm  copy the final LayerNorm
 * @param copyHeads      copy the value, auxiliary and policy heads (every head parameter)
 */
public record GraftPlan(List<LayerCopy> copies, List<Integer> silencedLayers, boolean copyEmbeddings,
                        boolean copyFinalNorm, boolean copyHeads) {

    public GraftPlan {
        copies = List.copyOf(copies);
        silencedLayers = List.copyOf(silencedLayers);
        Set<Integer> written = new HashSet<>();
        for (LayerCopy c : copies) {
            if (!written.add(c.largeLayer())) {
                throw new IllegalArgumentException("large layer " + c.largeLayer() + " receives two small layers");
            }
        }
        for (int s : silencedLayers) {
            if (s < 0) {
                throw new IllegalArgumentException("silenced layer " + s + " is negative");
            }
            if (written.contains(s)) {
                throw new IllegalArgumentException("large layer " + s + " is both silenced and written");
            }
        }
        if (new HashSet<>(silencedLayers).size() != silencedLayers.size()) {
            throw new IllegalArgumentException("a silenced layer is listed twice: " + silencedLayers);
        }
    }

    /** The highest large layer this plan writes (copies or silences), or −1 if none. */
    public int deepestLargeLayer() {
        int deepest = -1;
        for (LayerCopy c : copies) {
            deepest = Math.max(deepest, c.largeLayer());
        }
        for (int s : silencedLayers) {
            deepest = Math.max(deepest, s);
        }
        return deepest;
    }

    /**
     * Small-model layer {@code smallLayer} is written into large-model layer {@code largeLayer}; small head
     * {@code i} goes to large head {@code headMap.get(i)}, small MLP neuron {@code j} to large neuron
     * {@code neuronMap.get(j)}. The maps are the seam for mappings other than by index (e.g. by a neuron
     * permutation); {@link #byIndex} is the study's identity map.
     *
     * @param headMap   one entry per small head: the large head receiving it (distinct, ≥ 0)
     * @param neuronMap one entry per small MLP neuron: the large neuron receiving it (distinct, ≥ 0)
     */
    public record LayerCopy(int smallLayer, int largeLayer, List<Integer> headMap, List<Integer> neuronMap) {

        public LayerCopy {
            if (smallLayer < 0 || largeLayer < 0) {
                throw new IllegalArgumentException("layer indices must be ≥ 0, got small " + smallLayer
                        + " → large " + largeLayer);
            }
            headMap = List.copyOf(headMap);
            neuronMap = List.copyOf(neuronMap);
            checkInjective("head", headMap);
            checkInjective("MLP neuron", neuronMap);
        }

        /** Heads {@code 0…heads−1} into heads {@code 0…heads−1}, neurons {@code 0…d_mlp−1} likewise, of {@code small}. */
        public static LayerCopy byIndex(int smallLayer, int largeLayer, ModelShape small) {
            return new LayerCopy(smallLayer, largeLayer, identity(small.heads()), identity(small.dMlp()));
        }

        private static List<Integer> identity(int n) {
            List<Integer> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
            return out;
        }

        private static void checkInjective(String what, List<Integer> map) {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < map.size(); i++) {
                int target = map.get(i);
                if (target < 0) {
                    throw new IllegalArgumentException(what + " map sends " + i + " to " + target + "; targets must be ≥ 0");
                }
                if (!seen.add(target)) {
                    throw new IllegalArgumentException(what + " map sends two small " + what + "s to large " + what
                            + " " + target);
                }
            }
        }
    }
}
