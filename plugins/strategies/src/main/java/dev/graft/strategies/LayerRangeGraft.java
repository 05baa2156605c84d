package dev.graft.strategies;

import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;

import java.util.ArrayList;
import java.util.List;

/**
 * The strategy behind {@code front}, {@code offset} and {@code partial}: small layers {@code from…to−1} go,
 * heads and neurons by index, into large layers {@code at…at+(to−from)−1}; the large layers before {@code at}
 * are silenced when {@code passThrough}; the embeddings, final LayerNorm and heads are copied as asked.
 *
 * @param name        the plugin name, for messages
 * @param from        first small layer copied
 * @param to          small layer after the last one copied, or null for all the small model's layers
 * @param at          first large layer written, or null for as deep as fits ({@code top})
 * @param passThrough silence the large layers before {@code at}
 * @param partial     true when only part of the small model is meant to be copied (never preserves the function)
 */
record LayerRangeGraft(String name, int from, Integer to, Integer at, boolean passThrough, boolean embeddings,
                       boolean finalNorm, boolean heads, boolean partial) implements GraftStrategy {

    @Override
    public boolean preservesFunction() {
        return !partial && from == 0 && to == null && passThrough && embeddings && finalNorm && heads;
    }

    @Override
    public GraftPlan plan(ModelShape small, ModelShape large) {
        List<Integer> residual = ShapeChecks.residualMap(small, large);
        ShapeChecks.unitsFit(small, large);
        int end = to == null ? small.layers() : to;
        if (from >= small.layers()) {
            throw new InvalidOptionsException(StrategyOptions.FROM, "from " + from + " is not a layer of the small model,"
                    + " which has " + small.layers() + " (" + range(0, small.layers()) + "); use from 0…"
                    + (small.layers() - 1));
        }
        if (end > small.layers()) {
            throw new InvalidOptionsException(StrategyOptions.TO, "to " + end + " is past the small model's "
                    + small.layers() + " layers; to is exclusive, so use at most " + small.layers() + " (or to: "
                    + StrategyOptions.END + ")");
        }
        if (end <= from) {
            throw new InvalidOptionsException(StrategyOptions.TO, "to " + end + " must be above from " + from
                    + " (the copied small layers are from…to−1); use to " + (from + 1) + "…" + small.layers());
        }
        int count = end - from;
        if (count > large.layers()) {
            throw new InvalidOptionsException(to == null ? null : StrategyOptions.TO, copiedLayers(count)
                    + " do not fit into the large model's " + large.layers() + " layers; the large model needs at least "
                    + count + " layers" + (to == null ? " (or the small one at most " + large.layers() + ")" : ""));
        }
        int top = large.layers() - count;
        int first = at == null ? top : at;
        if (first > top) {
            throw new InvalidOptionsException(StrategyOptions.AT, "at " + first + " puts " + copiedLayers(count)
                    + " into large layers " + range(first, first + count) + ", but the large model has " + large.layers()
                    + " layers (" + range(0, large.layers()) + "); at most at " + top + " fits (at: "
                    + StrategyOptions.TOP + " is " + top + ")");
        }
        List<LayerCopy> copies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            copies.add(LayerCopy.byIndex(from + i, first + i, small));
        }
        List<Integer> silenced = new ArrayList<>();
        if (passThrough) {
            for (int j = 0; j < first; j++) {
                silenced.add(j);
            }
        }
        return new GraftPlan(copies, silenced, embeddings, finalNorm, heads, residual, 0.0, preservesFunction());
    }

    private String copiedLayers(int count) {
        return count == 1 ? "small layer " + from : "small layers " + range(from, from + count);
    }

    /** "0…2" for [0, 3); "4" for [4, 5). */
    private static String range(int start, int endExclusive) {
        return endExclusive - start == 1 ? Integer.toString(start) : start + "…" + (endExclusive - 1);
    }
}
