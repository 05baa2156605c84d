package dev.graft.probes;

import dev.graft.spi.Probe.ProbeResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ridge probe on data whose answer is known. */
class RidgeProbeTest {

    /** n rows of d standard-normal features. */
    static float[][] features(int n, int d, long seed) {
        Random rng = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        return x;
    }

    /** y = x·W + b for random W and b, plus N(0, noise²). */
    static float[][] linearTargets(float[][] x, int k, double noise, long seed) {
        Random rng = new Random(seed);
        int d = x[0].length;
        double[][] w = new double[d][k];
        double[] b = new double[k];
        for (int o = 0; o < k; o++) {
            b[o] = 3 * rng.nextGaussian();
            for (int j = 0; j < d; j++) {
                w[j][o] = rng.nextGaussian();
            }
        }
        float[][] y = new float[x.length][k];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < k; o++) {
                double s = b[o];
                for (int j = 0; j < d; j++) {
                    s += x[i][j] * w[j][o];
                }
                y[i][o] = (float) (s + noise * rng.nextGaussian());
            }
        }
        return y;
    }

    /** Every fifth row held out. */
    static boolean[] everyFifth(int n) {
        boolean[] m = new boolean[n];
        for (int i = 0; i < n; i += 5) {
            m[i] = true;
        }
        return m;
    }

    private static RidgeProbe ridge(double alpha) {
        return new RidgeProbe(alpha, true, false, 0.2, List.of(), 5);
    }

    @Test
    void noiseless_linear_targets_give_r2_of_one() {
        float[][] x = features(300, 6, 1);
        float[][] y = linearTargets(x, 3, 0, 2);
        ProbeResult r = ridge(1e-6).fit(x, y, everyFifth(300));
        assertEquals(1.0, r.score(), 1e-9);
        for (double v : r.perOutput()) {
            assertEquals(1.0, v, 1e-9);
        }
        assertEquals(1e-6, r.regularisation());
    }

    @Test
    void pure_noise_targets_score_at_most_zero_on_held_out_rows() {
        float[][] x = features(500, 10, 3);
        float[][] y = features(500, 4, 4);
        ProbeResult r = ridge(1.0).fit(x, y, everyFifth(500));
        assertTrue(r.score() <= 0, "R² on noise: " + r.score());
        assertTrue(r.score() > -0.2, "but close to 0: " + r.score());
    }

    @Test
    void the_score_is_the_uniform_mean_of_per_output_r2_each_against_the_held_out_mean() {
        float[][] x = features(200, 4, 5);
        float[][] y = linearTargets(x, 2, 0, 6);
        // output 1: pure noise, so the two outputs score very differently
        float[][] noise = features(200, 1, 7);
        for (int i = 0; i < 200; i++) {
            y[i][1] = noise[i][0];
        }
        ProbeResult r = ridge(1e-3).fit(x, y, everyFifth(200));
        double[] per = r.perOutput();
        assertEquals(1.0, per[0], 1e-6);
        assertTrue(per[1] < 0.2, "noise output: " + per[1]);
        assertEquals((per[0] + per[1]) / 2, r.score(), 1e-15);
    }

    @Test
    void a_constant_held_out_output_scores_like_scikit_learn() {
        float[][] x = features(100, 3, 8);
        float[][] y = new float[100][1];
        for (float[] row : y) {
            row[0] = 2.5f;
        }
        // predicted exactly (every training target is 2.5 too): 1; otherwise 0
        assertEquals(1.0, ridge(1.0).fit(x, y, everyFifth(100)).score(), 1e-12);
        float[][] off = new float[100][1];
        for (int i = 0; i < 100; i++) {
            off[i][0] = i % 5 == 0 ? 2.5f : (float) x[i][0];
        }
        assertEquals(0.0, ridge(1.0).fit(x, off, everyFifth(100)).score(), 0.0);
    }

    @Test
    void without_an_intercept_an_offset_target_is_read_worse() {
        float[][] x = features(300, 5, 9);
        float[][] y = linearTargets(x, 1, 0, 10);
        for (float[] row : y) {
            row[0] += 20;
        }
        double with = new RidgeProbe(1.0, true, false, 0.2, List.of(), 5).fit(x, y, everyFifth(300)).score();
        double without = new RidgeProbe(1.0, false, false, 0.2, List.of(), 5).fit(x, y, everyFifth(300)).score();
        assertTrue(with > 0.999, "with intercept: " + with);
        assertTrue(without < 0.5, "without intercept: " + without);
    }

    @Test
    void cross_validation_picks_alpha_from_the_training_rows_alone() {
        // few rows, many features, noisy targets: heavy regularisation generalises best
        float[][] x = features(150, 40, 11);
        float[][] y = linearTargets(x, 2, 8, 12);
        boolean[] held = everyFifth(150);
        RidgeProbe cv = new RidgeProbe(1.0, true, false, 0.2, List.of(1e-4, 1.0, 100.0, 1e4), 5);
        ProbeResult r = cv.fit(x, y, held);
        double chosen = r.regularisation();
        assertTrue(chosen == 100.0 || chosen == 1e4 || chosen == 1.0, "chosen " + chosen);
        assertEquals(List.of(1e-4, 1.0, 100.0, 1e4), r.info().get("alphas"));
        @SuppressWarnings("unchecked")
        List<Double> scores = (List<Double>) r.info().get("cv_r2");
        assertEquals(4, scores.size());
        assertTrue(scores.get(0) < scores.get(List.of(1e-4, 1.0, 100.0, 1e4).indexOf(chosen)));
        // the held-out rows play no part in the choice: scrambling their targets changes the score, not α
        float[][] scrambled = new float[150][];
        for (int i = 0; i < 150; i++) {
            scrambled[i] = held[i] ? new float[] {1000f * i, -7f} : y[i];
        }
        ProbeResult s = cv.fit(x, scrambled, held);
        assertEquals(chosen, s.regularisation());
        assertEquals(scores, s.info().get("cv_r2"));
        assertTrue(s.score() < r.score());
        // and the refit with the chosen α is the plain fit with that α
        assertEquals(new RidgeProbe(chosen, true, false, 0.2, List.of(), 5).fit(x, y, held).score(), r.score(), 1e-12);
    }

    @Test
    void inconsistent_input_is_refused() {
        RidgeProbe probe = ridge(1.0);
        float[][] x = features(10, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> probe.fit(x, new float[9][1], everyFifth(10)));
        assertThrows(IllegalArgumentException.class, () -> probe.fit(x, new float[10][1], new boolean[10]));
        // option values (alpha > 0, heldout in (0, 1), alphas > 0) are declared once, as the factory's options,
        // and refused there: ProbeSpecTest.alpha_of_zero_and_a_held_out_fraction_of_one_are_refused_at_their_place
    }

    @Test
    void too_few_rows_for_the_features_is_an_incompatibility_that_says_how_many_would_do() {
        RidgeProbe probe = ridge(1.0);
        assertTrue(probe.incompatibility(128, 800, 200).isEmpty());
        String why = probe.incompatibility(128, 100, 25).orElseThrow();
        assertTrue(why.contains("129") && why.contains("100"), why);
        assertTrue(probe.incompatibility(8, 100, 1).orElseThrow().contains("held-out"));
        RidgeProbe cv = new RidgeProbe(1, true, false, 0.2, List.of(1.0, 2.0), 10);
        assertTrue(cv.incompatibility(2, 15, 5).orElseThrow().contains("10-fold"));
    }
}
