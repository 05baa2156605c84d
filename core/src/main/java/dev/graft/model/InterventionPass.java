package dev.graft.model;

import dev.graft.model.Intervention.Mode;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The interventions and hooks of one inference pass over n positions, applied by the blocks chunk by chunk
 * ({@link #chunk}). A head is zeroed by zeroing its slice of the merged head outputs before the W_O product
 * (so the pass equals that of a model whose W_O[h] is zero) and replaced by zeroing it there and adding the
 * replacement after; a neuron by overwriting its activation column before the W_out product.
 */
final class InterventionPass {
    private final ForwardHooks hooks;
    private final int n, tokens, d, e, heads, dMlp;
    private final DataType dataType;
    /** [layer][head], [layer][neuron]: the intervention there, or null. */
    private final Intervention[][] onHead, onNeuron;
    private final boolean[] mlpBiasZeroed;
    /** The current chunk's replacement outputs [rows, d_model] of the current layer's replaced heads. */
    private final INDArray[] replacement;
    private int from, count;

    InterventionPass(ModelShape shape, int tokens, DataType dataType, int n, List<Intervention> interventions,
                     ForwardHooks hooks) {
        this.hooks = hooks == null ? ForwardHooks.NONE : hooks;
        this.n = n;
        this.tokens = tokens;
        this.d = shape.dModel();
        this.e = shape.dHead();
        this.heads = shape.heads();
        this.dMlp = shape.dMlp();
        this.dataType = dataType;
        this.onHead = new Intervention[shape.layers()][heads];
        this.onNeuron = new Intervention[shape.layers()][dMlp];
        this.mlpBiasZeroed = new boolean[shape.layers()];
        this.replacement = new INDArray[heads];
        for (Intervention iv : interventions) {
            place(iv, shape);
        }
    }

    private void place(Intervention iv, ModelShape shape) {
        if (iv.layer() < 0 || iv.layer() >= shape.layers()) {
            throw new IllegalArgumentException(iv.describe() + ": the model has layers 0.." + (shape.layers() - 1));
        }
        int l = iv.layer();
        switch (iv.component()) {
            case HEAD -> {
                check(iv, heads, "heads");
                checkValues(iv, (long) tokens * d);
                onHead[l][iv.index()] = once(onHead[l][iv.index()], iv);
            }
            case NEURON -> {
                check(iv, dMlp, "MLP neurons");
                checkValues(iv, tokens);
                onNeuron[l][iv.index()] = once(onNeuron[l][iv.index()], iv);
            }
            case MLP_BIAS -> {
                if (mlpBiasZeroed[l]) {
                    throw new IllegalArgumentException(iv.describe() + " is changed twice in one pass");
                }
                mlpBiasZeroed[l] = true;
            }
            default -> throw new IllegalStateException("unhandled component " + iv.component());
        }
    }

    private static void check(Intervention iv, int units, String what) {
        if (iv.index() < 0 || iv.index() >= units) {
            throw new IllegalArgumentException(iv.describe() + ": the model has " + what + " 0.." + (units - 1));
        }
    }

    private void checkValues(Intervention iv, long perPosition) {
        if (iv.mode() == Mode.REPLACE && iv.values().length != perPosition && iv.values().length != perPosition * n) {
            throw new IllegalArgumentException(iv.describe() + ": " + iv.values().length + " replacement values;"
                    + " give " + perPosition + " (every position alike) or " + perPosition * n
                    + " (one block for each of the pass's " + n + " positions)");
        }
    }

    private static Intervention once(Intervention earlier, Intervention iv) {
        if (earlier != null) {
            throw new IllegalArgumentException(iv.describe() + " is changed twice in one pass");
        }
        return iv;
    }

    /** The next chunk: positions {@code [from, from+count)} of the pass. */
    void chunk(int from, int count) {
        this.from = from;
        this.count = count;
    }

    private int rows() {
        return count * tokens;
    }

    /** The rows of {@code a} [≥ rows, c] that hold the chunk's positions. */
    private INDArray chunkRows(INDArray a) {
        return a.rows() == rows() ? a : a.get(interval(0, rows()), all());
    }

    void embedded(INDArray x) {
        hooks.embeddings(from, count, chunkRows(x));
    }

    /**
     * Shows layer l's attention probabilities {@code probs} [len, heads, tokens, tokens] of the workspace's
     * positions {@code [c0, c0+len)} to hooks that want them, leaving out the workspace's padding rows past
     * the chunk's positions.
     */
    void attentionProbabilities(int l, int c0, int len, INDArray probs) {
        if (c0 >= count || !hooks.wantsAttentionPatterns(l)) {
            return;
        }
        int m = Math.min(len, count - c0);
        for (int h = 0; h < heads; h++) {
            hooks.attentionPattern(l, h, from + c0, m, probs.get(interval(0, m), point(h), all(), all()));
        }
    }

    /** Shows each head's output and removes the intervened heads' terms from {@code merged} [N, heads·d_head]. */
    void beforeAttentionOut(int l, INDArray merged, INDArray wo) {
        boolean read = hooks.wantsHeadOutputs(l);
        for (int h = 0; h < heads; h++) {
            Intervention iv = onHead[l][h];
            replacement[h] = iv != null && iv.mode() == Mode.REPLACE ? chunkValues(iv.values(), d) : null;
            if (read) {
                INDArray out = iv == null
                        ? chunkRows(merged.get(all(), interval(h * e, (h + 1) * e))).mmul(wo.get(point(h), all(), all()))
                        : iv.mode() == Mode.ZERO ? Nd4j.zeros(dataType, rows(), d) : replacement[h];
                hooks.headOutput(l, h, from, count, out);
            }
            if (iv != null) {
                merged.get(all(), interval(h * e, (h + 1) * e)).assign(0);
            }
        }
    }

    /** Adds the replaced heads' outputs to the residual {@code x} and shows it. */
    void afterAttentionOut(int l, INDArray x) {
        for (int h = 0; h < heads; h++) {
            if (replacement[h] != null) {
                chunkRows(x).addi(replacement[h]);
                replacement[h] = null;
            }
        }
        hooks.attentionResidual(l, from, count, chunkRows(x));
    }

    /** Overwrites the intervened neurons' activations in {@code hact} [N, d_mlp] and shows them. */
    void beforeMlpOut(int l, INDArray hact) {
        for (int i = 0; i < dMlp; i++) {
            Intervention iv = onNeuron[l][i];
            if (iv == null) {
                continue;
            }
            INDArray column = hact.get(all(), interval(i, i + 1));
            column.assign(0);
            if (iv.mode() == Mode.REPLACE) {
                chunkRows(column).assign(chunkValues(iv.values(), 1));
            }
        }
        hooks.neuronActivations(l, from, count, chunkRows(hact));
    }

    /** Whether layer l's MLP output bias is added. */
    boolean keepsMlpBias(int l) {
        return !mlpBiasZeroed[l];
    }

    void afterLayer(int l, INDArray x) {
        hooks.layerResidual(l, from, count, chunkRows(x));
    }

    /** The chunk's part of replacement {@code values} as [rows, width]: tiled when given once for every position. */
    private INDArray chunkValues(float[] values, int width) {
        int perPosition = tokens * width;
        float[] out = new float[rows() * width];
        for (int p = 0; p < count; p++) {
            int src = values.length == perPosition ? 0 : (from + p) * perPosition;
            System.arraycopy(values, src, out, p * perPosition, perPosition);
        }
        return Nd4j.createFromArray(out).reshape(rows(), width).castTo(dataType);
    }
}
