package dev.graft.model;

import dev.graft.spi.Game;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a {@link Transformer} of one game, shape and aux width: their names (TransformerLens
 * style), logical shapes, which part of the model each belongs to, and for per-head and per-neuron
 * parameters the axis that indexes the heads or neurons. Grafting reads the model through it; the order is
 * the model's {@link Transformer#parameterNames()} order. Pure description: it holds no values and knows
 * nothing of initialisation.
 *
 * <p>Names: {@code embed.W_state} [states+1, d_model], {@code pos_embed.W_pos} [tokens, d_model]; per layer l
 * {@code blocks.l.ln1.w|b} [d_model], {@code blocks.l.attn.W_Q|W_K|W_V} [heads, d_model, d_head],
 * {@code blocks.l.attn.W_O} [heads, d_head, d_model], {@code blocks.l.ln2.w|b} [d_model],
 * {@code blocks.l.mlp.W_in} [d_model, d_mlp], {@code mlp.b_in} [d_mlp], {@code mlp.W_out} [d_mlp, d_model],
 * {@code mlp.b_out} [d_model]; {@code ln_final.w|b} [d_model]; {@code value.W} [d_model, 1], {@code value.b}
 * [1], {@code aux.W} [d_model, aux], {@code aux.b} [aux] (only with an aux head), {@code policy.W1}
 * [k·d_model, d_model], {@code policy.b1} [d_model], {@code policy.W2} [d_model, 1], {@code policy.b2} [1]
 * (k = squares per move).
 */
public final class ParameterLayout {
    public static final String EMBED_STATE = "embed.W_state";
    public static final String EMBED_POS = "pos_embed.W_pos";
    public static final String LN1_W = "ln1.w";
    public static final String LN1_B = "ln1.b";
    public static final String W_Q = "attn.W_Q";
    public static final String W_K = "attn.W_K";
    public static final String W_V = "attn.W_V";
    public static final String W_O = "attn.W_O";
    public static final String LN2_W = "ln2.w";
    public static final String LN2_B = "ln2.b";
    public static final String W_IN = "mlp.W_in";
    public static final String B_IN = "mlp.b_in";
    public static final String W_OUT = "mlp.W_out";
    public static final String B_OUT = "mlp.b_out";
    public static final String LN_FINAL_W = "ln_final.w";
    public static final String LN_FINAL_B = "ln_final.b";
    public static final String VALUE_W = "value.W";
    public static final String VALUE_B = "value.b";
    public static final String AUX_W = "aux.W";
    public static final String AUX_B = "aux.b";
    public static final String POLICY_W1 = "policy.W1";
    public static final String POLICY_B1 = "policy.b1";
    public static final String POLICY_W2 = "policy.W2";
    public static final String POLICY_B2 = "policy.b2";
    /** The pooled vector of a move that covers no square (mean pooling only, see {@link PolicyPooling}). */
    public static final String POLICY_EMPTY = "policy.empty";

    /** Which part of the model a parameter belongs to. */
    public enum Part { EMBEDDINGS, BLOCK, FINAL_NORM, HEADS }

    /** What one index along a parameter's unit axis selects. */
    public enum Unit { NONE, HEAD, NEURON }

    /**
     * One parameter.
     *
     * @param name           full name, e.g. {@code blocks.1.attn.W_Q}
     * @param suffix         the name within its layer ({@code attn.W_Q}); the full name outside blocks
     * @param dims           logical shape
     * @param part           the part of the model it belongs to
     * @param layer          the block index for {@link Part#BLOCK} parameters, else −1
     * @param unit           whether an index along {@code unitAxis} selects a head, an MLP neuron, or nothing
     * @param unitAxis       the axis indexing heads or neurons, or −1 for {@link Unit#NONE}
     * @param writesResidual true for the layer parameters whose product is added to the residual stream
     *                       (W_O, W_out, b_out): with them zero, the layer passes the stream through
     */
    public record Entry(String name, String suffix, List<Long> dims, Part part, int layer, Unit unit, int unitAxis,
                        boolean writesResidual) {
        public Entry {
            dims = List.copyOf(dims);
        }

        /** The logical shape as an array. */
        public long[] shape() {
            long[] s = new long[dims.size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = dims.get(i);
            }
            return s;
        }

        /** Number of heads or neurons along the unit axis; 0 for {@link Unit#NONE}. */
        public int units() {
            return unitAxis < 0 ? 0 : dims.get(unitAxis).intValue();
        }
    }

    private final ModelShape shape;
    private final int auxOutputs;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ParameterLayout(ModelShape shape, int squareStates, int tokens, int policyW1Rows, boolean policyEmpty,
                            int auxOutputs) {
        this.shape = shape;
        this.auxOutputs = auxOutputs;
        long d = shape.dModel();
        long e = shape.dHead();
        long h = shape.heads();
        long f = shape.dMlp();
        add(EMBED_STATE, EMBED_STATE, Part.EMBEDDINGS, -1, Unit.NONE, -1, false, squareStates + 1L, d);
        add(EMBED_POS, EMBED_POS, Part.EMBEDDINGS, -1, Unit.NONE, -1, false, tokens, d);
        for (int l = 0; l < shape.layers(); l++) {
            block(l, LN1_W, Unit.NONE, -1, false, d);
            block(l, LN1_B, Unit.NONE, -1, false, d);
            block(l, W_Q, Unit.HEAD, 0, false, h, d, e);
            block(l, W_K, Unit.HEAD, 0, false, h, d, e);
            block(l, W_V, Unit.HEAD, 0, false, h, d, e);
            block(l, W_O, Unit.HEAD, 0, true, h, e, d);
            block(l, LN2_W, Unit.NONE, -1, false, d);
            block(l, LN2_B, Unit.NONE, -1, false, d);
            block(l, W_IN, Unit.NEURON, 1, false, d, f);
            block(l, B_IN, Unit.NEURON, 0, false, f);
            block(l, W_OUT, Unit.NEURON, 0, true, f, d);
            block(l, B_OUT, Unit.NONE, -1, true, d);
        }
        add(LN_FINAL_W, LN_FINAL_W, Part.FINAL_NORM, -1, Unit.NONE, -1, false, d);
        add(LN_FINAL_B, LN_FINAL_B, Part.FINAL_NORM, -1, Unit.NONE, -1, false, d);
        head(VALUE_W, d, 1);
        head(VALUE_B, 1);
        if (auxOutputs > 0) {
            head(AUX_W, d, auxOutputs);
            head(AUX_B, auxOutputs);
        }
        head(POLICY_W1, policyW1Rows, d);
        head(POLICY_B1, d);
        head(POLICY_W2, d, 1);
        head(POLICY_B2, 1);
        if (policyEmpty) {
            head(POLICY_EMPTY, d);
        }
    }

    /** The layout of a model of {@code game} with these sizes and {@code auxOutputs} aux outputs (0: no aux head). */
    public static ParameterLayout of(Game game, ModelShape shape, int auxOutputs) {
        if (auxOutputs < 0) {
            throw new IllegalArgumentException("auxOutputs is " + auxOutputs + "; use 0 for no auxiliary head");
        }
        boolean empty = PolicyPooling.of(game) == PolicyPooling.Rule.MEAN && PolicyPooling.hasEmptyMove(game);
        return new ParameterLayout(shape, game.squareStates(), game.tokens(),
                PolicyPooling.w1Rows(game, shape.dModel()), empty, auxOutputs);
    }

    /** The full name of a layer parameter, e.g. {@code blockParameter(2, W_Q)} is {@code blocks.2.attn.W_Q}. */
    public static String blockParameter(int layer, String suffix) {
        return "blocks." + layer + "." + suffix;
    }

    private void block(int layer, String suffix, Unit unit, int axis, boolean writes, long... dims) {
        add(blockParameter(layer, suffix), suffix, Part.BLOCK, layer, unit, axis, writes, dims);
    }

    private void head(String name, long... dims) {
        add(name, name, Part.HEADS, -1, Unit.NONE, -1, false, dims);
    }

    private void add(String name, String suffix, Part part, int layer, Unit unit, int axis, boolean writes, long... dims) {
        List<Long> d = new ArrayList<>(dims.length);
        for (long x : dims) {
            d.add(x);
        }
        entries.put(name, new Entry(name, suffix, d, part, layer, unit, axis, writes));
    }

    public ModelShape shape() {
        return shape;
    }

    public int auxOutputs() {
        return auxOutputs;
    }

    /** Every parameter, in the model's order. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /** Every parameter name, in the model's order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The parameter called {@code name}. @throws IllegalArgumentException naming the known ones if there is none */
    public Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in a model of " + shape
                    + (auxOutputs > 0 ? " with " + auxOutputs + " aux outputs" : " without an aux head")
                    + "; known: " + entries.keySet());
        }
        return e;
    }

    /** The parameters of one part, in order ({@link Part#BLOCK}: every layer's). */
    public List<Entry> part(Part part) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.part() == part) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The parameters of layer {@code layer}, in order. */
    public List<Entry> block(int layer) {
        if (layer < 0 || layer >= shape.layers()) {
            throw new IllegalArgumentException("layer " + layer + " is outside 0.." + (shape.layers() - 1));
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.layer() == layer) {
                out.add(e);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * A writable view of one head's or neuron's slice of {@code array} (a parameter laid out as {@code entry}),
     * keeping the rank: index {@code unit} along the entry's unit axis, e.g. [1, d_model, d_head] of W_Q,
     * [d_model, 1] of W_in, [1] of b_in.
     */
    public static INDArray unitView(INDArray array, Entry entry, int unit) {
        if (entry.unit() == Unit.NONE) {
            throw new IllegalArgumentException(entry.name() + " has no per-head or per-neuron axis");
        }
        if (unit < 0 || unit >= entry.units()) {
            throw new IllegalArgumentException(entry.unit().name().toLowerCase() + " " + unit + " of " + entry.name()
                    + " is outside 0.." + (entry.units() - 1));
        }
        INDArrayIndex[] index = new INDArrayIndex[array.rank()];
        for (int i = 0; i < index.length; i++) {
            index[i] = i == entry.unitAxis() ? NDArrayIndex.interval(unit, unit + 1) : NDArrayIndex.all();
        }
        return array.get(index);
    }
}
