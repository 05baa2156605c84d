package dev.graft.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link ForwardHooks} that keep every site of a pass over n positions in Java arrays: the residual stream
 * entering layer 0, after each layer's attention and after each layer, each head's output per layer and the
 * MLP activations. Rows are [position][token·width] with the CLS token last. Meant for small position sets
 * and tests: it holds {@code n·tokens·(d_model·(1 + layers·(2 + heads)) + layers·d_mlp)} floats; a caller
 * that reduces as it goes (a mean over positions, the CLS rows) writes its own hooks instead.
 */
public final class ActivationTrace implements ForwardHooks {
    private final int n;
    private final int tokens;
    private final float[][] embeddings;
    private final float[][][] attention;
    private final float[][][] residual;
    private final float[][][][] heads;
    private final float[][][] neurons;
    private ModelOutputs outputs;

    /** An empty trace for n positions of {@code model}. */
    public ActivationTrace(Transformer model, int n) {
        int layers = model.shape().layers();
        this.n = n;
        this.tokens = model.game().tokens();
        this.embeddings = new float[n][];
        this.attention = new float[layers][n][];
        this.residual = new float[layers][n][];
        this.heads = new float[layers][model.shape().heads()][n][];
        this.neurons = new float[layers][n][];
    }

    @Override
    public boolean wantsHeadOutputs(int layer) {
        return true;
    }

    @Override
    public void embeddings(int from, int count, INDArray x) {
        keep(embeddings, from, count, x);
    }

    @Override
    public void headOutput(int layer, int head, int from, int count, INDArray output) {
        keep(heads[layer][head], from, count, output);
    }

    @Override
    public void attentionResidual(int layer, int from, int count, INDArray x) {
        keep(attention[layer], from, count, x);
    }

    @Override
    public void neuronActivations(int layer, int from, int count, INDArray activations) {
        keep(neurons[layer], from, count, activations);
    }

    @Override
    public void layerResidual(int layer, int from, int count, INDArray x) {
        keep(residual[layer], from, count, x);
    }

    private void keep(float[][] into, int from, int count, INDArray rows) {
        float[] flat = rows.dup('c').data().asFloat();
        int per = flat.length / count;
        for (int p = 0; p < count; p++) {
            into[from + p] = java.util.Arrays.copyOfRange(flat, p * per, (p + 1) * per);
        }
    }

    void setOutputs(ModelOutputs outputs) {
        this.outputs = outputs;
    }

    /** The value, policy and aux outputs of the traced pass. */
    public ModelOutputs outputs() {
        return outputs;
    }

    public int positions() {
        return n;
    }

    /** The residual stream entering layer 0, [n][tokens·d_model]. */
    public float[][] embeddings() {
        return embeddings;
    }

    /** The residual after layer {@code layer}'s attention, before its MLP, [n][tokens·d_model]. */
    public float[][] attentionResidual(int layer) {
        return attention[layer];
    }

    /** The residual after layer {@code layer}, [n][tokens·d_model]. */
    public float[][] layerResidual(int layer) {
        return residual[layer];
    }

    /** The residual entering layer {@code layer}: the embeddings for layer 0, else the previous layer's output. */
    public float[][] residualBefore(int layer) {
        return layer == 0 ? embeddings : residual[layer - 1];
    }

    /** The CLS token's residual after layer {@code layer}, [n][d_model] (what probes read). */
    public float[][] clsResidual(int layer) {
        float[][] out = new float[n][];
        for (int p = 0; p < n; p++) {
            int d = residual[layer][p].length / tokens;
            out[p] = java.util.Arrays.copyOfRange(residual[layer][p], (tokens - 1) * d, tokens * d);
        }
        return out;
    }

    /** Head {@code head}'s output after W_O at layer {@code layer}, [n][tokens·d_model]. */
    public float[][] headOutput(int layer, int head) {
        return heads[layer][head];
    }

    /** The MLP activations of layer {@code layer}, [n][tokens·d_mlp]. */
    public float[][] neuronActivations(int layer) {
        return neurons[layer];
    }
}
