package dev.graft.measures;

import dev.graft.spi.DeclaredPlugin;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.Measure;
import dev.graft.spi.MeasureContext;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.MeasuredModel.Pass;
import dev.graft.spi.OptionSpec;
import dev.graft.spi.Options;
import dev.graft.spi.PluginContext;
import dev.graft.spi.PluginKind;
import dev.graft.spi.UnitChange;
import dev.graft.spi.UnitChange.Mode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code ablation} measure: in each measured layer that the graft plan copies into, the inherited heads
 * together, the fresh heads together, each inherited head alone, and the inherited and the fresh MLP neurons
 * as two groups are zeroed, or replaced by their mean over the probe set (per token), one group per forward
 * pass; each pass reports the change against the unchanged pass in the value loss ({@code d_value_loss}), the
 * policy's divergence from the unchanged policy ({@code kl_policy}) and the change in the auxiliary probe's
 * R² at the key layer, the deepest layer the plan copies into ({@code d_aux_r2}); see {@link ModelLosses}.
 * On a condition that is not grafted, the same head and neuron indices are ablated (the engine gives it the
 * first graft's plan): the control.
 */
public final class AblationMeasure extends DeclaredPlugin<Measure> {
    static final String MODES = "modes";
    static final String SINGLE_HEADS = "single_heads";
    static final String ALPHA = "alpha";

    public AblationMeasure() {
        super(PluginKind.MEASURE, "ablation", "zero- and mean-ablation of the inherited and fresh heads and neurons of each"
                        + " copied layer: change in value loss, policy KL and the aux probe's R² at the key layer",
                OptionSpec.choice(MODES, "both", List.of("both", "zero", "mean"), "zero-ablation, mean-ablation, or both"),
                OptionSpec.bool(SINGLE_HEADS, true, "also ablate each inherited head alone (one pass per head)"),
                OptionSpec.numberAbove(ALPHA, 1.0, 0, "ridge strength α of the auxiliary probe at the key layer"));
    }

    @Override
    public Measure create(Options options, PluginContext context) {
        String modes = options.getString(MODES);
        List<Mode> m = switch (modes) {
            case "zero" -> List.of(Mode.ZERO);
            case "mean" -> List.of(Mode.MEAN);
            default -> List.of(Mode.ZERO, Mode.MEAN);
        };
        return new Ablation(m, options.getBoolean(SINGLE_HEADS), options.getDouble(ALPHA));
    }

    record Ablation(List<Mode> modes, boolean singleHeads, double alpha) implements Measure {
        @Override
        public List<Value> measure(MeasureContext context) {
            if (context.plan().isEmpty()) {
                return List.of();
            }
            GraftPlan plan = context.plan().get();
            MeasuredModel model = context.model();
            int keyLayer = Math.min(plan.copies().stream().mapToInt(GraftPlan.LayerCopy::largeLayer).max().orElse(-1),
                    model.shape().layers() - 1);
            Pass clean = model.clean();
            double cleanValue = ModelLosses.valueLoss(clean.valueLogits(), context.outcomes());
            boolean[] heldout = context.heldout();
            double cleanR2 = keyLayer < 0 ? Double.NaN
                    : ModelLosses.auxR2(clean, keyLayer, context.auxTargets(), heldout, alpha);
            Set<Integer> measured = new HashSet<>(context.layers());
            List<Value> out = new ArrayList<>();
            for (GraftPlan.LayerCopy c : plan.copies()) {
                int l = c.largeLayer();
                if (!measured.contains(l) || l >= model.shape().layers()) {
                    continue;
                }
                List<Integer> inherited = c.headMap().stream().filter(h -> h < model.shape().heads()).toList();
                List<Integer> fresh = others(inherited, model.shape().heads());
                List<Integer> oldNeurons = c.neuronMap().stream().filter(i -> i < model.shape().dMlp()).toList();
                List<Integer> newNeurons = others(oldNeurons, model.shape().dMlp());
                for (Mode mode : modes) {
                    String prefix = "ablate." + mode.name().toLowerCase(java.util.Locale.ROOT) + ".";
                    List<Group> groups = new ArrayList<>();
                    groups.add(new Group("heads.inherited", heads(l, inherited, mode)));
                    groups.add(new Group("heads.fresh", heads(l, fresh, mode)));
                    if (singleHeads) {
                        for (int h : inherited) {
                            groups.add(new Group("head" + h, heads(l, List.of(h), mode)));
                        }
                    }
                    groups.add(new Group("neurons.inherited", neurons(l, oldNeurons, mode)));
                    groups.add(new Group("neurons.fresh", neurons(l, newNeurons, mode)));
                    for (Group g : groups) {
                        if (g.changes().isEmpty()) {
                            continue;
                        }
                        Pass changed = model.run(g.changes());
                        out.add(new Value(l, g.name(), prefix + "d_value_loss",
                                ModelLosses.valueLoss(changed.valueLogits(), context.outcomes()) - cleanValue));
                        out.add(new Value(l, g.name(), prefix + "kl_policy",
                                ModelLosses.policyDivergence(clean.policyLogits(), changed.policyLogits())));
                        if (!Double.isNaN(cleanR2)) {
                            out.add(new Value(l, g.name(), prefix + "d_aux_r2",
                                    ModelLosses.auxR2(changed, keyLayer, context.auxTargets(), heldout, alpha) - cleanR2));
                        }
                    }
                }
            }
            return out;
        }

        private static List<Integer> others(List<Integer> taken, int n) {
            Set<Integer> t = new HashSet<>(taken);
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (!t.contains(i)) {
                    out.add(i);
                }
            }
            return out;
        }

        private static List<UnitChange> heads(int layer, List<Integer> heads, Mode mode) {
            return heads.stream().map(h -> UnitChange.head(layer, h, mode)).toList();
        }

        private static List<UnitChange> neurons(int layer, List<Integer> neurons, Mode mode) {
            return neurons.stream().map(i -> UnitChange.neuron(layer, i, mode)).toList();
        }

        private record Group(String name, List<UnitChange> changes) {
        }
    }
}
