package dev.graft.measure;

import dev.graft.model.DominoGame;
import dev.graft.model.Transformer;
import dev.graft.spi.MeasuredModel;
import dev.graft.spi.MeasuredModel.Pass;
import dev.graft.spi.ModelShape;
import dev.graft.spi.UnitChange;
import dev.graft.spi.UnitChange.Mode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the engine shows a measure of a tiny model: activations, parameters and changed passes. */
class ModelViewTest {
    static final DominoGame GAME = new DominoGame(3, 4);
    static final ModelShape SHAPE = new ModelShape(8, 4, 3, 3, 12);
    static final int N = 7;

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    static Transformer model(long seed) {
        Transformer t = new Transformer(GAME, SHAPE, 2, seed);
        Random rng = new Random(seed + 1);
        for (var e : t.namedParameters().entrySet()) {
            boolean lnWeight = e.getKey().contains("ln") && e.getKey().endsWith(".w");
            for (long i = 0; i < e.getValue().length(); i++) {
                double g = rng.nextGaussian();
                e.getValue().putScalar(i, lnWeight ? 1 + 0.3 * g : 0.5 * g);
            }
        }
        return t;
    }

    static byte[] tokens(long seed) {
        Random rng = new Random(seed);
        int t = GAME.tokens();
        byte[] ids = new byte[N * t];
        for (int p = 0; p < N; p++) {
            for (int i = 0; i < t - 1; i++) {
                ids[p * t + i] = (byte) rng.nextInt(2);
            }
            ids[p * t + t - 1] = (byte) GAME.clsToken();
        }
        return ids;
    }

    @Test
    void the_clean_pass_shows_the_models_own_residuals_and_outputs() {
        Transformer m = model(1);
        byte[] ids = tokens(2);
        MeasuredModel view = new ModelView(m, ids, N);
        var expected = m.predictWithResiduals(ids, N);
        for (int l = 0; l < SHAPE.layers(); l++) {
            for (int p = 0; p < N; p++) {
                assertArrayEquals(expected.clsResiduals()[l][p], view.clsResidual(l)[p], "layer " + l + " position " + p);
            }
        }
        assertArrayEquals(expected.outputs().value(), view.clean().valueLogits());
        // the heads' CLS outputs of a layer add up to its attention contribution at CLS (to float rounding)
        var trace = m.trace(ids, N, List.of());
        for (int p = 0; p < N; p++) {
            float[] before = trace.residualBefore(1)[p];
            float[] mid = trace.attentionResidual(1)[p];
            int cls = (GAME.tokens() - 1) * SHAPE.dModel();
            for (int d = 0; d < SHAPE.dModel(); d++) {
                double sum = 0;
                for (int h = 0; h < SHAPE.heads(); h++) {
                    sum += view.clsHeadOutput(1, h)[p][d];
                }
                assertEquals(mid[cls + d] - before[cls + d], sum, 1e-5);
            }
        }
    }

    @Test
    void zeroing_every_head_neuron_and_the_mlp_bias_of_a_layer_leaves_the_residual_through_it_unchanged() {
        Transformer m = model(3);
        MeasuredModel view = new ModelView(m, tokens(4), N);
        int layer = 1;
        List<UnitChange> all = new ArrayList<>();
        for (int h = 0; h < SHAPE.heads(); h++) {
            all.add(UnitChange.head(layer, h, Mode.ZERO));
        }
        for (int i = 0; i < SHAPE.dMlp(); i++) {
            all.add(UnitChange.neuron(layer, i, Mode.ZERO));
        }
        all.add(UnitChange.mlpBias(layer));
        Pass cut = view.run(all);
        for (int p = 0; p < N; p++) {
            assertArrayEquals(view.clsResidual(layer - 1)[p], cut.clsResiduals()[layer][p], "position " + p);
        }
        assertFalse(Arrays.equals(view.clsResidual(layer)[0], cut.clsResiduals()[layer][0]), "the layer did add something");
    }

    @Test
    void mean_ablation_replaces_a_head_by_its_average_over_the_positions() {
        Transformer m = model(5);
        MeasuredModel view = new ModelView(m, tokens(6), N);
        Pass mean = view.run(List.of(UnitChange.head(0, 2, Mode.MEAN)));
        // the same by hand: the head's full output averaged over positions, patched in for every position
        float[] full = view.headOutput(0, 2);
        int per = full.length / N;
        float[] avg = new float[full.length];
        for (int i = 0; i < per; i++) {
            double s = 0;
            for (int p = 0; p < N; p++) {
                s += full[p * per + i];
            }
            for (int p = 0; p < N; p++) {
                avg[p * per + i] = (float) (s / N);
            }
        }
        Pass patched = view.run(List.of(UnitChange.patchHead(0, 2, avg)));
        for (int p = 0; p < N; p++) {
            for (int d = 0; d < SHAPE.dModel(); d++) {
                assertEquals(patched.clsResiduals()[2][p][d], mean.clsResiduals()[2][p][d], 1e-5);
            }
        }
        assertTrue(Math.abs(mean.valueLogits()[0] - view.clean().valueLogits()[0]) > 0, "the head mattered");
    }

    @Test
    void patching_a_heads_own_output_back_changes_nothing() {
        Transformer m = model(7);
        MeasuredModel view = new ModelView(m, tokens(8), N);
        Pass same = view.run(List.of(UnitChange.patchHead(2, 1, view.headOutput(2, 1))));
        for (int p = 0; p < N; p++) {
            assertEquals(view.clean().valueLogits()[p], same.valueLogits()[p], 1e-5);
        }
    }

    @Test
    void parameters_and_units_are_copies_of_the_models_values() {
        Transformer m = model(9);
        MeasuredModel view = new ModelView(m, tokens(1), N);
        float[] wq = view.unit("blocks.1.attn.W_Q", 2);
        assertEquals(SHAPE.dModel() * SHAPE.dHead(), wq.length);
        assertArrayEquals(m.head(dev.graft.model.AttentionProjection.Q, 1, 2).dup('c').data().asFloat(), wq);
        assertArrayEquals(m.neuronOut(0, 5).dup('c').data().asFloat(), view.unit("blocks.0.mlp.W_out", 5));
        assertArrayEquals(m.neuronIn(2, 7).dup('c').data().asFloat(), view.unit("blocks.2.mlp.W_in", 7), "a strided column");
        assertArrayEquals(new float[] {m.parameter("blocks.2.mlp.b_in").getFloat(7)}, view.unit("blocks.2.mlp.b_in", 7));
        assertArrayEquals(m.head(dev.graft.model.AttentionProjection.O, 2, 1).dup('c').data().asFloat(),
                view.unit("blocks.2.attn.W_O", 1));
        wq[0] += 1;
        assertEquals(m.head(dev.graft.model.AttentionProjection.Q, 1, 2).getFloat(0, 0), view.unit("blocks.1.attn.W_Q", 2)[0]);
        assertThrows(IllegalArgumentException.class, () -> view.unit("blocks.1.attn.W_Q", SHAPE.heads()));
        assertThrows(IllegalArgumentException.class, () -> view.parameter("blocks.9.attn.W_Q"));
        assertThrows(IllegalArgumentException.class, () -> view.run(List.of(UnitChange.head(SHAPE.layers(), 0, Mode.ZERO))));
    }
}
