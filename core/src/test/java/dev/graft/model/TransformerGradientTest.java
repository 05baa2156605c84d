package dev.graft.model;

import dev.graft.spi.ModelShape;
import dev.graft.data.Batch;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Backward pass against float64 central differences of the loss, for every parameter. */
class TransformerGradientTest {
    private static final DominoGame GAME = new DominoGame(3, 3);
    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 2, 12);
    private static final int AUX = 3;

    /** Larger-than-init random weights so every gradient is well away from zero. */
    static Transformer randomised(long seed) {
        return randomised(GAME, seed);
    }

    static Transformer randomised(dev.graft.spi.Game game, long seed) {
        Transformer t = new Transformer(game, SHAPE, AUX, seed, DataType.DOUBLE);
        Random rng = new Random(seed + 1);
        for (var e : t.namedParameters().entrySet()) {
            INDArray p = e.getValue();
            boolean lnWeight = e.getKey().endsWith(".w") && e.getKey().contains("ln");
            for (long i = 0; i < p.length(); i++) {
                double g = rng.nextGaussian();
                p.putScalar(i, lnWeight ? 1 + 0.3 * g : 0.5 * g);
            }
        }
        return t;
    }

    @Test
    void gradients_match_central_differences_with_aux_term() {
        checkAll(randomised(7), RandomBatches.of(GAME, 3, AUX, 11), new LossWeights(1.0, 0.2, 0.8));
    }

    @Test
    void gradients_match_central_differences_without_aux_term() {
        Transformer t = randomised(8);
        checkAll(t, RandomBatches.of(GAME, 3, AUX, 12), new LossWeights(1.0, 0.2, 0.0));
        assertEquals(0.0, t.gradient("aux.W").amaxNumber().doubleValue(), "aux head gets no gradient");
        assertEquals(0.0, t.gradient("aux.b").amaxNumber().doubleValue(), "aux bias gets no gradient");
    }

    @Test
    void gradients_match_central_differences_for_a_batch_without_aux_targets() {
        Transformer t = randomised(9);
        Batch withAux = RandomBatches.of(GAME, 2, AUX, 13);
        Batch noAux = new Batch(2, withAux.tokens(), withAux.moves(), 0, withAux.tokenIds(), withAux.value(),
                withAux.policy(), withAux.legal(), new float[0]);
        checkAll(t, noAux, new LossWeights(1.0, 0.2, 0.8));
        assertEquals(0.0, t.gradient("aux.W").amaxNumber().doubleValue());
    }

    @Test
    void gradients_match_central_differences_with_mean_pooling_of_moves_of_zero_one_and_two_squares() {
        PlaceOrPassGame game = new PlaceOrPassGame(3, 3);
        Transformer t = randomised(game, 10);
        assertTrue(t.parameterNames().contains("policy.empty"));
        assertEquals(List.of(8L, 8L), List.of(t.parameter("policy.W1").shape()[0], t.parameter("policy.W1").shape()[1]));
        checkAll(t, RandomBatches.of(game, 3, AUX, 14), new LossWeights(1.0, 0.2, 0.8));
    }

    private static void checkAll(Transformer t, Batch batch, LossWeights w) {
        // tiny arrays: one thread avoids OpenMP start-up costs that dominate on a loaded machine
        Nd4j.getEnvironment().setMaxThreads(1);
        t.setEvaluationChunk(batch.size());
        t.trainStep(batch, w);
        List<String> names = t.parameterNames();
        List<INDArray> params = t.parameters();
        List<INDArray> grads = t.gradients();
        double[][] analytic = new double[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            analytic[i] = grads.get(i).dup().data().asDouble();
        }
        Random rng = new Random(3);
        double h = 1e-5;
        double worst = 0;
        String worstAt = "";
        for (int i = 0; i < names.size(); i++) {
            INDArray p = params.get(i);
            int checks = (int) Math.min(p.length(), 5);
            double gradNorm = 0;
            for (double g : analytic[i]) {
                gradNorm = Math.max(gradNorm, Math.abs(g));
            }
            boolean auxSkipped = names.get(i).startsWith("aux.") && (w.aux() == 0 || batch.auxOutputs() == 0);
            // a shift of every policy logit leaves the softmax unchanged, so policy.b2's gradient is exactly 0
            if (!auxSkipped && !names.get(i).equals("policy.b2")) {
                assertTrue(gradNorm > 1e-8, names.get(i) + " has an all-zero gradient");
            }
            for (int c = 0; c < checks; c++) {
                long idx = p.length() <= 5 ? c : rng.nextInt((int) p.length());
                double orig = p.getDouble(idx);
                p.putScalar(idx, orig + h);
                double up = t.evaluate(batch, w).loss().total();
                p.putScalar(idx, orig - h);
                double down = t.evaluate(batch, w).loss().total();
                p.putScalar(idx, orig);
                double numeric = (up - down) / (2 * h);
                double a = analytic[i][(int) idx];
                double err = Math.abs(a - numeric) / Math.max(Math.abs(a) + Math.abs(numeric), 1e-4);
                if (auxSkipped) {
                    assertEquals(0.0, a, "no aux gradient expected for " + names.get(i));
                }
                if (err > worst) {
                    worst = err;
                    worstAt = names.get(i) + "[" + idx + "] analytic " + a + " numeric " + numeric;
                }
            }
        }
        assertTrue(worst < 1e-5, "worst relative error " + worst + " at " + worstAt);
    }
}
