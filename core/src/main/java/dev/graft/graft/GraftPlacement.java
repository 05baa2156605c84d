package dev.graft.graft;

import dev.graft.model.ParameterLayout;
import dev.graft.model.ParameterLayout.Entry;
import dev.graft.model.ParameterLayout.Part;
import dev.graft.model.ParameterLayout.Unit;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The exact weight-placement check, for every plan (function-preserving or not): element by element, every
 * parameter of the grafted large model holds what the plan says and nothing else. Written independently of
 * {@link Grafter} (one element at a time from the rules, not by copying views), so a grafter or a strategy
 * that is half right (fresh input weights zeroed or taken from the small model, an unwritten layer touched,
 * a duplicated unit's output not split) fails it even where the outputs still agree.
 *
 * <p>The rules: a large layer that is neither copied into nor silenced equals the initialisation; a silenced
 * layer has W_O = W_out = b_out = 0 and everything else initial; in a copied layer a fresh head or neuron
 * (receiving no small unit) has its input weights (W_Q, W_K, W_V, W_in column, b_in) equal to the
 * initialisation's, with W_Q, W_K, W_V and W_in not all zero, and its outgoing weights (W_O, W_out row) zero;
 * a unit receiving small unit u holds u's weights, its outgoing weights divided by the number of large units
 * receiving u; along d_model each large dimension holds its small dimension's value, divided by r where the
 * parameter reads the stream. Embeddings, final LayerNorm and heads are the small model's (so widened) when
 * copied, else initial. Equalities are exact, except for input weights of duplicated units under noise, which
 * may differ by the noise's bound (relative, {@link Grafter#NOISE_CLAMP} × noise).
 */
public final class GraftPlacement {
    private static final int MAX_REPORTED = 5;

    private GraftPlacement() {
    }

    /** Every way the grafted model departs from the plan, at most a few per parameter; empty when placed exactly. */
    public static List<String> problems(GraftPlan plan, Transformer small, Transformer init, Transformer grafted) {
        Grafter.check(plan, small, grafted);
        int[] residual = Grafter.residualMap(plan, small.shape(), grafted.shape());
        int smallD = small.shape().dModel();
        int r = grafted.shape().dModel() / smallD;
        Map<Integer, LayerCopy> byLarge = new HashMap<>();
        for (LayerCopy c : plan.copies()) {
            byLarge.put(c.largeLayer(), c);
        }
        Set<Integer> silenced = new HashSet<>(plan.silencedLayers());
        List<String> out = new ArrayList<>();
        for (Entry le : grafted.layout().entries()) {
            float[] actual = values(grafted.parameter(le.name()));
            float[] initial = values(init.parameter(le.name()));
            Rule rule;
            if (le.part() == Part.BLOCK) {
                LayerCopy c = byLarge.get(le.layer());
                if (c != null) {
                    Entry se = small.layout().entry(ParameterLayout.blockParameter(c.smallLayer(), le.suffix()));
                    rule = new Rule(le, se, values(small.parameter(se.name())), c, residual, smallD, r, plan.noise());
                } else if (silenced.contains(le.layer()) && le.writesResidual()) {
                    rule = Rule.ZERO;
                } else {
                    rule = Rule.INITIAL;
                }
            } else if (copied(le, plan, small)) {
                Entry se = small.layout().entry(le.name());
                rule = new Rule(le, se, values(small.parameter(se.name())), null, residual, smallD, r, 0);
            } else {
                rule = Rule.INITIAL;
            }
            compare(le, rule, actual, initial, out);
            if (rule.copy != null && (le.suffix().equals(ParameterLayout.W_Q) || le.suffix().equals(ParameterLayout.W_IN))) {
                freshInputsNonZero(le, rule, grafted, out);
            }
        }
        return out;
    }

    /** Throws {@link GraftPlacementException} listing the problems, if any. */
    public static void verify(GraftPlan plan, Transformer small, Transformer init, Transformer grafted) {
        List<String> problems = problems(plan, small, init, grafted);
        if (!problems.isEmpty()) {
            throw new GraftPlacementException(problems);
        }
    }

    private static boolean copied(Entry le, GraftPlan plan, Transformer small) {
        return switch (le.part()) {
            case EMBEDDINGS -> plan.copyEmbeddings();
            case FINAL_NORM -> plan.copyFinalNorm();
            case HEADS -> plan.copyHeads() && small.layout().has(le.name());
            default -> false;
        };
    }

    private static void compare(Entry le, Rule rule, float[] actual, float[] initial, List<String> out) {
        long[] shape = le.shape();
        int[] index = new int[shape.length];
        int reported = 0;
        for (int flat = 0; flat < actual.length; flat++) {
            decode(flat, shape, index);
            Expected e = rule.expected(index, initial[flat]);
            boolean ok = e.relativeSlack == 0 ? Float.compare(actual[flat], e.value) == 0
                    || (actual[flat] == 0f && e.value == 0f)
                    : Math.abs(actual[flat] - e.value) <= e.relativeSlack * Math.abs(e.value) * (1 + 1e-6);
            if (!ok && reported++ < MAX_REPORTED) {
                out.add(String.format(Locale.ROOT, "%s%s holds %s where the plan puts %s (%s)", le.name(),
                        java.util.Arrays.toString(index), actual[flat], e.value, e.what));
            }
        }
    }

    /** A fresh head's W_Q/W_K/W_V, or a fresh neuron's W_in column, all zero would silence its gradient path. */
    private static void freshInputsNonZero(Entry le, Rule rule, Transformer grafted, List<String> out) {
        boolean heads = le.unit() == Unit.HEAD;
        int[] sources = heads ? rule.copy.headSources(le.units()) : rule.copy.neuronSources(le.units());
        for (int j = 0; j < sources.length; j++) {
            if (sources[j] >= 0) {
                continue;
            }
            double sum = 0;
            List<String> names = heads ? List.of(ParameterLayout.W_Q, ParameterLayout.W_K, ParameterLayout.W_V)
                    : List.of(ParameterLayout.W_IN);
            for (String n : names) {
                Entry e = grafted.layout().entry(ParameterLayout.blockParameter(le.layer(), n));
                sum += ParameterLayout.unitView(grafted.parameter(e.name()), e, j).amaxNumber().doubleValue();
            }
            if (sum == 0) {
                out.add("fresh " + (heads ? "head " : "neuron ") + j + " of large layer " + le.layer()
                        + " has all-zero input weights; a fresh unit keeps the large model's (random) initialisation");
            }
        }
    }

    private static void decode(int flat, long[] shape, int[] index) {
        for (int a = shape.length - 1; a >= 0; a--) {
            index[a] = (int) (flat % shape[a]);
            flat /= (int) shape[a];
        }
    }

    private static float[] values(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    private record Expected(float value, double relativeSlack, String what) {
    }

    /** What one parameter's elements should hold. */
    private static final class Rule {
        static final Rule INITIAL = new Rule("left at the initialisation");
        static final Rule ZERO = new Rule("zeroed: identity block");

        final String kind;
        final Entry le;
        final Entry se;
        final float[] small;
        final LayerCopy copy;
        final int[] residual;
        final int smallD;
        final int r;
        final double noise;
        final int[] roles;
        final long[] smallShape;
        final int[] sources;
        final int[] copies;

        private Rule(String kind) {
            this.kind = kind;
            le = se = null;
            small = null;
            copy = null;
            residual = null;
            smallD = r = 0;
            noise = 0;
            roles = null;
            smallShape = null;
            sources = copies = null;
        }

        Rule(Entry le, Entry se, float[] small, LayerCopy copy, int[] residual, int smallD, int r, double noise) {
            this.kind = "copy";
            this.le = le;
            this.se = se;
            this.small = small;
            this.copy = copy;
            this.residual = residual;
            this.smallD = smallD;
            this.r = r;
            this.noise = noise;
            this.roles = ResidualAxes.roles(le);
            this.smallShape = se.shape();
            if (copy != null && le.unit() != Unit.NONE) {
                sources = le.unit() == Unit.HEAD ? copy.headSources(le.units()) : copy.neuronSources(le.units());
                copies = new int[se.units()];
                for (int s : sources) {
                    if (s >= 0) {
                        copies[s]++;
                    }
                }
            } else {
                sources = copies = null;
            }
        }

        Expected expected(int[] index, float initial) {
            if (this == INITIAL) {
                return new Expected(initial, 0, kind);
            }
            if (this == ZERO) {
                return new Expected(0f, 0, kind);
            }
            int smallFlat = 0;
            int unitSource = -1;
            for (int a = 0; a < index.length; a++) {
                int i = index[a];
                if (sources != null && a == le.unitAxis()) {
                    unitSource = sources[i];
                    if (unitSource < 0) {
                        return le.writesResidual() ? new Expected(0f, 0, "output of a fresh unit: zero")
                                : new Expected(initial, 0, "input of a fresh unit: the initialisation");
                    }
                    i = unitSource;
                } else {
                    i = ResidualAxes.smallIndex(roles[a], i, residual, smallD);
                }
                smallFlat = smallFlat * (int) smallShape[a] + i;
            }
            float v = small[smallFlat];
            if (r > 1 && ResidualAxes.reads(le)) {
                v = v / r;
            }
            String what = "from the small model";
            double slack = 0;
            if (unitSource >= 0) {
                int targetAxisIndex = index[le.unitAxis()];
                boolean primary = (le.unit() == Unit.HEAD ? copy.headMap() : copy.neuronMap()).get(unitSource)
                        == targetAxisIndex;
                if (le.writesResidual() && copies[unitSource] > 1) {
                    v = v / copies[unitSource];
                    what = "output of small unit " + unitSource + " split over " + copies[unitSource] + " copies";
                } else if (!le.writesResidual() && !primary && noise > 0) {
                    slack = Grafter.NOISE_CLAMP * noise;
                    what = "input of a duplicated unit, with noise";
                }
            }
            return new Expected(v, slack, what);
        }
    }
}
