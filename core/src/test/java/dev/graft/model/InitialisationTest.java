package dev.graft.model;

import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitialisationTest {
    /** A moderately sized model, so that every weight matrix holds thousands of draws. */
    private static final DominoGame GAME = new DominoGame(8, 8);
    private static final int D_MODEL = 64;
    private static final int D_HEAD = 16;
    private static final int D_MLP = 256;
    private static final ModelShape SHAPE = new ModelShape(D_MODEL, D_HEAD, 4, 2, D_MLP);
    private static final int AUX = 16;

    private static double[] values(Transformer t, String name) {
        return t.parameter(name).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / v.length);
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    /** Mean ≈ 0 and std within 6 % of {@code std} (thousands of draws: a few standard errors). */
    private static void assertNormal(Transformer t, String name, double std) {
        double[] v = values(t, name);
        assertTrue(v.length >= 1000, name + " is too small to test: " + v.length);
        assertEquals(0, mean(v), 4 * std / Math.sqrt(v.length), name + " mean");
        assertEquals(std, std(v), 0.06 * std, name + " std");
        // a normal reaches past 2.5 std in a thousand draws; a uniform of that std never does
        assertTrue(maxAbs(v) > 2.5 * std, name + " has no tail: max |x| " + maxAbs(v));
    }

    /** Every value within ±bound, reaching close to it, mean ≈ 0 and std ≈ bound/√3. */
    private static void assertUniform(Transformer t, String name, int fanIn) {
        double bound = 1 / Math.sqrt(fanIn);
        double[] v = values(t, name);
        double eps = 1e-6;
        for (double x : v) {
            assertTrue(Math.abs(x) <= bound * (1 + eps), name + " value " + x + " outside ±" + bound);
        }
        if (v.length >= 50) {
            assertTrue(maxAbs(v) > 0.9 * bound, name + " does not use its range: max |x| " + maxAbs(v));
            assertEquals(bound / Math.sqrt(3), std(v), 0.2 * bound / Math.sqrt(3), name + " std");
            assertEquals(0, mean(v), 5 * bound / Math.sqrt(3 * v.length), name + " mean");
        } else {
            assertTrue(maxAbs(v) > 0, name + " is all zero");
        }
    }

    private static void assertConstant(Transformer t, String name, double value) {
        for (double x : values(t, name)) {
            assertEquals(value, x, 0.0, name);
        }
    }

    @Test
    void study_initialisation_is_the_default() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 3);
        assertSame(Initialisation.STUDY, t.initialisation());
        assertSame(Initialisation.STUDY, Initialisation.DEFAULT);
        Transformer explicit = new Transformer(GAME, SHAPE, AUX, 3, Initialisation.STUDY);
        for (String name : t.parameterNames()) {
            assertEquals(t.parameter(name), explicit.parameter(name), name);
        }
    }

    @Test
    void study_embeddings_are_standard_normal() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 11);
        assertNormal(t, "pos_embed.W_pos", 1.0);
        // only 3 × 64 state-embedding draws: a looser check of the same distribution
        double[] state = values(t, "embed.W_state");
        assertEquals(1.0, std(state), 0.2);
    }

    @Test
    void study_attention_weights_have_variance_one_over_d_model_and_one_over_d_head() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 12);
        for (int l = 0; l < SHAPE.layers(); l++) {
            for (String p : List.of("W_Q", "W_K", "W_V")) {
                assertNormal(t, "blocks." + l + ".attn." + p, 1 / Math.sqrt(D_MODEL));
            }
            assertNormal(t, "blocks." + l + ".attn.W_O", 1 / Math.sqrt(D_HEAD));
        }
    }

    @Test
    void study_linear_weights_and_biases_are_uniform_within_one_over_root_fan_in() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 13);
        int k = GAME.maxSquaresPerMove();
        for (int l = 0; l < SHAPE.layers(); l++) {
            assertUniform(t, "blocks." + l + ".mlp.W_in", D_MODEL);
            assertUniform(t, "blocks." + l + ".mlp.b_in", D_MODEL);
            assertUniform(t, "blocks." + l + ".mlp.W_out", D_MLP);
            assertUniform(t, "blocks." + l + ".mlp.b_out", D_MLP);
        }
        assertUniform(t, "value.W", D_MODEL);
        assertUniform(t, "value.b", D_MODEL);
        assertUniform(t, "aux.W", D_MODEL);
        assertUniform(t, "aux.b", D_MODEL);
        assertUniform(t, "policy.W1", k * D_MODEL);
        assertUniform(t, "policy.b1", k * D_MODEL);
        assertUniform(t, "policy.W2", D_MODEL);
        assertUniform(t, "policy.b2", D_MODEL);
        // the W_out bound (1/16) is half the W_in bound (1/8): the fan-in is each layer's own
        assertTrue(maxAbs(values(t, "blocks.0.mlp.W_in")) > 1.5 * maxAbs(values(t, "blocks.0.mlp.W_out")));
    }

    @Test
    void layer_norms_start_at_weight_one_and_bias_zero_under_both_schemes() {
        for (Initialisation init : Initialisation.values()) {
            Transformer t = new Transformer(GAME, SHAPE, AUX, 14, init);
            for (int l = 0; l < SHAPE.layers(); l++) {
                assertConstant(t, "blocks." + l + ".ln1.w", 1);
                assertConstant(t, "blocks." + l + ".ln1.b", 0);
                assertConstant(t, "blocks." + l + ".ln2.w", 1);
                assertConstant(t, "blocks." + l + ".ln2.b", 0);
            }
            assertConstant(t, "ln_final.w", 1);
            assertConstant(t, "ln_final.b", 0);
        }
    }

    @Test
    void small_normal_draws_every_weight_from_n_0_002_and_zeroes_every_bias() {
        Transformer t = new Transformer(GAME, SHAPE, AUX, 15, Initialisation.SMALL_NORMAL);
        assertSame(Initialisation.SMALL_NORMAL, t.initialisation());
        assertNormal(t, "pos_embed.W_pos", 0.02);
        assertNormal(t, "blocks.0.attn.W_Q", 0.02);
        assertNormal(t, "blocks.1.attn.W_O", 0.02);
        assertNormal(t, "blocks.0.mlp.W_in", 0.02);
        assertNormal(t, "blocks.1.mlp.W_out", 0.02);
        assertNormal(t, "policy.W1", 0.02);
        for (String bias : List.of("blocks.0.mlp.b_in", "blocks.0.mlp.b_out", "blocks.1.mlp.b_in", "value.b", "aux.b",
                "policy.b1", "policy.b2")) {
            assertConstant(t, bias, 0);
        }
    }

    @Test
    void only_small_normal_leaves_biases_at_zero() {
        Transformer study = new Transformer(GAME, SHAPE, AUX, 16, Initialisation.STUDY);
        for (String bias : List.of("blocks.0.mlp.b_in", "blocks.1.mlp.b_out", "value.b", "aux.b", "policy.b1",
                "policy.b2")) {
            assertTrue(maxAbs(values(study, bias)) > 0, bias + " is zero under the study's initialisation");
        }
    }

    @Test
    void the_seed_alone_decides_the_initial_parameters() {
        for (Initialisation init : Initialisation.values()) {
            Transformer a = new Transformer(GAME, SHAPE, AUX, 21, init);
            Transformer b = new Transformer(GAME, SHAPE, AUX, 21, init);
            Transformer c = new Transformer(GAME, SHAPE, AUX, 22, init);
            for (String name : a.parameterNames()) {
                assertEquals(a.parameter(name), b.parameter(name), name);
            }
            INDArray w = a.parameter("blocks.0.mlp.W_in");
            assertNotEquals(w, c.parameter("blocks.0.mlp.W_in"));
        }
        assertNotEquals(new Transformer(GAME, SHAPE, AUX, 21, Initialisation.STUDY).parameter("policy.W1"),
                new Transformer(GAME, SHAPE, AUX, 21, Initialisation.SMALL_NORMAL).parameter("policy.W1"));
    }

    @Test
    void no_two_parameters_of_a_model_share_their_draws() {
        // A per-parameter mean and spread cannot see one generator restarted for W_Q, W_K and W_V, for each
        // head, layer or output head; a correlation between two parameters' aligned values can (1 when shared).
        Transformer t = new Transformer(GAME, SHAPE, AUX, 31, Initialisation.STUDY);
        List<String> drawn = t.parameterNames().stream().filter(n -> values(t, n).length >= 1000)
                .filter(n -> std(values(t, n)) > 0).toList();
        assertTrue(drawn.size() >= 15, drawn.toString());
        for (int i = 0; i < drawn.size(); i++) {
            for (int j = i + 1; j < drawn.size(); j++) {
                double[] a = values(t, drawn.get(i));
                double[] b = values(t, drawn.get(j));
                int n = Math.min(a.length, b.length);
                // independent draws: r ~ N(0, 1/n), |r| < 0.032 for n ≥ 1000 in 99.9 % of pairs; 0.15 is 4.7 sd
                double r = correlation(a, b, n);
                assertTrue(Math.abs(r) < 0.15, drawn.get(i) + " and " + drawn.get(j) + " correlate: r = " + r);
            }
        }
    }

    private static double correlation(double[] a, double[] b, int n) {
        double ma = 0;
        double mb = 0;
        for (int k = 0; k < n; k++) {
            ma += a[k] / n;
            mb += b[k] / n;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int k = 0; k < n; k++) {
            sab += (a[k] - ma) * (b[k] - mb);
            saa += (a[k] - ma) * (a[k] - ma);
            sbb += (b[k] - mb) * (b[k] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void schemes_are_found_by_their_spec_names() {
        assertEquals(List.of("study", "small-normal"), Initialisation.specNames());
        assertSame(Initialisation.SMALL_NORMAL, Initialisation.named("small-normal"));
        assertSame(Initialisation.STUDY, Initialisation.named("study"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Initialisation.named("xavier"));
        assertTrue(e.getMessage().contains("xavier") && e.getMessage().contains("small-normal"), e.getMessage());
    }
}
