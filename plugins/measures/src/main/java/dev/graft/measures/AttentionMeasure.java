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
 * layers are skipped. The patterns are read a few positions at a time (one unchanged forward pass of each
 * model over the probe set in all).
 */
public final class AttentionMeasure extends DeclaredPlugin<Measure> {
    /** Floats of patterns kept at once per model (a chunk of positions is sized to fit). */
    static final long CHUNK_FLOATS = 4_000_000L;

    public AttentionMeasure() {
        super(PluginKind.MEASURE, "attention", "Jensen–Shannon distance (base 2) between each inherited head's attention"
                + " distribution and its source head's on the probe set, from the CLS query and averaged over all queries");
    }

    @Override
    public Measure create(Options options, PluginContext context) {
        return new Attention();
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
            List<GraftPlan.LayerCopy> copies = new ArrayList<>();
            for (GraftPlan.LayerCopy c : context.plan().get().copies()) {
                if (measured.contains(c.largeLayer()) && !c.headMap().isEmpty()) {
                    copies.add(c);
                }
            }
            if (copies.isEmpty()) {
                return List.of();
            }
            List<Integer> largeLayers = copies.stream().map(GraftPlan.LayerCopy::largeLayer).toList();
            List<Integer> smallLayers = copies.stream().map(GraftPlan.LayerCopy::smallLayer).toList();
            int t = large.tokens();
            int n = large.positions();
            int heads = Math.max(large.shape().heads(), small.shape().heads());
            int chunk = (int) Math.max(1, Math.min(n, CHUNK_FLOATS / ((long) copies.size() * heads * t * t)));
            double[][] cls = new double[copies.size()][];
            double[][] all = new double[copies.size()][];
            for (int k = 0; k < copies.size(); k++) {
                cls[k] = new double[copies.get(k).headMap().size()];
                all[k] = new double[copies.get(k).headMap().size()];
            }
            for (int from = 0; from < n; from += chunk) {
                int count = Math.min(chunk, n - from);
                float[][] lp = large.attentionPatterns(largeLayers, from, count);
                float[][] sp = small.attentionPatterns(smallLayers, from, count);
                for (int k = 0; k < copies.size(); k++) {
                    List<Integer> map = copies.get(k).headMap();
                    for (int i = 0; i < map.size(); i++) {
                        for (int p = 0; p < count; p++) {
                            int lBase = (p * large.shape().heads() + map.get(i)) * t * t;
                            int sBase = (p * small.shape().heads() + i) * t * t;
                            for (int q = 0; q < t; q++) {
                                double js = JensenShannon.distance(lp[k], lBase + q * t, sp[k], sBase + q * t, t);
                                all[k][i] += js;
                                if (q == t - 1) {
                                    cls[k][i] += js;
                                }
                            }
                        }
                    }
                }
            }
            List<Value> out = new ArrayList<>();
            for (int k = 0; k < copies.size(); k++) {
                List<Integer> map = copies.get(k).headMap();
                for (int i = 0; i < map.size(); i++) {
                    String component = "head" + map.get(i);
                    out.add(new Value(copies.get(k).largeLayer(), component, "attention.js_cls", cls[k][i] / n));
                    out.add(new Value(copies.get(k).largeLayer(), component, "attention.js_all", all[k][i] / ((double) n * t)));
                }
            }
            return out;
        }
    }
}
