package dev.graft.measures;

import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.Measure;
import dev.graft.spi.MeasureContext;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.MeasuredModel.Pass;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;
import dev.graft.spi.UnitChange;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code patching} measure of a grafted model: for every layer copy into a measured layer, the source
 * small model's inherited heads' outputs (on the same positions) are patched into the grafted model in place
 * of the large heads they went to, all heads of the layer at once ({@code patch.source_into_graft.*}), and
 * the reverse: the grafted model's outputs of those heads into the source ({@code patch.graft_into_source.*}).
 * Each reports the patched model's change in value loss against its own unchanged pass
 * ({@code d_value_loss}) and its policy's divergence from its unchanged policy ({@code kl_policy}). At step
 * 0 of a function-preserving graft both are 0 (the two models compute the same heads). Needs the same
 * d_model and board in both models; other layers are skipped.
 */
public final class PatchingMeasure extends DeclaredPlugin<Measure> {

    public PatchingMeasure() {
        super(PluginKind.MEASURE, "patching", "activation patching of the inherited heads' outputs: source → graft and"
                + " graft → source, per copied layer; change in value loss and policy KL of the patched model");
    }

    @Override
    public Measure create(Options options, PluginContext context) {
        return new Patching();
    }

    record Patching() implements Measure {
        @Override
        public boolean needsSource() {
            return true;
        }

        @Override
        public List<Value> measure(MeasureContext context) {
            if (context.source().isEmpty() || context.plan().isEmpty()) {
                return List.of();
            }
            MeasuredModel graft = context.model();
            MeasuredModel source = context.source().get();
            if (graft.shape().dModel() != source.shape().dModel() || graft.tokens() != source.tokens()) {
                return List.of();
            }
            Set<Integer> measured = new HashSet<>(context.layers());
            List<Value> out = new ArrayList<>();
            for (GraftPlan.LayerCopy c : context.plan().get().copies()) {
                int l = c.largeLayer();
                if (!measured.contains(l)) {
                    continue;
                }
                List<UnitChange> intoGraft = new ArrayList<>();
                List<UnitChange> intoSource = new ArrayList<>();
                for (int i = 0; i < c.headMap().size(); i++) {
                    int h = c.headMap().get(i);
                    intoGraft.add(UnitChange.patchHead(l, h, source.headOutput(c.smallLayer(), i)));
                    intoSource.add(UnitChange.patchHead(c.smallLayer(), i, graft.headOutput(l, h)));
                }
                report(out, l, "patch.source_into_graft.", graft, intoGraft, context.outcomes());
                report(out, l, "patch.graft_into_source.", source, intoSource, context.outcomes());
            }
            return out;
        }

        private static void report(List<Value> out, int layer, String prefix, MeasuredModel model,
                                   List<UnitChange> changes, float[] outcomes) {
            Pass clean = model.clean();
            Pass patched = model.run(changes);
            out.add(new Value(layer, "heads.inherited", prefix + "d_value_loss",
                    ModelLosses.valueLoss(patched.valueLogits(), outcomes) - ModelLosses.valueLoss(clean.valueLogits(), outcomes)));
            out.add(new Value(layer, "heads.inherited", prefix + "kl_policy",
                    ModelLosses.policyDivergence(clean.policyLogits(), patched.policyLogits())));
        }
    }
}
