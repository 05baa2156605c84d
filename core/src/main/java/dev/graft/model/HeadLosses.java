package dev.graft.model;

import dev.graft.data.Batch;

/**
 * The three loss terms and their gradients with respect to the head outputs, computed on the heap
 * (they are tiny next to the network). Every term is a batch mean:
 * <ul>
 *   <li>value: binary cross-entropy with logits against the outcome;</li>
 *   <li>policy: cross-entropy of the softmax over the legal moves only (illegal logits are masked to
 *       −∞, so they get exactly zero probability and zero gradient);</li>
 *   <li>aux: mean squared error, averaged over positions and outputs.</li>
 * </ul>
 */
final class HeadLosses {
    double value;
    double policy;
    double aux;
    /** |logit| below which a draw's prediction counts as right: sigmoid(ln 3) = 0.75. */
    static final double DRAW_LOGIT = Math.log(3.0);
    int valueCorrect;
    int policyCorrect;
    /** ∂total/∂value logit [batch]. */
    final double[] dValue;
    /** ∂total/∂policy logit [batch·moves]; zero on illegal moves. */
    final double[] dPolicy;
    /** ∂total/∂aux output [batch·auxOutputs]. */
    final double[] dAux;

    private HeadLosses(int batch, int moves, int auxOutputs) {
        dValue = new double[batch];
        dPolicy = new double[batch * moves];
        dAux = new double[batch * auxOutputs];
    }

    /**
     * @param valueLogits  [batch]
     * @param policyLogits [batch·moves], before masking
     * @param auxOut       [batch·auxOutputs] or empty when the model has no aux head
     * @param useAux       whether the aux term counts (and gets a gradient)
     */
    static HeadLosses compute(Batch batch, LossWeights w, double[] valueLogits, double[] policyLogits,
                              double[] auxOut, int modelAux, boolean useAux) {
        int n = batch.size();
        int moves = batch.moves();
        HeadLosses l = new HeadLosses(n, moves, useAux ? modelAux : 0);
        for (int b = 0; b < n; b++) {
            double z = valueLogits[b];
            double y = batch.value()[b];
            l.value += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            double sig = z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
            l.dValue[b] = w.value() * (sig - y) / n;
            // A decided game: right when the logit's sign names the winner. A draw (target 0.5): right
            // when the predicted probability is nearer 0.5 than 0 or 1, |z| < ln 3.
            if (y == 0.5 ? Math.abs(z) < DRAW_LOGIT : (z > 0) == (y > 0.5)) {
                l.valueCorrect++;
            }

            int target = batch.policy()[b];
            int base = b * moves;
            if (target < 0 || target >= moves || !batch.legal()[base + target]) {
                throw new IllegalArgumentException("batch position " + b + ": the policy target move "
                        + target + " is not among its legal moves; every position needs a legal target");
            }
            double max = Double.NEGATIVE_INFINITY;
            int best = -1;
            for (int m = 0; m < moves; m++) {
                if (batch.legal()[base + m] && policyLogits[base + m] > max) {
                    max = policyLogits[base + m];
                    best = m;
                }
            }
            double sum = 0;
            for (int m = 0; m < moves; m++) {
                if (batch.legal()[base + m]) {
                    sum += Math.exp(policyLogits[base + m] - max);
                }
            }
            double logSum = Math.log(sum) + max;
            l.policy += logSum - policyLogits[base + target];
            if (best == target) {
                l.policyCorrect++;
            }
            for (int m = 0; m < moves; m++) {
                if (batch.legal()[base + m]) {
                    double p = Math.exp(policyLogits[base + m] - logSum);
                    l.dPolicy[base + m] = w.policy() * (p - (m == target ? 1.0 : 0.0)) / n;
                }
            }
        }
        l.value /= n;
        l.policy /= n;
        if (modelAux > 0 && batch.auxOutputs() == modelAux) {
            double count = (double) n * modelAux;
            for (int i = 0; i < n * modelAux; i++) {
                double diff = auxOut[i] - batch.aux()[i];
                l.aux += diff * diff;
                if (useAux) {
                    l.dAux[i] = w.aux() * 2.0 * diff / count;
                }
            }
            l.aux /= count;
        }
        return l;
    }

    /** The gradients of positions [from, from+count) (losses and counts are not carried over). */
    HeadLosses slice(int from, int count, int moves) {
        int aux = dValue.length == 0 ? 0 : dAux.length / dValue.length;
        HeadLosses s = new HeadLosses(count, moves, aux);
        System.arraycopy(dValue, from, s.dValue, 0, count);
        System.arraycopy(dPolicy, from * moves, s.dPolicy, 0, count * moves);
        System.arraycopy(dAux, from * aux, s.dAux, 0, count * aux);
        return s;
    }

    LossParts parts(LossWeights w, boolean useAux) {
        double total = w.value() * value + w.policy() * policy + (useAux ? w.aux() * aux : 0.0);
        return new LossParts(total, value, policy, aux);
    }
}
