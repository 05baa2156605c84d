package dev.graft.model;

import dev.graft.model.Initialisation.Kind;
import dev.graft.model.ParameterLayout.Entry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The values and gradients of a model's parameters, one array each, built from a {@link ParameterLayout}
 * (names, shapes and order come from there and nowhere else) and drawn by an {@link Initialisation}
 * parameter by parameter in layout order from one {@link Random}. Gives per-head and per-neuron views.
 *
 * <p>A {@link #replica()} holds the same value arrays (writes to one are writes to the other) with
 * gradients of its own: the data-parallel half of a training step accumulates into it.
 */
public final class ParameterStore {
    private final ParameterLayout layout;
    private final DataType dataType;
    private final Map<String, INDArray> values;
    private final Map<String, INDArray> gradients;

    private ParameterStore(ParameterLayout layout, DataType dataType, Map<String, INDArray> values) {
        this.layout = layout;
        this.dataType = dataType;
        this.values = values;
        this.gradients = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> v : values.entrySet()) {
            gradients.put(v.getKey(), Nd4j.create(dataType, v.getValue().shape()));
        }
    }

    /** Every parameter of {@code layout} drawn by {@code init} from a generator seeded with {@code seed}. */
    static ParameterStore initialised(ParameterLayout layout, DataType dataType, Initialisation init, long seed) {
        Random rng = new Random(seed);
        int d = layout.shape().dModel();
        int e = layout.shape().dHead();
        Map<String, INDArray> values = new LinkedHashMap<>();
        for (Entry entry : layout.entries()) {
            long[] shape = entry.shape();
            INDArray p = Nd4j.create(dataType, shape);
            double[] drawn = init.draw(kindOf(entry), (int) p.length(), d, e, fanIn(layout, entry), rng);
            p.assign(Nd4j.createFromArray(drawn).reshape(shape).castTo(dataType));
            values.put(entry.name(), p);
        }
        return new ParameterStore(layout, dataType, values);
    }

    /** The same parameter arrays with gradients of its own (zero until a backward pass fills them). */
    ParameterStore replica() {
        return new ParameterStore(layout, dataType, values);
    }

    /** What a parameter is, for its initial distribution. */
    private static Kind kindOf(Entry entry) {
        return switch (entry.suffix()) {
            case ParameterLayout.EMBED_STATE, ParameterLayout.EMBED_POS, ParameterLayout.POLICY_EMPTY -> Kind.EMBEDDING;
            case ParameterLayout.LN1_W, ParameterLayout.LN2_W, ParameterLayout.LN_FINAL_W -> Kind.NORM_WEIGHT;
            case ParameterLayout.LN1_B, ParameterLayout.LN2_B, ParameterLayout.LN_FINAL_B -> Kind.NORM_BIAS;
            case ParameterLayout.W_Q, ParameterLayout.W_K, ParameterLayout.W_V -> Kind.ATTENTION_QKV;
            case ParameterLayout.W_O -> Kind.ATTENTION_OUT;
            case ParameterLayout.W_IN, ParameterLayout.W_OUT, ParameterLayout.VALUE_W, ParameterLayout.AUX_W,
                    ParameterLayout.POLICY_W1, ParameterLayout.POLICY_W2 -> Kind.LINEAR_WEIGHT;
            case ParameterLayout.B_IN, ParameterLayout.B_OUT, ParameterLayout.VALUE_B, ParameterLayout.AUX_B,
                    ParameterLayout.POLICY_B1, ParameterLayout.POLICY_B2 -> Kind.LINEAR_BIAS;
            default -> throw new IllegalStateException("no initialisation for parameter " + entry.name());
        };
    }

    /** The input width of the linear layer a weight or bias belongs to (its weight's first axis); 0 otherwise. */
    private static int fanIn(ParameterLayout layout, Entry entry) {
        String weight = switch (entry.suffix()) {
            case ParameterLayout.W_IN, ParameterLayout.B_IN -> ParameterLayout.W_IN;
            case ParameterLayout.W_OUT, ParameterLayout.B_OUT -> ParameterLayout.W_OUT;
            case ParameterLayout.VALUE_W, ParameterLayout.VALUE_B -> ParameterLayout.VALUE_W;
            case ParameterLayout.AUX_W, ParameterLayout.AUX_B -> ParameterLayout.AUX_W;
            case ParameterLayout.POLICY_W1, ParameterLayout.POLICY_B1 -> ParameterLayout.POLICY_W1;
            case ParameterLayout.POLICY_W2, ParameterLayout.POLICY_B2 -> ParameterLayout.POLICY_W2;
            default -> null;
        };
        if (weight == null) {
            return 0;
        }
        String name = entry.layer() >= 0 ? ParameterLayout.blockParameter(entry.layer(), weight) : weight;
        return layout.entry(name).dims().get(0).intValue();
    }

    public ParameterLayout layout() {
        return layout;
    }

    public DataType dataType() {
        return dataType;
    }

    /** Every parameter name, in layout order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** Parameter arrays by name, in layout order (the arrays themselves, writable). */
    public Map<String, INDArray> values() {
        return Collections.unmodifiableMap(values);
    }

    /** Gradient arrays by name, in layout order. */
    public Map<String, INDArray> gradients() {
        return Collections.unmodifiableMap(gradients);
    }

    /** The parameter array called {@code name}; writes change the model. */
    public INDArray value(String name) {
        INDArray p = values.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter '" + name + "'; known: " + values.keySet());
        }
        return p;
    }

    /** The gradient array of parameter {@code name}, as the last backward pass left it. */
    public INDArray gradient(String name) {
        value(name);
        return gradients.get(name);
    }

    /** The parameter called {@code name}, or null when this model has none (an aux head, {@code policy.empty}). */
    INDArray valueOrNull(String name) {
        return values.get(name);
    }

    /** The gradient of {@code name}, or null when this model has no such parameter. */
    INDArray gradientOrNull(String name) {
        return gradients.get(name);
    }

    /** Adds {@code other}'s gradients to this store's, parameter by parameter in layout order. */
    void addGradients(ParameterStore other) {
        for (Map.Entry<String, INDArray> g : gradients.entrySet()) {
            g.getValue().addi(other.gradients.get(g.getKey()));
        }
    }

    /**
     * A writable view of one head's or neuron's slice of parameter {@code name}, keeping the rank: index
     * {@code unit} along the parameter's unit axis ({@link ParameterLayout#unitView}).
     */
    public INDArray unit(String name, int unit) {
        return ParameterLayout.unitView(value(name), layout.entry(name), unit);
    }

    /** A writable view of one head's matrix: [d_model, d_head] for Q/K/V, [d_head, d_model] for O. */
    public INDArray head(AttentionProjection projection, int layer, int head) {
        checkLayer(layer);
        if (head < 0 || head >= layout.shape().heads()) {
            throw new IllegalArgumentException("head " + head + " is outside 0.." + (layout.shape().heads() - 1));
        }
        return value(projection.parameterName(layer)).get(point(head), all(), all());
    }

    /** Overwrites one head's matrix; {@code values} has the shape {@link #head} gives. */
    public void writeHead(AttentionProjection projection, int layer, int head, float[][] matrix) {
        INDArray view = head(projection, layer, head);
        INDArray v = Nd4j.createFromArray(matrix).castTo(dataType);
        if (!Arrays.equals(v.shape(), view.shape())) {
            throw new IllegalArgumentException(projection.parameterName(layer) + " head " + head + " is "
                    + Arrays.toString(view.shape()) + ", values are " + Arrays.toString(v.shape()));
        }
        view.assign(v);
    }

    /** A writable view of MLP neuron n's input weights: column n of {@code W_in} [d_model]. */
    public INDArray neuronIn(int layer, int neuron) {
        checkNeuron(layer, neuron);
        return value(ParameterLayout.blockParameter(layer, ParameterLayout.W_IN)).getColumn(neuron);
    }

    /** A writable view of MLP neuron n's output weights: row n of {@code W_out} [d_model]. */
    public INDArray neuronOut(int layer, int neuron) {
        checkNeuron(layer, neuron);
        return value(ParameterLayout.blockParameter(layer, ParameterLayout.W_OUT)).getRow(neuron);
    }

    private void checkNeuron(int layer, int neuron) {
        checkLayer(layer);
        if (neuron < 0 || neuron >= layout.shape().dMlp()) {
            throw new IllegalArgumentException("MLP neuron " + neuron + " is outside 0.." + (layout.shape().dMlp() - 1));
        }
    }

    private void checkLayer(int layer) {
        if (layer < 0 || layer >= layout.shape().layers()) {
            throw new IllegalArgumentException("layer " + layer + " is outside 0.." + (layout.shape().layers() - 1));
        }
    }
}
