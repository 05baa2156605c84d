package dev.graft.interop;

import dev.graft.model.ForwardResult;
import dev.graft.model.ModelOutputs;
import dev.graft.model.Transformer;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * A model's outputs on n positions, flat in C order, as {@code graft predict} writes them.
 *
 * @param n            positions
 * @param layers       transformer blocks
 * @param dModel       residual width
 * @param moves        policy outputs per position
 * @param auxOutputs   auxiliary outputs per position (0 without an aux head)
 * @param valueLogit   [n]
 * @param policyLogits [n, moves], raw (illegal moves not masked)
 * @param aux          [n, auxOutputs]
 * @param residPost    [layers, n, dModel]: the CLS residual after each block, before the final LayerNorm
 */
public record Predictions(int n, int layers, int dModel, int moves, int auxOutputs, float[] valueLogit,
                          float[] policyLogits, float[] aux, float[] residPost) {

    /**
     * Runs {@code model} on {@code n} positions of {@code tokens} (each {@code game.tokens()} ids, CLS
     * included) in batches of {@code batch} positions, one forward pass per batch giving outputs and
     * residuals together, calling {@code progress} with the number of
     * positions done after each batch.
     */
    public static Predictions compute(Transformer model, byte[] tokens, int n, int batch, IntConsumer progress) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1 position, got " + batch);
        }
        int t = model.game().tokens();
        int moves = model.game().moves();
        int aux = model.auxOutputs();
        int layers = model.shape().layers();
        int d = model.shape().dModel();
        float[] value = new float[n];
        float[] policy = new float[Math.multiplyExact(n, moves)];
        float[] auxOut = new float[Math.multiplyExact(n, aux)];
        float[] resid = new float[Math.multiplyExact(Math.multiplyExact(layers, n), d)];
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            byte[] part = Arrays.copyOfRange(tokens, from * t, (from + count) * t);
            ForwardResult pass = model.predictWithResiduals(part, count);
            ModelOutputs out = pass.outputs();
            float[][][] cls = pass.clsResiduals();
            for (int i = 0; i < count; i++) {
                int row = from + i;
                value[row] = out.value()[i];
                System.arraycopy(out.policy()[i], 0, policy, row * moves, moves);
                System.arraycopy(out.aux()[i], 0, auxOut, row * aux, aux);
                for (int l = 0; l < layers; l++) {
                    System.arraycopy(cls[l][i], 0, resid, ((l * n) + row) * d, d);
                }
            }
            progress.accept(from + count);
        }
        return new Predictions(n, layers, d, moves, aux, value, policy, auxOut, resid);
    }

    /** The four arrays: {@code value_logit}, {@code policy_logits}, {@code aux}, {@code resid_post}. */
    public NpzArchive archive() {
        return new NpzArchive()
                .addFloat32("value_logit", valueLogit, n)
                .addFloat32("policy_logits", policyLogits, n, moves)
                .addFloat32("aux", aux, n, auxOutputs)
                .addFloat32("resid_post", residPost, layers, n, dModel);
    }
}
