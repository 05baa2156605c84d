package dev.graft.measure;

import dev.graft.model.ForwardHooks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a measurement keeps of a model's unchanged pass over the probe set, reduced as the pass runs: the
 * CLS token's residual after every layer and each head's output at the CLS token, and the sums over
 * positions (per token) of every head's output and every MLP neuron's activation, for mean ablation.
 * It holds {@code n·d_model·layers·(1 + heads)} floats plus sums of {@code tokens·(d_model·heads + d_mlp)}
 * per layer, not the whole pass.
 */
final class CleanPassHooks extends ClsResidualHooks {
    private final int tokens;
    private final float[][][][] clsHeads;
    private final double[][][] headSums;
    private final double[][] neuronSums;

    CleanPassHooks(int n, int tokens, int layers, int heads) {
        super(n, tokens, layers);
        this.tokens = tokens;
        this.clsHeads = new float[layers][heads][n][];
        this.headSums = new double[layers][heads][];
        this.neuronSums = new double[layers][];
    }

    @Override
    public boolean wantsHeadOutputs(int layer) {
        return true;
    }

    @Override
    public void headOutput(int layer, int head, int from, int count, INDArray output) {
        float[] flat = output.dup('c').data().asFloat();
        int width = flat.length / (count * tokens);
        keepCls(clsHeads[layer][head], from, count, flat, width);
        headSums[layer][head] = addPerToken(headSums[layer][head], flat, count, width);
    }

    @Override
    public void neuronActivations(int layer, int from, int count, INDArray activations) {
        float[] flat = activations.dup('c').data().asFloat();
        int width = flat.length / (count * tokens);
        neuronSums[layer] = addPerToken(neuronSums[layer], flat, count, width);
    }

    private double[] addPerToken(double[] sums, float[] flat, int count, int width) {
        double[] s = sums == null ? new double[tokens * width] : sums;
        for (int p = 0; p < count; p++) {
            int base = p * tokens * width;
            for (int i = 0; i < tokens * width; i++) {
                s[i] += flat[base + i];
            }
        }
        return s;
    }

    /** Head {@code head}'s output at the CLS token, [n][d_model]. */
    float[][] clsHead(int layer, int head) {
        return clsHeads[layer][head];
    }

    /** Head {@code head}'s output averaged over the positions, per token: {@code tokens·d_model} floats. */
    float[] meanHead(int layer, int head) {
        double[] s = headSums[layer][head];
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (float) (s[i] / positions());
        }
        return out;
    }

    /** Neuron {@code neuron}'s activation averaged over the positions, per token: {@code tokens} floats. */
    float[] meanNeuron(int layer, int neuron) {
        double[] s = neuronSums[layer];
        int width = s.length / tokens;
        float[] out = new float[tokens];
        for (int t = 0; t < tokens; t++) {
            out[t] = (float) (s[t * width + neuron] / positions());
        }
        return out;
    }
}
