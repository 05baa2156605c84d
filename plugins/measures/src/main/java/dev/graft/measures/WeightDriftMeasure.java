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
 * The {@code drift} measure of a grafted model: for every layer copy of the graft plan into a measured
 * layer, each inherited head's relative Frobenius distance from its source head,
 * {@code ‖W_large[h] − W_small[i]‖_F / ‖W_small[i]‖_F} for W_Q, W_K, W_V and W_O (component {@code head<h>},
 * measures {@code drift.W_Q} …); the inherited MLP neurons' as one group, {@code √(Σ_j ‖Δ_j‖²) / √(Σ_j ‖W_j‖²)}
 * over their W_in columns, b_in entries and W_out rows (component {@code neurons.inherited}); and how far the
 * fresh parts have woken up: each fresh head's {@code ‖W_O[h]‖_F} ({@code norm.W_O}) and the fresh neurons'
 * W_out rows together ({@code neurons.fresh}, {@code norm.W_out}). All zero at step 0 of a graft, by
 * construction. Parts whose shapes differ between the two models (a wider residual stream) are not compared.
 */
public final class WeightDriftMeasure extends DeclaredPlugin<Measure> {

    public WeightDriftMeasure() {
        super(PluginKind.MEASURE, "drift", "relative Frobenius distance of each inherited head's W_Q, W_K, W_V, W_O and of"
                + " the inherited neurons' W_in, b_in, W_out from the source; norms of fresh heads' W_O and fresh neurons' W_out");
    }

    @Override
    public Measure create(Options options, PluginContext context) {
        return new Drift();
    }

    static final List<String> HEAD_PARTS = List.of("attn.W_Q", "attn.W_K", "attn.W_V", "attn.W_O");
    static final List<String> NEURON_PARTS = List.of("mlp.W_in", "mlp.b_in", "mlp.W_out");

    record Drift() implements Measure {
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
            Set<Integer> measured = new HashSet<>(context.layers());
            List<Value> out = new ArrayList<>();
            for (GraftPlan.LayerCopy c : context.plan().get().copies()) {
                int l = c.largeLayer();
                if (!measured.contains(l)) {
                    continue;
                }
                String lp = "blocks." + l + ".";
                String sp = "blocks." + c.smallLayer() + ".";
                for (int i = 0; i < c.headMap().size(); i++) {
                    int h = c.headMap().get(i);
                    for (String part : HEAD_PARTS) {
                        float[] now = large.unit(lp + part, h);
                        float[] was = small.unit(sp + part, i);
                        if (now.length == was.length) {
                            out.add(new Value(l, "head" + h, "drift." + suffix(part),
                                    Math.sqrt(distanceSquared(now, was) / normSquared(was))));
                        }
                    }
                }
                Set<Integer> inheritedHeads = new HashSet<>(c.headMap());
                for (int h = 0; h < large.shape().heads(); h++) {
                    if (!inheritedHeads.contains(h)) {
                        out.add(new Value(l, "head" + h, "norm.W_O", Math.sqrt(normSquared(large.unit(lp + "attn.W_O", h)))));
                    }
                }
                for (String part : NEURON_PARTS) {
                    double d = 0;
                    double w = 0;
                    boolean comparable = true;
                    for (int j = 0; j < c.neuronMap().size() && comparable; j++) {
                        float[] now = large.unit(lp + part, c.neuronMap().get(j));
                        float[] was = small.unit(sp + part, j);
                        comparable = now.length == was.length;
                        d += comparable ? distanceSquared(now, was) : 0;
                        w += normSquared(was);
                    }
                    if (comparable && !c.neuronMap().isEmpty()) {
                        out.add(new Value(l, "neurons.inherited", "drift." + suffix(part), Math.sqrt(d / w)));
                    }
                }
                Set<Integer> inheritedNeurons = new HashSet<>(c.neuronMap());
                double fresh = 0;
                int freshCount = 0;
                for (int j = 0; j < large.shape().dMlp(); j++) {
                    if (!inheritedNeurons.contains(j)) {
                        fresh += normSquared(large.unit(lp + "mlp.W_out", j));
                        freshCount++;
                    }
                }
                if (freshCount > 0) {
                    out.add(new Value(l, "neurons.fresh", "norm.W_out", Math.sqrt(fresh)));
                }
            }
            return out;
        }

        private static String suffix(String part) {
            return part.substring(part.indexOf('.') + 1);
        }

        private static double distanceSquared(float[] a, float[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                double d = (double) a[i] - b[i];
                s += d * d;
            }
            return s;
        }

        private static double normSquared(float[] a) {
            double s = 0;
            for (float v : a) {
                s += (double) v * v;
            }
            return s;
        }
    }
}
