package dev.graft.graft;

import dev.graft.model.ParameterLayout;
import dev.graft.model.ParameterLayout.Entry;
import dev.graft.model.ParameterLayout.Part;
import dev.graft.model.ParameterLayout.Unit;
import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

import java.util.List;
import java.util.Random;

/**
 * Writes a small model's weights into a large model as a {@link GraftPlan} says (see its documentation for
 * what goes where and what is zeroed). The whole plan is checked against both models before anything is
 * written, so a plan that does not fit leaves the large model as it was.
 */
public final class Grafter {
    private Grafter() {
    }

    /**
     * Grafts {@code small} into {@code large} in place. Parameters the plan does not name keep their values
     * (the large model's initialisation).
     *
     * @throws IllegalArgumentException when the plan does not fit the two models: different games,
     *                                  d_model or d_head, a layer, head or neuron index outside the model,
     *                                  a head or neuron map of the wrong length, or (when heads are copied)
     *                                  an aux head the large model does not have with the same width
     */
    public static void apply(GraftPlan plan, Transformer small, Transformer large) {
        check(plan, small, large);
        ParameterLayout s = small.layout();
        ParameterLayout l = large.layout();
        int[] residual = residualMap(plan, small.shape(), large.shape());
        if (plan.copyEmbeddings()) {
            copyWhole(s.part(Part.EMBEDDINGS), small, large, residual);
        }
        for (int layer : plan.silencedLayers()) {
            for (Entry e : l.block(layer)) {
                if (e.writesResidual()) {
                    large.parameter(e.name()).assign(0);
                }
            }
        }
        for (LayerCopy c : plan.copies()) {
            copyLayer(c, s, l, small, large, residual, plan.noise());
        }
        if (plan.copyFinalNorm()) {
            copyWhole(s.part(Part.FINAL_NORM), small, large, residual);
        }
        if (plan.copyHeads()) {
            copyWhole(s.part(Part.HEADS), small, large, residual);
        }
    }

    /** The plan's residual map as an array, the identity when it has none. */
    static int[] residualMap(GraftPlan plan, ModelShape small, ModelShape large) {
        int[] map = new int[large.dModel()];
        for (int j = 0; j < map.length; j++) {
            map[j] = plan.growsResidual() ? plan.residualMap().get(j) : j;
        }
        return map;
    }

    private static void copyWhole(List<Entry> entries, Transformer small, Transformer large, int[] residual) {
        int smallD = small.shape().dModel();
        for (Entry e : entries) {
            Entry le = large.layout().entry(e.name());
            large.parameter(e.name()).assign(widen(small.parameter(e.name()), e, le, residual, smallD));
        }
    }

    /**
     * The small parameter {@code src} (laid out as {@code se}) in the large model's residual width: every
     * d_model axis gathered through the residual map, divided by r where the parameter reads the stream
     * ({@link ResidualAxes}); head and neuron axes keep the small model's size. {@code src} itself when
     * d_model does not grow.
     */
    static INDArray widen(INDArray src, Entry se, Entry le, int[] residual, int smallD) {
        if (residual.length == smallD && isIdentity(residual)) {
            return src;
        }
        int[] roles = ResidualAxes.roles(se);
        INDArray out = src;
        for (int axis = 0; axis < roles.length; axis++) {
            if (roles[axis] == ResidualAxes.OTHER) {
                continue;
            }
            long[] idx = new long[le.dims().get(axis).intValue()];
            for (int j = 0; j < idx.length; j++) {
                idx[j] = ResidualAxes.smallIndex(roles[axis], j, residual, smallD);
            }
            INDArrayIndex[] index = new INDArrayIndex[out.rank()];
            for (int i = 0; i < index.length; i++) {
                index[i] = i == axis ? new SpecifiedIndex(idx) : NDArrayIndex.all();
            }
            out = out.get(index).dup('c');
        }
        if (ResidualAxes.reads(se)) {
            out = out.div(residual.length / smallD);
        }
        return out;
    }

    private static boolean isIdentity(int[] map) {
        for (int j = 0; j < map.length; j++) {
            if (map[j] != j) {
                return false;
            }
        }
        return true;
    }

    private static void copyLayer(LayerCopy c, ParameterLayout s, ParameterLayout l, Transformer small,
                                  Transformer large, int[] residual, double noise) {
        int smallD = small.shape().dModel();
        for (Entry se : s.block(c.smallLayer())) {
            Entry le = l.entry(ParameterLayout.blockParameter(c.largeLayer(), se.suffix()));
            INDArray src = widen(small.parameter(se.name()), se, le, residual, smallD);
            INDArray dst = large.parameter(le.name());
            if (se.unit() == Unit.NONE) {
                dst.assign(src);
                continue;
            }
            boolean heads = se.unit() == Unit.HEAD;
            int[] sources = heads ? c.headSources(le.units()) : c.neuronSources(le.units());
            List<Integer> primary = heads ? c.headMap() : c.neuronMap();
            int[] copies = new int[se.units()];
            for (int from : sources) {
                if (from >= 0) {
                    copies[from]++;
                }
            }
            Random rng = new Random(NOISE_SEED * 31 + c.largeLayer() * 1009L + le.suffix().hashCode());
            for (int j = 0; j < sources.length; j++) {
                INDArray view = ParameterLayout.unitView(dst, le, j);
                int from = sources[j];
                if (from < 0) {
                    if (le.writesResidual()) {
                        view.assign(0);
                    }
                    continue;
                }
                view.assign(ParameterLayout.unitView(src, se, from));
                if (le.writesResidual() && copies[from] > 1) {
                    view.divi(copies[from]);
                } else if (!le.writesResidual() && noise > 0 && primary.get(from) != j) {
                    view.muli(noiseFactors(view, noise, rng));
                }
            }
        }
    }

    /** Seeds the symmetry-breaking noise (with the layer and parameter), so a graft is deterministic. */
    static final long NOISE_SEED = 0x6772616674L;
    /** Noise draws are clamped to ±this many standard deviations, so a noisy weight is within a known bound. */
    static final double NOISE_CLAMP = 3.0;

    /** 1 + noise·z per element, z standard normal clamped to ±{@link #NOISE_CLAMP}, shaped like {@code view}. */
    private static INDArray noiseFactors(INDArray view, double noise, Random rng) {
        float[] f = new float[(int) view.length()];
        for (int i = 0; i < f.length; i++) {
            double z = Math.max(-NOISE_CLAMP, Math.min(NOISE_CLAMP, rng.nextGaussian()));
            f[i] = (float) (1 + noise * z);
        }
        return Nd4j.createFromArray(f).reshape(view.shape()).castTo(view.dataType());
    }

    /** Every reason the plan cannot be applied to these models, as one exception (the first found). */
    static void check(GraftPlan plan, Transformer small, Transformer large) {
        sameGame(small.game(), large.game());
        ModelShape s = small.shape();
        ModelShape l = large.shape();
        checkResidual(plan, s, l);
        if (s.dHead() != l.dHead()) {
            throw new IllegalArgumentException("the small model's d_head is " + s.dHead() + " and the large model's "
                    + l.dHead() + "; a graft copies whole heads, so both need the same d_head");
        }
        for (int layer : plan.silencedLayers()) {
            if (layer >= l.layers()) {
                throw new IllegalArgumentException("the plan silences large layer " + layer + ", but the large model has "
                        + l.layers() + " layers (0.." + (l.layers() - 1) + ")");
            }
        }
        for (LayerCopy c : plan.copies()) {
            if (c.smallLayer() >= s.layers()) {
                throw new IllegalArgumentException("the plan copies small layer " + c.smallLayer()
                        + ", but the small model has " + s.layers() + " layers (0.." + (s.layers() - 1) + ")");
            }
            if (c.largeLayer() >= l.layers()) {
                throw new IllegalArgumentException("the plan writes small layer " + c.smallLayer() + " into large layer "
                        + c.largeLayer() + ", but the large model has " + l.layers() + " layers (0.."
                        + (l.layers() - 1) + ")");
            }
            checkMap("head", c, c.headMap(), s.heads(), l.heads());
            checkMap("MLP neuron", c, c.neuronMap(), s.dMlp(), l.dMlp());
            checkExtras("head", c, c.extraHeads(), s.heads(), l.heads());
            checkExtras("MLP neuron", c, c.extraNeurons(), s.dMlp(), l.dMlp());
        }
        if (plan.copyHeads() && small.auxOutputs() > 0 && large.auxOutputs() != small.auxOutputs()) {
            throw new IllegalArgumentException("the small model has an auxiliary head of " + small.auxOutputs()
                    + " outputs but the large model " + (large.auxOutputs() == 0 ? "has none"
                    : "has one of " + large.auxOutputs()) + "; build the large model with " + small.auxOutputs()
                    + " aux outputs so the head can be copied");
        }
    }

    private static void checkResidual(GraftPlan plan, ModelShape s, ModelShape l) {
        if (!plan.growsResidual()) {
            if (s.dModel() != l.dModel()) {
                throw new IllegalArgumentException("the small model's d_model is " + s.dModel() + " and the large model's "
                        + l.dModel() + "; a graft without a residual map needs the same residual width in both");
            }
            return;
        }
        List<Integer> map = plan.residualMap();
        if (map.size() != l.dModel()) {
            throw new IllegalArgumentException("the residual map has " + map.size() + " entries, but the large model's"
                    + " d_model is " + l.dModel() + "; it needs one small dimension per large dimension");
        }
        if (l.dModel() % s.dModel() != 0) {
            throw new IllegalArgumentException("the large model's d_model " + l.dModel() + " is not a multiple of the"
                    + " small model's " + s.dModel() + "; duplicating residual dimensions needs each small one copied"
                    + " the same number of times");
        }
        int[] count = new int[s.dModel()];
        for (int d : map) {
            if (d >= s.dModel()) {
                throw new IllegalArgumentException("the residual map names small dimension " + d + ", but the small"
                        + " model's d_model is " + s.dModel());
            }
            count[d]++;
        }
        int r = l.dModel() / s.dModel();
        for (int d = 0; d < count.length; d++) {
            if (count[d] != r) {
                throw new IllegalArgumentException("the residual map copies small dimension " + d + " " + count[d]
                        + " times, not " + r + " (large d_model ÷ small d_model); unequal copies would change"
                        + " LayerNorm's mean and variance");
            }
        }
    }

    private static void checkExtras(String what, LayerCopy c, java.util.Map<Integer, Integer> extras, int smallUnits,
                                    int largeUnits) {
        for (var e : extras.entrySet()) {
            if (e.getKey() >= largeUnits || e.getValue() >= smallUnits) {
                throw new IllegalArgumentException("layer " + c.smallLayer() + " duplicates small " + what + " "
                        + e.getValue() + " into large " + what + " " + e.getKey() + ", but the models have " + smallUnits
                        + " and " + largeUnits + " " + what + "s per layer");
            }
        }
    }

    private static void checkMap(String what, LayerCopy c, List<Integer> map, int smallUnits, int largeUnits) {
        if (map.size() != smallUnits) {
            throw new IllegalArgumentException("the " + what + " map of small layer " + c.smallLayer() + " has "
                    + map.size() + " entries, but the small model has " + smallUnits + " " + what + "s per layer");
        }
        for (int i = 0; i < map.size(); i++) {
            if (map.get(i) >= largeUnits) {
                throw new IllegalArgumentException("the " + what + " map sends small " + what + " " + i + " of layer "
                        + c.smallLayer() + " to large " + what + " " + map.get(i) + ", but the large model has "
                        + largeUnits + " " + what + "s per layer");
            }
        }
    }

    private static void sameGame(Game a, Game b) {
        if (!a.name().equals(b.name()) || a.tokens() != b.tokens() || a.moves() != b.moves()
                || a.squareStates() != b.squareStates() || a.maxSquaresPerMove() != b.maxSquaresPerMove()) {
            throw new IllegalArgumentException("the small model plays " + describe(a) + " but the large model "
                    + describe(b) + "; a graft needs both models built for the same game");
        }
    }

    private static String describe(Game g) {
        return "'" + g.name() + "' (" + g.rows() + "×" + g.cols() + ", " + g.moves() + " moves)";
    }
}
