package dev.graft.model;

import dev.graft.spi.ModelShape;
import dev.graft.data.Batch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransformerTest {
    private static final DominoGame GAME = new DominoGame(3, 4);
    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 2, 12);
    private static final int AUX = 3;

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @Test
    void forward_matches_a_naive_reference_implementation() {
        Transformer m = TransformerGradientTest.randomised(21);
        Transformer t = new Transformer(GAME, SHAPE, AUX, 5, DataType.DOUBLE);
        copyInto(m, t, 0.5);
        Batch batch = RandomBatches.of(GAME, 3, AUX, 4);
        ModelOutputs out = t.predict(batch.tokenIds(), 3);
        for (int b = 0; b < 3; b++) {
            byte[] tokens = Arrays.copyOfRange(batch.tokenIds(), b * GAME.tokens(), (b + 1) * GAME.tokens());
            double[][] ref = ReferenceForward.run(t, tokens);
            assertEquals(ref[0][0], out.value()[b], 1e-5, "value");
            for (int mv = 0; mv < GAME.moves(); mv++) {
                assertEquals(ref[1][mv], out.policy()[b][mv], 1e-5, "policy logit of move " + mv);
            }
            for (int j = 0; j < AUX; j++) {
                assertEquals(ref[2][j], out.aux()[b][j], 1e-5, "aux " + j);
            }
        }
    }

    @Test
    void forward_with_mean_pooling_and_a_pass_matches_the_naive_reference() {
        PlaceOrPassGame game = new PlaceOrPassGame(2, 3);
        Transformer t = new Transformer(game, SHAPE, AUX, 5, DataType.DOUBLE);
        copyInto(null, t, 0.5);
        Batch batch = RandomBatches.of(game, 3, AUX, 4);
        ModelOutputs out = t.predict(batch.tokenIds(), 3);
        for (int b = 0; b < 3; b++) {
            byte[] tokens = Arrays.copyOfRange(batch.tokenIds(), b * game.tokens(), (b + 1) * game.tokens());
            double[][] ref = ReferenceForward.run(t, tokens);
            assertEquals(ref[0][0], out.value()[b], 1e-5, "value");
            for (int mv = 0; mv < game.moves(); mv++) {
                assertEquals(ref[1][mv], out.policy()[b][mv], 1e-5, "policy logit of move " + game.describeMove(mv));
            }
        }
        // the float model gives the same logits
        Transformer f = new Transformer(game, SHAPE, AUX, 5, DataType.FLOAT);
        for (var e : t.namedParameters().entrySet()) {
            f.parameter(e.getKey()).assign(e.getValue().castTo(DataType.FLOAT));
        }
        ModelOutputs fo = f.predict(batch.tokenIds(), 3);
        for (int mv = 0; mv < game.moves(); mv++) {
            assertEquals(out.policy()[1][mv], fo.policy()[1][mv], 1e-4);
        }
    }

    /** Overwrites t's parameters with m-like random values of a different game size's non-shared shapes. */
    private static void copyInto(Transformer ignored, Transformer t, double std) {
        java.util.Random rng = new java.util.Random(99);
        for (var e : t.namedParameters().entrySet()) {
            INDArray p = e.getValue();
            boolean lnWeight = e.getKey().contains("ln") && e.getKey().endsWith(".w");
            for (long i = 0; i < p.length(); i++) {
                p.putScalar(i, (lnWeight ? 1 : 0) + std * rng.nextGaussian());
            }
        }
    }

    @Test
    void half_batches_run_at_once_give_the_same_loss_and_gradients_as_one_after_the_other() {
        Transformer parallel = new Transformer(GAME, SHAPE, AUX, 31, DataType.FLOAT);
        Transformer serial = new Transformer(GAME, SHAPE, AUX, 31, DataType.FLOAT);
        parallel.setTrainThreads(2);
        serial.setTrainThreads(1);
        LossWeights w = new LossWeights(1, 0.2, 0.8);
        for (int size : new int[] {5, 2, 1}) {
            Batch batch = RandomBatches.of(GAME, size, AUX, 40 + size);
            assertEquals(serial.trainStep(batch, w).total(), parallel.trainStep(batch, w).total(), 0.0,
                    "loss, batch " + size);
            for (String name : serial.parameterNames()) {
                assertArrayEquals(serial.gradient(name).data().asFloat(), parallel.gradient(name).data().asFloat(),
                        0f, name + ", batch " + size);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> serial.setTrainThreads(3));
    }

    @Test
    void attention_in_chunks_of_positions_gives_the_same_outputs_and_gradients_as_the_whole_batch() {
        Transformer whole = new Transformer(GAME, SHAPE, AUX, 17, DataType.DOUBLE);
        Transformer chunked = new Transformer(GAME, SHAPE, AUX, 17, DataType.DOUBLE);
        whole.setAttentionChunk(1000);
        chunked.setAttentionChunk(2);
        Batch batch = RandomBatches.of(GAME, 7, AUX, 8);
        LossWeights w = new LossWeights(1, 0.2, 0.8);
        assertEquals(whole.trainStep(batch, w).total(), chunked.trainStep(batch, w).total(), 1e-12);
        for (String name : whole.parameterNames()) {
            assertArrayEquals(whole.gradient(name).data().asDouble(), chunked.gradient(name).data().asDouble(),
                    1e-12, name);
        }
        ModelOutputs a = whole.predict(batch.tokenIds(), 7);
        ModelOutputs b = chunked.predict(batch.tokenIds(), 7);
        for (int i = 0; i < 7; i++) {
            assertArrayEquals(a.policy()[i], b.policy()[i], 1e-6f);
            assertEquals(a.value()[i], b.value()[i], 1e-6);
        }
    }

    @Test
    void float32_forward_agrees_with_float64_forward_of_the_same_weights() {
        Transformer f64 = new Transformer(GAME, SHAPE, AUX, 77, DataType.DOUBLE);
        Transformer f32 = new Transformer(GAME, SHAPE, AUX, 77, DataType.FLOAT);
        Batch batch = RandomBatches.of(GAME, 4, AUX, 5);
        ModelOutputs a = f64.predict(batch.tokenIds(), 4);
        ModelOutputs b = f32.predict(batch.tokenIds(), 4);
        for (int i = 0; i < 4; i++) {
            assertEquals(a.value()[i], b.value()[i], 1e-5);
            assertArrayEquals(a.policy()[i], b.policy()[i], 1e-5f);
            assertArrayEquals(a.aux()[i], b.aux()[i], 1e-5f);
        }
        LossWeights w = new LossWeights(1, 0.2, 0.8);
        assertEquals(f64.trainStep(batch, w).total(), f32.trainStep(batch, w).total(), 1e-5);
        assertEquals(f64.gradient("blocks.0.attn.W_Q").getDouble(0, 1, 2),
                f32.gradient("blocks.0.attn.W_Q").getDouble(0, 1, 2), 1e-6);
    }

    @Test
    void illegal_moves_get_zero_probability_and_zero_gradient() {
        Batch batch = RandomBatches.of(GAME, 2, 0, 6);
        int moves = GAME.moves();
        double[] logits = new double[2 * moves];
        java.util.Random rng = new java.util.Random(1);
        for (int i = 0; i < logits.length; i++) {
            logits[i] = rng.nextGaussian();
        }
        LossWeights w = new LossWeights(1, 1, 0);
        HeadLosses base = HeadLosses.compute(batch, w, new double[2], logits, new double[0], 0, false);
        double[] pushed = logits.clone();
        int illegal = 0;
        for (int i = 0; i < pushed.length; i++) {
            if (!batch.legal()[i]) {
                pushed[i] = 1e3;
                illegal++;
            }
        }
        assertTrue(illegal > 0, "test batch has illegal moves");
        HeadLosses moved = HeadLosses.compute(batch, w, new double[2], pushed, new double[0], 0, false);
        assertEquals(base.policy, moved.policy, 1e-12, "illegal logits do not change the loss");
        for (int i = 0; i < pushed.length; i++) {
            if (!batch.legal()[i]) {
                assertEquals(0.0, moved.dPolicy[i]);
            }
        }
        // the legal probabilities sum to one: Σ gradient over legal moves of one position = 0
        double s = 0;
        for (int m = 0; m < moves; m++) {
            s += moved.dPolicy[m];
        }
        assertEquals(0.0, s, 1e-12);
    }

    @Test
    void a_policy_target_that_is_not_legal_is_rejected() {
        Batch ok = RandomBatches.of(GAME, 1, 0, 7);
        int illegal = 0;
        while (ok.legal()[illegal]) {
            illegal++;
        }
        Batch bad = new Batch(1, ok.tokens(), ok.moves(), 0, ok.tokenIds(), ok.value(), new int[]{illegal},
                ok.legal(), new float[0]);
        Transformer t = new Transformer(GAME, SHAPE, 0, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> t.trainStep(bad, new LossWeights(1, 1, 0)));
        assertTrue(e.getMessage().contains("not among its legal moves"), e.getMessage());
    }

    @Test
    void head_weights_round_trip_and_a_zeroed_output_removes_the_head() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 3, DataType.DOUBLE);
        float[][] q = new float[8][4];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 4; j++) {
                q[i][j] = i * 0.1f - j * 0.05f;
            }
        }
        t.writeHead(AttentionProjection.Q, 1, 1, q);
        float[][] back = t.readHead(AttentionProjection.Q, 1, 1);
        for (int i = 0; i < 8; i++) {
            assertArrayEquals(q[i], back[i], 1e-7f);
        }
        assertEquals(q[3][2], t.parameter("blocks.1.attn.W_Q").getFloat(1, 3, 2), 1e-7f);

        Batch batch = RandomBatches.of(GAME, 2, AUX, 8);
        float before = t.predict(batch.tokenIds(), 2).value()[0];
        for (AttentionProjection p : List.of(AttentionProjection.Q, AttentionProjection.K, AttentionProjection.V)) {
            t.head(p, 0, 1).muli(5);
        }
        float changed = t.predict(batch.tokenIds(), 2).value()[0];
        assertNotEquals(before, changed, "head 1 of layer 0 contributes before its W_O is zeroed");

        t.head(AttentionProjection.O, 0, 1).assign(0);
        float zeroed = t.predict(batch.tokenIds(), 2).value()[0];
        for (AttentionProjection p : List.of(AttentionProjection.Q, AttentionProjection.K, AttentionProjection.V)) {
            t.head(p, 0, 1).muli(-3);
        }
        assertEquals(zeroed, t.predict(batch.tokenIds(), 2).value()[0], 1e-12f,
                "with W_O zeroed, the head's Q/K/V no longer matter");
    }

    @Test
    void mlp_neuron_views_are_columns_of_w_in_and_rows_of_w_out() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 3, DataType.DOUBLE);
        t.neuronIn(1, 5).assign(Nd4j.createFromArray(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0));
        t.neuronOut(1, 7).assign(-2.0);
        assertEquals(4.0, t.parameter("blocks.1.mlp.W_in").getDouble(3, 5));
        assertEquals(-2.0, t.parameter("blocks.1.mlp.W_out").getDouble(7, 6));
        assertEquals(8, t.neuronIn(0, 0).length());
        assertThrows(IllegalArgumentException.class, () -> t.neuronIn(0, 12));
    }

    @Test
    void evaluation_in_chunks_equals_the_training_loss() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 4, DataType.DOUBLE);
        Batch batch = RandomBatches.of(GAME, 5, AUX, 9);
        LossWeights w = new LossWeights(1, 0.2, 0.8);
        LossParts train = t.trainStep(batch, w);
        t.setEvaluationChunk(2);
        Evaluation ev = t.evaluate(batch, w);
        assertEquals(train.total(), ev.loss().total(), 1e-12);
        assertEquals(train.aux(), ev.loss().aux(), 1e-12);
        assertEquals(5, ev.count());
        assertTrue(ev.valueAccuracy() >= 0 && ev.valueAccuracy() <= 1);
        LossParts noAux = t.trainStep(batch, new LossWeights(1, 0.2, 0));
        assertEquals(noAux.value() + 0.2 * noAux.policy(), noAux.total(), 1e-12);
    }

    @Test
    void cls_residuals_through_the_final_layer_norm_give_the_value_logit() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 6, DataType.DOUBLE);
        Batch batch = RandomBatches.of(GAME, 3, AUX, 10);
        float[][][] cls = t.clsResiduals(batch.tokenIds(), 3);
        assertEquals(2, cls.length);
        assertEquals(3, cls[1].length);
        assertEquals(8, cls[1][0].length);
        ModelOutputs out = t.predict(batch.tokenIds(), 3);
        INDArray w = t.parameter("value.W");
        for (int b = 0; b < 3; b++) {
            double[] x = new double[8];
            double mean = 0;
            for (int c = 0; c < 8; c++) {
                x[c] = cls[1][b][c];
                mean += x[c] / 8;
            }
            double var = 0;
            for (double v : x) {
                var += (v - mean) * (v - mean) / 8;
            }
            double logit = t.parameter("value.b").getDouble(0);
            for (int c = 0; c < 8; c++) {
                double h = (x[c] - mean) / Math.sqrt(var + 1e-5) * t.parameter("ln_final.w").getDouble(c)
                        + t.parameter("ln_final.b").getDouble(c);
                logit += h * w.getDouble(c, 0);
            }
            assertEquals(logit, out.value()[b], 1e-5);
        }
    }

    @Test
    void parameters_have_transformer_lens_names_and_logical_shapes() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 1);
        assertEquals(List.of(2L, 8L, 4L), Arrays.stream(t.parameter("blocks.1.attn.W_K").shape()).boxed().toList());
        assertEquals(List.of(2L, 4L, 8L), Arrays.stream(t.parameter("blocks.0.attn.W_O").shape()).boxed().toList());
        assertEquals(List.of(16L, 8L), Arrays.stream(t.parameter("policy.W1").shape()).boxed().toList());
        assertEquals(List.of(3L, 8L), Arrays.stream(t.parameter("embed.W_state").shape()).boxed().toList());
        assertEquals(List.of(13L, 8L), Arrays.stream(t.parameter("pos_embed.W_pos").shape()).boxed().toList());
        assertEquals(t.parameterNames().size(), t.parameters().size());
        assertEquals(t.parameters().size(), t.gradients().size());
        assertEquals("embed.W_state", t.parameterNames().get(0));
        // the same seed gives the same initial weights, another seed different ones
        Transformer same = new Transformer(GAME, SHAPE, AUX, 1);
        Transformer other = new Transformer(GAME, SHAPE, AUX, 2);
        assertEquals(t.parameter("blocks.1.mlp.W_in"), same.parameter("blocks.1.mlp.W_in"));
        assertNotEquals(t.parameter("blocks.1.mlp.W_in"), other.parameter("blocks.1.mlp.W_in"));
        // the study's initialisation by default: W_in ~ U(±1/√d_model), std 1/√(3·d_model) (InitialisationTest has more)
        assertEquals(1 / Math.sqrt(3 * 8.0), t.parameter("blocks.0.mlp.W_in").stdNumber().doubleValue(), 0.05);
    }

    @Test
    void one_forward_pass_gives_outputs_and_residuals_whatever_the_chunk_size() {
        Transformer t = TransformerGradientTest.randomised(31);
        Batch batch = RandomBatches.of(GAME, 7, AUX, 12);
        ForwardResult whole = t.predictWithResiduals(batch.tokenIds(), 7);
        t.setEvaluationChunk(3);
        ForwardResult chunked = t.predictWithResiduals(batch.tokenIds(), 7);
        assertArrayEquals(whole.outputs().value(), chunked.outputs().value());
        assertTrue(Arrays.deepEquals(whole.outputs().policy(), chunked.outputs().policy()));
        assertTrue(Arrays.deepEquals(whole.outputs().aux(), chunked.outputs().aux()));
        assertTrue(Arrays.deepEquals(whole.clsResiduals(), chunked.clsResiduals()));
        assertEquals(SHAPE.layers(), whole.clsResiduals().length);
        assertEquals(7, whole.clsResiduals()[0].length);
        assertArrayEquals(whole.outputs().value(), t.predict(batch.tokenIds(), 7).value());
        assertTrue(Arrays.deepEquals(whole.clsResiduals(), t.clsResiduals(batch.tokenIds(), 7)));
        // the layers differ: each is read after its own block
        assertTrue(!Arrays.equals(whole.clsResiduals()[0][0], whole.clsResiduals()[1][0]));
    }
}
