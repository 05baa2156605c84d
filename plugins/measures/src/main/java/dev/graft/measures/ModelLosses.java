package dev.graft.measures;

import dev.graft.spi.MeasuredModel.Pass;

/**
 * What an ablation changes in a model's outputs on the probe positions: the value loss (binary cross-entropy
 * of the value logit against the game's outcome, the training loss; mean over positions), the policy's
 * divergence from the unchanged pass ({@code KL(p_clean ‖ p_changed)} of the softmax over every move, mean
 * over positions; the probe set carries no move targets), and the held-out R² of a ridge probe of the
 * auxiliary targets from the CLS residual at a key layer (the mean over outputs of 1 − SSE/SST, as the
 * ridge probe scores).
 */
final class ModelLosses {
    private ModelLosses() {
    }

    static double valueLoss(float[] logits, float[] outcomes) {
        double s = 0;
        for (int i = 0; i < logits.length; i++) {
            double z = logits[i];
            double y = outcomes[i];
            s += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        }
        return s / logits.length;
    }

    static double policyDivergence(float[][] clean, float[][] changed) {
        double s = 0;
        for (int i = 0; i < clean.length; i++) {
            double[] p = logSoftmax(clean[i]);
            double[] q = logSoftmax(changed[i]);
            double kl = 0;
            for (int m = 0; m < p.length; m++) {
                kl += Math.exp(p[m]) * (p[m] - q[m]);
            }
            s += kl;
        }
        return s / clean.length;
    }

    private static double[] logSoftmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (float v : z) {
            sum += Math.exp(v - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            out[i] = z[i] - log;
        }
        return out;
    }

    /** The probe's R² of the auxiliary targets from the pass's CLS residual at {@code layer}; NaN without targets. */
    static double auxR2(Pass pass, int layer, float[][] targets, boolean[] heldout, double alpha) {
        if (targets.length == 0 || targets[0].length == 0) {
            return Double.NaN;
        }
        return RidgeMap.r2PerOutput(pass.clsResiduals()[layer], targets, heldout, alpha);
    }
}
