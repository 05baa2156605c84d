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

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        if (plan.copyEmbeddings()) {
            copyWhole(s.part(Part.EMBEDDINGS), small, large);
        }
        for (int layer : plan.silencedLayers()) {
            for (Entry e : l.block(layer)) {
                if (e.writesResidual()) {
                    large.parameter(e.name()).assign(0);
                }
            }
        }
        for (LayerCopy c : plan.copies()) {
            copyLayer(c, s, l, small, large);
        }
        if (plan.copyFinalNorm()) {
            copyWhole(s.part(Part.FINAL_NORM), small, large);
        }
        if (plan.copyHeads()) {
            copyWhole(s.part(Part.HEADS), small, large);
        }
    }

    private static void copyWhole(List<Entry> entries, Transformer small, Transformer large) {
        for (Entry e : entries) {
            large.parameter(e.name()).assign(small.parameter(e.name()));
        }
    }

    private static void copyLayer(LayerCopy c, ParameterLayout s, ParameterLayout l, Transformer small,
                                  Transformer large) {
        for (Entry se : s.block(c.smallLayer())) {
            Entry le = l.entry(ParameterLayout.blockParameter(c.largeLayer(), se.suffix()));
            INDArray src = small.parameter(se.name());
            INDArray dst = large.parameter(le.name());
            if (se.unit() == Unit.NONE) {
                dst.assign(src);
                continue;
            }
            List<Integer> map = se.unit() == Unit.HEAD ? c.headMap() : c.neuronMap();
            Set<Integer> receiving = new HashSet<>(map);
            for (int i = 0; i < map.size(); i++) {
                ParameterLayout.unitView(dst, le, map.get(i)).assign(ParameterLayout.unitView(src, se, i));
            }
            if (le.writesResidual()) {
                for (int j = 0; j < le.units(); j++) {
                    if (!receiving.contains(j)) {
                        ParameterLayout.unitView(dst, le, j).assign(0);
                    }
                }
            }
        }
    }

    /** Every reason the plan cannot be applied to these models, as one exception (the first found). */
    static void check(GraftPlan plan, Transformer small, Transformer large) {
        sameGame(small.game(), large.game());
        ModelShape s = small.shape();
        ModelShape l = large.shape();
        if (s.dModel() != l.dModel()) {
            throw new IllegalArgumentException("the small model's d_model is " + s.dModel() + " and the large model's "
                    + l.dModel() + "; a graft needs the same residual width in both");
        }
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
        }
        if (plan.copyHeads() && small.auxOutputs() > 0 && large.auxOutputs() != small.auxOutputs()) {
            throw new IllegalArgumentException("the small model has an auxiliary head of " + small.auxOutputs()
                    + " outputs but the large model " + (large.auxOutputs() == 0 ? "has none"
                    : "has one of " + large.auxOutputs()) + "; build the large model with " + small.auxOutputs()
                    + " aux outputs so the head can be copied");
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
