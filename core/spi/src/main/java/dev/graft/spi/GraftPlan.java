package dev.graft.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a small model goes into a large one, as a {@link GraftStrategy} plans it for two sizes.
 *
 * <p>Each {@link LayerCopy} writes one small layer into one large layer: both LayerNorms and the MLP
 * output bias become the small layer's; the large heads and MLP neurons named by the copy's maps receive
 * the small heads' W_Q, W_K, W_V, W_O and the small neurons' W_in column, b_in entry and W_out row; every
 * other ("fresh") head of that layer gets W_O = 0 and every other neuron a zero W_out row, while their
 * input weights (W_Q, W_K, W_V, W_in, b_in) keep the large model's initialisation. A small unit copied into
 * c large units (its primary target plus {@link LayerCopy#extraHeads() duplicates}) has its outgoing weights
 * (W_O, W_out row) divided by c, so the copies together add what it added (Net2WiderNet's split).
 *
 * <p>Silenced layers ("identity blocks") get all output weights and the MLP output bias zeroed (W_O,
 * W_out, b_out), so they pass the residual stream through unchanged. A small layer may be copied into
 * several large layers (stacking). Large layers named in neither list are left as they are.
 *
 * <p>When the large model's d_model is r times the small one's, {@code residualMap} says which small
 * residual dimension each large one copies (each small dimension exactly r times): every weight that writes
 * the stream (embeddings, W_O, W_out, b_out) and every LayerNorm weight is duplicated along d_model, and
 * every weight that reads the stream (W_Q, W_K, W_V, W_in, the heads' input rows) is duplicated and divided
 * by r, so LayerNorm's mean and variance over the large stream equal the small one's and every sublayer
 * computes what the small one computed. Empty means the same d_model in both.
 *
 * @param copies            which small layer goes into which large layer, in the order they are written
 * @param silencedLayers    large layers whose attention and MLP outputs are zeroed (identity blocks)
 * @param copyEmbeddings    copy the token-state and position embeddings
 * @param copyFinalNorm     copy the final LayerNorm
 * @param copyHeads         copy the value, auxiliary and policy heads (every head parameter)
 * @param residualMap       for each large residual dimension, the small one it copies; empty for none
 * @param noise             relative symmetry-breaking noise on the input weights of duplicated units (0: none);
 *                          with noise the graft is not exact
 * @param preservesFunction the plan makes the large model, truncated after its last written layer, compute the
 *                          small model's function (then it is verified before training)
 */
public record GraftPlan(List<LayerCopy> copies, List<Integer> silencedLayers, boolean copyEmbeddings,
                        boolean copyFinalNorm, boolean copyHeads, List<Integer> residualMap, double noise,
                        boolean preservesFunction) {

    public GraftPlan {
        copies = List.copyOf(copies);
        silencedLayers = List.copyOf(silencedLayers);
        residualMap = List.copyOf(residualMap);
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
        for (int d : residualMap) {
            if (d < 0) {
                throw new IllegalArgumentException("the residual map sends a large dimension to small dimension " + d);
            }
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be finite and ≥ 0, got " + noise);
        }
        if (noise > 0 && preservesFunction) {
            throw new IllegalArgumentException("a plan with noise " + noise + " does not preserve the function exactly");
        }
    }

    /**
     * The study's kind of plan: no residual-dimension duplication, no noise. {@code preservesFunction} is
     * false here (unknown); the strategy's {@link GraftStrategy#preservesFunction()} decides.
     */
    public GraftPlan(List<LayerCopy> copies, List<Integer> silencedLayers, boolean copyEmbeddings,
                     boolean copyFinalNorm, boolean copyHeads) {
        this(copies, silencedLayers, copyEmbeddings, copyFinalNorm, copyHeads, List.of(), 0.0, false);
    }

    /** This plan, saying whether it preserves the function. */
    public GraftPlan withPreservesFunction(boolean preserves) {
        return new GraftPlan(copies, silencedLayers, copyEmbeddings, copyFinalNorm, copyHeads, residualMap, noise,
                preserves);
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

    /** Identity blocks: the silenced layers under the name block insertion uses. */
    public List<Integer> identityBlocks() {
        return silencedLayers;
    }

    /** True when the large d_model differs from the small one (a residual map is given). */
    public boolean growsResidual() {
        return !residualMap.isEmpty();
    }

    /** Each small residual dimension → r copies: {@code 0…d−1, 0…d−1, …} (r times), a map for {@code largeDModel}. */
    public static List<Integer> tiledResidual(int smallDModel, int largeDModel) {
        if (smallDModel < 1 || largeDModel % smallDModel != 0) {
            throw new IllegalArgumentException("large d_model " + largeDModel + " is not a multiple of small d_model "
                    + smallDModel);
        }
        List<Integer> out = new ArrayList<>(largeDModel);
        for (int j = 0; j < largeDModel; j++) {
            out.add(j % smallDModel);
        }
        return out;
    }

    /**
     * Small-model layer {@code smallLayer} is written into large-model layer {@code largeLayer}; small head
     * {@code i} goes to large head {@code headMap.get(i)}, small MLP neuron {@code j} to large neuron
     * {@code neuronMap.get(j)}. {@code extraHeads} and {@code extraNeurons} name further large units that
     * receive a copy of a small unit (large → small): a duplicated unit's input weights are copied whole and
     * its outgoing weights, like those of every copy of the same small unit, divided by the number of copies.
     * {@link #byIndex} is the study's identity map.
     *
     * @param headMap      one entry per small head: the large head receiving it (distinct, ≥ 0)
     * @param neuronMap    one entry per small MLP neuron: the large neuron receiving it (distinct, ≥ 0)
     * @param extraHeads   large head → small head it duplicates (targets not in {@code headMap})
     * @param extraNeurons large neuron → small neuron it duplicates (targets not in {@code neuronMap})
     */
    public record LayerCopy(int smallLayer, int largeLayer, List<Integer> headMap, List<Integer> neuronMap,
                            Map<Integer, Integer> extraHeads, Map<Integer, Integer> extraNeurons) {

        public LayerCopy {
            if (smallLayer < 0 || largeLayer < 0) {
                throw new IllegalArgumentException("layer indices must be ≥ 0, got small " + smallLayer
                        + " → large " + largeLayer);
            }
            headMap = List.copyOf(headMap);
            neuronMap = List.copyOf(neuronMap);
            extraHeads = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraHeads));
            extraNeurons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extraNeurons));
            checkInjective("head", headMap);
            checkInjective("MLP neuron", neuronMap);
            checkExtras("head", headMap, extraHeads);
            checkExtras("MLP neuron", neuronMap, extraNeurons);
        }

        /** A copy without duplicated units. */
        public LayerCopy(int smallLayer, int largeLayer, List<Integer> headMap, List<Integer> neuronMap) {
            this(smallLayer, largeLayer, headMap, neuronMap, Map.of(), Map.of());
        }

        /** Heads {@code 0…heads−1} into heads {@code 0…heads−1}, neurons {@code 0…d_mlp−1} likewise, of {@code small}. */
        public static LayerCopy byIndex(int smallLayer, int largeLayer, ModelShape small) {
            return new LayerCopy(smallLayer, largeLayer, identity(small.heads()), identity(small.dMlp()));
        }

        /**
         * Every large unit receives a small one, cycling: large head j ← small head j mod heads (neurons
         * likewise), so the first small-sized block is {@link #byIndex} and the rest duplicates (Net2WiderNet).
         */
        public static LayerCopy cycling(int smallLayer, int largeLayer, ModelShape small, ModelShape large) {
            return new LayerCopy(smallLayer, largeLayer, identity(small.heads()), identity(small.dMlp()),
                    cycle(small.heads(), large.heads()), cycle(small.dMlp(), large.dMlp()));
        }

        /** For each of {@code largeUnits} heads, the small head it receives, or −1 for a fresh one. */
        public int[] headSources(int largeUnits) {
            return sources(headMap, extraHeads, largeUnits);
        }

        /** For each of {@code largeUnits} MLP neurons, the small neuron it receives, or −1 for a fresh one. */
        public int[] neuronSources(int largeUnits) {
            return sources(neuronMap, extraNeurons, largeUnits);
        }

        private static int[] sources(List<Integer> map, Map<Integer, Integer> extras, int largeUnits) {
            int[] out = new int[largeUnits];
            Arrays.fill(out, -1);
            for (int i = 0; i < map.size(); i++) {
                if (map.get(i) < largeUnits) {
                    out[map.get(i)] = i;
                }
            }
            for (var e : extras.entrySet()) {
                if (e.getKey() < largeUnits) {
                    out[e.getKey()] = e.getValue();
                }
            }
            return out;
        }

        private static Map<Integer, Integer> cycle(int smallUnits, int largeUnits) {
            Map<Integer, Integer> out = new LinkedHashMap<>();
            for (int j = smallUnits; j < largeUnits; j++) {
                out.put(j, j % smallUnits);
            }
            return out;
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

        private static void checkExtras(String what, List<Integer> map, Map<Integer, Integer> extras) {
            Set<Integer> primary = new HashSet<>(map);
            for (var e : extras.entrySet()) {
                if (e.getKey() < 0 || e.getValue() < 0 || e.getValue() >= map.size()) {
                    throw new IllegalArgumentException("duplicated " + what + " " + e.getKey() + " ← small " + what + " "
                            + e.getValue() + ": indices must be ≥ 0 and the small " + what + " one of 0…"
                            + (map.size() - 1));
                }
                if (primary.contains(e.getKey())) {
                    throw new IllegalArgumentException("large " + what + " " + e.getKey()
                            + " both receives a small " + what + " and duplicates one");
                }
            }
        }
    }
}
