package dev.graft.graft;

import dev.graft.model.AttentionProjection;
import dev.graft.model.Transformer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Checks of a grafted model, parameter by parameter and head by head, written against the model's own head
 * and neuron views (not the grafter's code): what equals the small model's, what is exactly zero, and what
 * still holds the large model's initialisation. Every equality is exact. Used by the strategy plugins' tests
 * too (through graft-core's test jar).
 */
public final class GraftAssertions {
    private static final List<String> LAYER_NORMS = List.of("ln1.w", "ln1.b", "ln2.w", "ln2.b");
    private static final List<AttentionProjection> INPUTS = List.of(AttentionProjection.Q, AttentionProjection.K,
            AttentionProjection.V);

    private GraftAssertions() {
    }

    /** Every parameter replaced by N(0, std²) values (LayerNorm weights around 1), so no two models share values. */
    public static Transformer randomise(Transformer model, double std, long seed) {
        Random rng = new Random(seed);
        for (var e : model.namedParameters().entrySet()) {
            INDArray p = e.getValue();
            boolean lnWeight = e.getKey().contains("ln") && e.getKey().endsWith(".w");
            float[] v = new float[(int) p.length()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((lnWeight ? 1 : 0) + std * rng.nextGaussian());
            }
            p.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(v).reshape(p.shape()).castTo(p.dataType()));
        }
        return model;
    }

    /** An independent copy of a model's parameters. */
    public static Transformer snapshot(Transformer model) {
        Transformer copy = new Transformer(model.game(), model.shape(), model.auxOutputs(), 0L, model.dataType());
        for (String name : model.parameterNames()) {
            copy.parameter(name).assign(model.parameter(name));
        }
        return copy;
    }

    /**
     * Large layer {@code largeLayer} holds small layer {@code smallLayer} by index: LayerNorms and b_out are the
     * small model's; heads below the small head count have the small heads' four matrices, the others keep their
     * initial W_Q, W_K, W_V and have W_O = 0; neurons below the small d_mlp have the small neurons' W_in column,
     * b_in entry and W_out row, the others keep their initial W_in column and b_in entry and have a zero W_out row.
     */
    public static void assertLayerCopied(Transformer small, int smallLayer, Transformer init, Transformer grafted,
                                         int largeLayer) {
        String where = "large layer " + largeLayer + " from small layer " + smallLayer + ": ";
        for (String ln : LAYER_NORMS) {
            same(small.parameter(block(smallLayer, ln)), grafted.parameter(block(largeLayer, ln)), where + ln);
        }
        same(small.parameter(block(smallLayer, "mlp.b_out")), grafted.parameter(block(largeLayer, "mlp.b_out")),
                where + "b_out");
        int hs = small.shape().heads();
        for (int h = 0; h < grafted.shape().heads(); h++) {
            for (AttentionProjection p : INPUTS) {
                same(h < hs ? small.head(p, smallLayer, h) : init.head(p, largeLayer, h),
                        grafted.head(p, largeLayer, h), where + p + " of head " + h);
            }
            if (h < hs) {
                same(small.head(AttentionProjection.O, smallLayer, h), grafted.head(AttentionProjection.O, largeLayer, h),
                        where + "W_O of head " + h);
            } else {
                zero(grafted.head(AttentionProjection.O, largeLayer, h), where + "W_O of fresh head " + h);
            }
        }
        int ms = small.shape().dMlp();
        INDArray binSmall = small.parameter(block(smallLayer, "mlp.b_in"));
        INDArray binInit = init.parameter(block(largeLayer, "mlp.b_in"));
        INDArray bin = grafted.parameter(block(largeLayer, "mlp.b_in"));
        for (int n = 0; n < grafted.shape().dMlp(); n++) {
            if (n < ms) {
                same(small.neuronIn(smallLayer, n), grafted.neuronIn(largeLayer, n), where + "W_in of neuron " + n);
                assertEquals(binSmall.getFloat(n), bin.getFloat(n), 0.0f, where + "b_in of neuron " + n);
                same(small.neuronOut(smallLayer, n), grafted.neuronOut(largeLayer, n), where + "W_out of neuron " + n);
            } else {
                same(init.neuronIn(largeLayer, n), grafted.neuronIn(largeLayer, n), where + "W_in of fresh neuron " + n);
                assertEquals(binInit.getFloat(n), bin.getFloat(n), 0.0f, where + "b_in of fresh neuron " + n);
                zero(grafted.neuronOut(largeLayer, n), where + "W_out of fresh neuron " + n);
            }
        }
    }

    /** Large layer {@code layer} passes the stream through: W_O, W_out and b_out zero, everything else initial. */
    public static void assertLayerSilenced(Transformer init, Transformer grafted, int layer) {
        String where = "silenced large layer " + layer + ": ";
        zero(grafted.parameter(block(layer, "attn.W_O")), where + "W_O");
        zero(grafted.parameter(block(layer, "mlp.W_out")), where + "W_out");
        zero(grafted.parameter(block(layer, "mlp.b_out")), where + "b_out");
        for (String s : List.of("ln1.w", "ln1.b", "attn.W_Q", "attn.W_K", "attn.W_V", "ln2.w", "ln2.b", "mlp.W_in",
                "mlp.b_in")) {
            same(init.parameter(block(layer, s)), grafted.parameter(block(layer, s)), where + s);
        }
    }

    /** Every parameter of large layer {@code layer} still holds its initial value. */
    public static void assertLayerUntouched(Transformer init, Transformer grafted, int layer) {
        for (String name : grafted.parameterNames()) {
            if (name.startsWith("blocks." + layer + ".")) {
                same(init.parameter(name), grafted.parameter(name), "untouched large layer " + layer + ": " + name);
            }
        }
    }

    /**
     * Embeddings, final LayerNorm and heads (value, aux, policy) equal the small model's where {@code copied}
     * says so and the initial values otherwise. The aux head counts as copied only when the small model has one.
     */
    public static void assertOuterParts(Transformer small, Transformer init, Transformer grafted, boolean embeddings,
                                        boolean finalNorm, boolean heads) {
        for (String name : grafted.parameterNames()) {
            if (name.startsWith("blocks.")) {
                continue;
            }
            boolean copied = name.startsWith("embed.") || name.startsWith("pos_embed.") ? embeddings
                    : name.startsWith("ln_final.") ? finalNorm
                    : heads && (!name.startsWith("aux.") || small.auxOutputs() > 0);
            same(copied ? small.parameter(name) : init.parameter(name), grafted.parameter(name),
                    name + (copied ? " copied from the small model" : " left at its initial value"));
        }
    }

    /** The two arrays hold exactly the same values (shape-insensitive: views are compared element by element). */
    public static void same(INDArray expected, INDArray actual, String what) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        assertArrayEquals(values(expected), values(actual), 0.0f, what);
    }

    /** Every value is exactly 0 (and the array is not empty). */
    public static void zero(INDArray actual, String what) {
        float[] v = values(actual);
        assertFalse(v.length == 0, what + ": empty");
        for (int i = 0; i < v.length; i++) {
            assertEquals(0.0f, v[i], 0.0f, what + " at " + i);
        }
    }

    private static float[] values(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    private static String block(int layer, String suffix) {
        return "blocks." + layer + "." + suffix;
    }
}
