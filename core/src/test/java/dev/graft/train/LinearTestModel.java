package dev.graft.train;

import dev.graft.data.Batch;
import dev.graft.model.Evaluation;
import dev.graft.model.LossParts;
import dev.graft.model.LossWeights;
import dev.graft.model.TrainableModel;
import dev.graft.spi.ModelShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A tiny linear model with analytic gradients for trainer tests: features = token values; a value
 * logit (BCE), masked policy logits (CE) and auxiliary outputs (MSE), each a linear map plus bias.
 */
final class LinearTestModel implements TrainableModel {

    private static final int F = FakeGameSource.TOKENS;
    private static final int M = FakeGameSource.MOVES;
    private static final int A = FakeGameSource.AUX;

    private final List<String> names = List.of("value.w", "value.b", "policy.w", "policy.b", "aux.w", "aux.b");
    private final List<INDArray> params;
    private final List<INDArray> grads;

    LinearTestModel(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        params = List.of(random(r, F, 1), random(r, 1, 1), random(r, F, M), random(r, 1, M), random(r, F, A),
                random(r, 1, A));
        grads = params.stream().map(p -> Nd4j.zeros(DataType.FLOAT, p.shape())).toList();
    }

    private static INDArray random(SplittableRandom r, int rows, int cols) {
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble(-0.3, 0.3));
        }
        return Nd4j.create(v, new long[]{rows, cols}, 'c');
    }

    @Override
    public ModelShape shape() {
        return new ModelShape(F, 1, 1, 0, 0);
    }

    @Override
    public List<String> parameterNames() {
        return names;
    }

    @Override
    public List<INDArray> parameters() {
        return params;
    }

    @Override
    public List<INDArray> gradients() {
        return grads;
    }

    @Override
    public LossParts trainStep(Batch batch, LossWeights weights) {
        return run(batch, weights, true).loss;
    }

    @Override
    public Evaluation evaluate(Batch batch, LossWeights weights) {
        Pass p = run(batch, weights, false);
        return new Evaluation(p.loss, p.valueCorrect / batch.size(), p.top1 / batch.size(), batch.size());
    }

    private record Pass(LossParts loss, double valueCorrect, double top1) {
    }

    private Pass run(Batch b, LossWeights w, boolean backward) {
        float[] wv = flat(0);
        float[] bv = flat(1);
        float[] wp = flat(2);
        float[] bp = flat(3);
        float[] wa = flat(4);
        float[] ba = flat(5);
        double[][] g = {new double[F], new double[1], new double[F * M], new double[M], new double[F * A],
                new double[A]};
        int n = b.size();
        double valueLoss = 0;
        double policyLoss = 0;
        double auxLoss = 0;
        double valueCorrect = 0;
        double top1 = 0;
        for (int i = 0; i < n; i++) {
            double[] x = new double[F];
            for (int f = 0; f < F; f++) {
                x[f] = b.tokenIds()[i * F + f];
            }
            // value: BCE with logits
            double z = bv[0];
            for (int f = 0; f < F; f++) {
                z += x[f] * wv[f];
            }
            double y = b.value()[i];
            valueLoss += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
            valueCorrect += (z > 0) == (y > 0.5) ? 1 : 0;
            double dz = (1 / (1 + Math.exp(-z)) - y) / n * w.value();
            // policy: softmax CE over legal moves
            double[] logits = new double[M];
            double max = Double.NEGATIVE_INFINITY;
            int best = -1;
            for (int m = 0; m < M; m++) {
                if (!b.legal()[i * M + m]) {
                    continue;
                }
                double l = bp[m];
                for (int f = 0; f < F; f++) {
                    l += x[f] * wp[f * M + m];
                }
                logits[m] = l;
                if (l > max) {
                    max = l;
                    best = m;
                }
            }
            double sum = 0;
            for (int m = 0; m < M; m++) {
                if (b.legal()[i * M + m]) {
                    sum += Math.exp(logits[m] - max);
                }
            }
            int target = b.policy()[i];
            policyLoss += -(logits[target] - max - Math.log(sum));
            top1 += best == target ? 1 : 0;
            // aux: MSE over outputs
            double[] da = new double[A];
            for (int a = 0; a < A; a++) {
                double out = ba[a];
                for (int f = 0; f < F; f++) {
                    out += x[f] * wa[f * A + a];
                }
                double diff = out - b.aux()[i * A + a];
                auxLoss += diff * diff / A;
                da[a] = 2 * diff / (n * A) * w.aux();
            }
            if (backward) {
                for (int f = 0; f < F; f++) {
                    g[0][f] += x[f] * dz;
                }
                g[1][0] += dz;
                for (int m = 0; m < M; m++) {
                    if (!b.legal()[i * M + m]) {
                        continue;
                    }
                    double d = (Math.exp(logits[m] - max) / sum - (m == target ? 1 : 0)) / n * w.policy();
                    for (int f = 0; f < F; f++) {
                        g[2][f * M + m] += x[f] * d;
                    }
                    g[3][m] += d;
                }
                for (int a = 0; a < A; a++) {
                    for (int f = 0; f < F; f++) {
                        g[4][f * A + a] += x[f] * da[a];
                    }
                    g[5][a] += da[a];
                }
            }
        }
        valueLoss /= n;
        policyLoss /= n;
        auxLoss /= n;
        if (backward) {
            for (int k = 0; k < g.length; k++) {
                float[] gf = new float[g[k].length];
                for (int j = 0; j < gf.length; j++) {
                    gf[j] = (float) g[k][j];
                }
                grads.get(k).assign(Nd4j.create(gf, grads.get(k).shape(), 'c'));
            }
        }
        double total = w.value() * valueLoss + w.policy() * policyLoss + w.aux() * auxLoss;
        return new Pass(new LossParts(total, valueLoss, policyLoss, auxLoss), valueCorrect, top1);
    }

    private float[] flat(int k) {
        return params.get(k).dup('c').data().asFloat();
    }
}
