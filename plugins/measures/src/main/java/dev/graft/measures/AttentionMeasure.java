package dev.graft.measures;

import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.Measure;
import dev.graft.spi.MeasureContext;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code attention} measure of a grafted model: for every layer copy into a measured layer and each
 * inherited head (small head i → large head h), the Jensen–Shannon distance (log base 2, so in [0, 1])
 * between the large head's attention distribution over the keys and its source head's, on the same
 * positions, averaged over the probe set: from the CLS query ({@code attention.js_cls}) and over every
 * query token ({@code attention.js_all}), component {@code head<h>}. 0 at step 0 of a graft that preserves
 * the function (the two heads see the same residual stream). Needs the same board in both models; other
 * layers are skipped. The patterns of one layer copy's inherited heads are read a chunk of positions at a
 * time: one unchanged forward pass of each model over the probe set per copied layer.
 */
public final class AttentionMeasure extends DeclaredPlugin<Measure> {
    /** Floats of patterns kept at once per model (80 MB; a chunk of positions is sized to fit). */
    static final long CHUNK_FLOATS = 20_000_000L;

    public AttentionMeasure() {
        super(PluginKind.MEASURE, "attention", "Jensen–Shannon distance (base 2) between each inherited head's attention"
                + " distribution and its source head's on the probe set, from the CLS query and averaged over all queries");
    }

    @Override
    public Measure create(Options options, PluginContext context) {
        return new Attention();
    }

    /**
     * Positions read at once: as many as {@link #CHUNK_FLOATS} allow, rounded down to whole passes of the
     * engine (a pass over fewer positions costs as much), and at least one.
     */
    static int chunk(int n, int heads, int tokens, int passPositions) {
        long fit = Math.max(1, CHUNK_FLOATS / ((long) heads * tokens * tokens));
        if (fit >= passPositions) {
            fit -= fit % passPositions;
        }
        return (int) Math.min(n, fit);
    }

    record Attention() implements Measure {
        @Override
        public boolean needsSource() {
            return true;
        }

        @Override
        public List<Value> measure(MeasureContext context) {
            if (context.source().isEmpty() || context.plan().isEmpty()) {
                return List.of();
            }
            MeasuredModel large = context.model();
            MeasuredModel small = context.source().get();
            if (large.tokens() != small.tokens()) {
                return List.of();
            }
            Set<Integer> measured = new HashSet<>(context.layers());
            List<Value> out = new ArrayList<>();
            for (GraftPlan.LayerCopy c : context.plan().get().copies()) {
                if (measured.contains(c.largeLayer()) && !c.headMap().isEmpty()) {
                    measureCopy(c, large, small, out);
                }
            }
            return out;
        }

        /** The two rows of each inherited head of one layer copy: one pass of each model over the probe set. */
        private static void measureCopy(GraftPlan.LayerCopy c, MeasuredModel large, MeasuredModel small, List<Value> out) {
            List<Integer> largeHeads = c.headMap();
            List<Integer> smallHeads = new ArrayList<>();
            for (int i = 0; i < largeHeads.size(); i++) {
                smallHeads.add(i);
            }
            int t = large.tokens();
            int n = large.positions();
            int heads = largeHeads.size();
            int chunk = chunk(n, heads, t, large.passPositions());
            double[] cls = new double[heads];
            double[] all = new double[heads];
            for (int from = 0; from < n; from += chunk) {
                int count = Math.min(chunk, n - from);
                float[] lp = large.attentionPatterns(c.largeLayer(), largeHeads, from, count);
                float[] sp = small.attentionPatterns(c.smallLayer(), smallHeads, from, count);
                for (int p = 0; p < count; p++) {
                    for (int i = 0; i < heads; i++) {
                        int base = (p * heads + i) * t * t;
                        for (int q = 0; q < t; q++) {
                            double js = JensenShannon.distance(lp, base + q * t, sp, base + q * t, t);
                            all[i] += js;
                            if (q == t - 1) {
                                cls[i] += js;
                            }
                        }
                    }
                }
            }
            for (int i = 0; i < heads; i++) {
                String component = "head" + largeHeads.get(i);
                out.add(new Value(c.largeLayer(), component, "attention.js_cls", cls[i] / n));
                out.add(new Value(c.largeLayer(), component, "attention.js_all", all[i] / ((double) n * t)));
            }
        }
    }
}
