package dev.graft.fit;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsymptoteBootstrapTest {

    @Test
    void percentiles_interpolate_between_order_statistics_like_numpy() {
        double[] sorted = {1, 2, 3, 4, 10};
        // numpy.percentile([1,2,3,4,10], [2.5, 50, 97.5]) = [1.1, 3.0, 9.4]
        assertEquals(1.1, AsymptoteBootstrap.percentile(sorted, 2.5), 1e-12);
        assertEquals(3.0, AsymptoteBootstrap.percentile(sorted, 50), 1e-12);
        assertEquals(9.4, AsymptoteBootstrap.percentile(sorted, 97.5), 1e-12);
        assertEquals(7.0, AsymptoteBootstrap.percentile(new double[] {7}, 97.5));
    }

    @Test
    void a_replicate_takes_one_seeds_gap_at_each_step_independently() {
        double[] t = {1, 2, 3, 4, 5, 6, 7, 8};
        // Seed 0's gaps are 0, seed 1's are 1: a replicate of a flat line has a = the share of steps
        // that drew seed 1, so values strictly between 0 and 1 show per-step (not per-curve) drawing.
        double[][] gaps = {new double[8], {1, 1, 1, 1, 1, 1, 1, 1}};
        TestCurves.Line flat = new TestCurves.Line(0, 0, List.of(new double[] {0.5, 0}));
        AsymptoteBootstrap.Result r = AsymptoteBootstrap.run(flat, new CurveFitter(), t, gaps, 400, 3, 2);
        double[] s = r.samples();
        long between = java.util.Arrays.stream(s).filter(v -> v > 0.01 && v < 0.99).count();
        assertTrue(between > 350, between + " of 400 replicates mix seeds");
        double mean = java.util.Arrays.stream(s).average().orElseThrow();
        assertEquals(0.5, mean, 0.03, "each seed drawn with probability 1/2");
        for (double v : s) {
            assertEquals(0, (v * 8) - Math.rint(v * 8), 1e-9, "a multiple of 1/8: " + v);
        }
        assertEquals(0, r.fallbacks());
    }

    @Test
    void a_failed_refit_counts_as_the_mean_of_the_replicates_last_five_values() {
        double[] t = {1, 2, 3, 4, 5, 6, 7};
        double[][] gaps = {{3, 3, 3, 3, 3, 3, 3}, {3, 3, 3, 3, 3, 3, 3}};
        AsymptoteBootstrap.Result r = AsymptoteBootstrap.run(new TestCurves.Breaking(), new CurveFitter(), t, gaps, 150, 1, 1);
        assertEquals(150, r.fallbacks());
        for (double v : r.samples()) {
            assertEquals(3, v, 1e-12);
        }
        double[][] mixed = {{9, 9, 0, 0, 0, 0, 0}, {9, 9, 5, 5, 5, 5, 5}};
        AsymptoteBootstrap.Result m = AsymptoteBootstrap.run(new TestCurves.Breaking(), new CurveFitter(), t, mixed, 150, 1, 1);
        for (double v : m.samples()) {
            assertTrue(v >= 0 && v <= 5, "mean of the last five, never the first two: " + v);
        }
        assertEquals(1.0, AsymptoteBootstrap.meanOfLast(new double[] {7, 1, 1, 1, 1, 1}, 5), 1e-12);
        assertEquals(2.0, AsymptoteBootstrap.meanOfLast(new double[] {1, 3}, 5), 1e-12);
    }

    @Test
    void replicate_seeds_differ_for_neighbouring_replicates_and_seeds() {
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            for (int r = 0; r < 200; r++) {
                seen.add(AsymptoteBootstrap.replicateSeed(seed, r));
            }
        }
        assertEquals(20 * 200, seen.size());
    }

    @Test
    void the_standard_error_and_the_share_above_zero_follow_numpy() {
        // numpy: np.std([-0.02, 0.01, 0.03, 0.06]) = 0.0291547594742265; np.mean(x > 0) = 0.75
        AsymptoteBootstrap.Result r = new AsymptoteBootstrap.Result(new double[] {-0.02, 0.01, 0.03, 0.06}, 0, -0.02, 0.06);
        org.junit.jupiter.api.Assertions.assertEquals(0.0291547594742265, r.standardError(), 1e-15);
        org.junit.jupiter.api.Assertions.assertEquals(0.75, r.fractionAbove(0), 0);
        org.junit.jupiter.api.Assertions.assertEquals(0.25, r.fractionAbove(0.04), 0);
    }
}
