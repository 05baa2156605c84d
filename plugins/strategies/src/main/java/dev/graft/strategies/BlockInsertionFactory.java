package dev.graft.strategies;

import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code block-insertion} (LLaMA Pro, Wu et al. 2024): the small model's layers kept in order, with identity
 * blocks (W_O = 0, W_out = 0, b_out = 0; input weights and LayerNorms at the large initialisation) inserted
 * after them by a pattern: {@code every: k} (one after every k-th small layer), {@code after: [i, …]} (one
 * after each listed small layer, a layer listed twice gets two) or {@code top: n} (n after the last one).
 * Large layers beyond the pattern stay as initialised. Function-preserving: each identity block adds zero to
 * the stream at step 0, so the grafted model is verified like {@code front}.
 */
public final class BlockInsertionFactory implements PluginFactory<GraftStrategy> {
    static final String EVERY = "every";
    static final String AFTER = "after";
    static final String TOP = "top";

    @Override
    public PluginKind kind() {
        return PluginKind.GRAFT_STRATEGY;
    }

    @Override
    public String name() {
        return "block-insertion";
    }

    @Override
    public String description() {
        return "LLaMA Pro: the small layers in order with identity blocks (W_O, W_out, b_out zero) inserted by a"
                + " pattern; function-preserving, verified";
    }

    @Override
    public List<OptionSpec> options() {
        List<OptionSpec> out = new ArrayList<>();
        out.add(OptionSpec.integer(EVERY, 0, 0, null, "insert one identity block after every k-th small layer"
                + " (0: not this pattern; give exactly one of every, after, top)"));
        out.add(OptionSpec.numbersAbove(AFTER, List.of(), -1.0, "insert one identity block after each listed small"
                + " layer (0-based; list a layer twice for two)"));
        out.add(OptionSpec.integer(TOP, 0, 0, null, "insert this many identity blocks after the last small layer"));
        out.addAll(StrategyOptions.parts());
        return out;
    }

    @Override
    public GraftStrategy create(Options o) {
        int every = o.getInt(EVERY);
        int top = o.getInt(TOP);
        List<Integer> after = new ArrayList<>();
        for (double d : o.getDoubleList(AFTER)) {
            if (d != Math.rint(d)) {
                throw new InvalidOptionsException(AFTER, "after lists small layers, whole numbers ≥ 0; " + d + " is not one");
            }
            after.add((int) d);
        }
        int given = (every > 0 ? 1 : 0) + (after.isEmpty() ? 0 : 1) + (top > 0 ? 1 : 0);
        if (given != 1) {
            throw new InvalidOptionsException(given == 0 ? EVERY : AFTER, (given == 0 ? "no insertion pattern is given"
                    : "more than one insertion pattern is given") + "; set exactly one of every: k (e.g. every: 1),"
                    + " after: [layers] or top: n");
        }
        return new Insertion(every, after, top, o.getBoolean(StrategyOptions.EMBEDDINGS),
                o.getBoolean(StrategyOptions.FINAL_NORM), o.getBoolean(StrategyOptions.HEADS));
    }

    /** The strategy for one pattern (exactly one of every, after, top is set). */
    record Insertion(int every, List<Integer> after, int top, boolean embeddings, boolean finalNorm, boolean heads)
            implements GraftStrategy {

        @Override
        public boolean preservesFunction() {
            return embeddings && finalNorm && heads;
        }

        /** How many identity blocks follow each small layer. */
        int[] inserted(int smallLayers) {
            int[] n = new int[smallLayers];
            if (every > 0) {
                for (int i = every - 1; i < smallLayers; i += every) {
                    n[i]++;
                }
            }
            for (int i : after) {
                if (i >= smallLayers) {
                    throw new InvalidOptionsException(AFTER, "after names small layer " + i + ", but the small model has "
                            + smallLayers + " layers (0…" + (smallLayers - 1) + ")");
                }
                n[i]++;
            }
            if (top > 0) {
                n[smallLayers - 1] += top;
            }
            return n;
        }

        @Override
        public GraftPlan plan(ModelShape small, ModelShape large) {
            List<Integer> residual = ShapeChecks.residualMap(small, large);
            ShapeChecks.unitsFit(small, large);
            ShapeChecks.layersFit(small, large);
            int s = small.layers();
            int[] n = inserted(s);
            int total = s;
            for (int k : n) {
                total += k;
            }
            if (total > large.layers()) {
                throw new InvalidOptionsException(option(), pattern() + " needs " + total + " large layers (" + s
                        + " small + " + (total - s) + " identity blocks), but the large model has " + large.layers()
                        + "; " + whatFits(s, large.layers()));
            }
            List<LayerCopy> copies = new ArrayList<>();
            List<Integer> identity = new ArrayList<>();
            int j = 0;
            for (int i = 0; i < s; i++) {
                copies.add(LayerCopy.byIndex(i, j++, small));
                for (int k = 0; k < n[i]; k++) {
                    identity.add(j++);
                }
            }
            return new GraftPlan(copies, identity, embeddings, finalNorm, heads, residual, 0.0, preservesFunction());
        }

        private String option() {
            return every > 0 ? EVERY : top > 0 ? TOP : AFTER;
        }

        private String pattern() {
            return every > 0 ? "every: " + every : top > 0 ? "top: " + top : "after: " + after;
        }

        private String whatFits(int s, int largeLayers) {
            int room = largeLayers - s;
            if (every > 0) {
                for (int k = 1; k <= s; k++) {
                    if (s / k <= room) {
                        return "every: " + k + " (" + (s / k) + " block" + (s / k == 1 ? "" : "s")
                                + ") is the densest pattern that fits";
                    }
                }
                return "no every: k fits (every k ≤ " + s + " inserts at least one block and there is no room);"
                        + " give the large model more layers";
            }
            return "at most " + room + " identity block" + (room == 1 ? "" : "s") + " fit"
                    + (room == 1 ? "s" : "") + (top > 0 ? " (top: " + room + ")" : " (list at most " + room + " layers)");
        }
    }
}
