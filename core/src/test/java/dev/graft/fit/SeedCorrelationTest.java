package dev.graft.fit;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The between-seed test of the residuals, against numpy on the same fixed permutation set. */
class SeedCorrelationTest {

    private static double[][] residuals(int seeds, int n, double drift) {
        double[] t = TestCurves.steps(n, 1);
        double[][] r = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            int phase = s;
            r[s] = TestCurves.noisy(t, v -> drift * Math.sin(v / 2.0 + 1.7 * phase), 0.002, 40 + s);
        }
        return r;
    }

    @Test
    void acf_ccf_threat_ratio_and_permutation_p_values_match_numpy() throws Exception {
        double[][] r = residuals(3, 24, 0.01);
        int lags = SeedCorrelation.lagsFor(24);
        int[][][] perms = SeedCorrelation.permutations(9, 200, 3, 24);
        Map<String, Object> np = AnalysisReference.ask(Map.of("task", "seed_correlation", "residuals", r, "lags", lags,
                "perms", perms));
        double[] within = SeedCorrelation.within(r, lags);
        double[] between = SeedCorrelation.between(r, lags);
        double[] ratio = SeedCorrelation.threatRatio(within, between);
        assertArrayEquals(AnalysisReference.numbers(np.get("within")), within, 1e-12);
        assertArrayEquals(AnalysisReference.numbers(np.get("between")), between, 1e-12);
        assertArrayEquals(AnalysisReference.numbers(np.get("ratio")), ratio, 1e-9);
        assertArrayEquals(AnalysisReference.numbers(np.get("p")), SeedCorrelation.pValues(r, ratio, perms), 1e-15);
        SeedCorrelation c = SeedCorrelation.of(r, 200, 9);
        assertArrayEquals(SeedCorrelation.pValues(r, ratio, perms), c.pValues(), 0, "of() uses the same permutation set");
    }

    @Test
    void autocorrelated_seeds_score_a_higher_ratio_and_lower_p_than_white_noise() {
        // each seed an independent AR(1) series with rho = 0.9: high within-seed, low between-seed correlation
        double[][] ar = new double[3][];
        for (int s = 0; s < 3; s++) {
            double[] e = TestCurves.noisy(TestCurves.steps(60, 1), v -> 0, 0.003, 60 + s);
            ar[s] = new double[60];
            for (int i = 0; i < 60; i++) {
                ar[s][i] = (i == 0 ? 0 : 0.9 * ar[s][i - 1]) + e[i];
            }
        }
        SeedCorrelation drift = SeedCorrelation.of(ar, 300, 1);
        SeedCorrelation noise = SeedCorrelation.of(residuals(3, 60, 0), 300, 1);
        assertTrue(drift.within()[0] > 0.5, "within " + drift.within()[0]);
        assertTrue(Math.abs(noise.within()[0]) < 0.3, "within " + noise.within()[0]);
        assertTrue(drift.threatRatio()[0] > noise.threatRatio()[0], drift.threatRatio()[0] + " vs " + noise.threatRatio()[0]);
        assertTrue(drift.pValues()[0] < noise.pValues()[0], drift.pValues()[0] + " vs " + noise.pValues()[0]);
        assertEquals(BootstrapThreat.LOW, BootstrapThreat.of(noise, 1.0));
    }

    @Test
    void a_permutation_reorders_each_seed_on_its_own_and_the_set_is_fixed_by_its_seed() {
        int[][][] a = SeedCorrelation.permutations(5, 10, 2, 12);
        int[][][] b = SeedCorrelation.permutations(5, 10, 2, 12);
        for (int p = 0; p < 10; p++) {
            assertArrayEquals(a[p][0], b[p][0]);
            int[] sorted = a[p][0].clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(java.util.stream.IntStream.range(0, 12).toArray(), sorted, "a permutation of the steps");
        }
        assertTrue(!java.util.Arrays.equals(a[0][0], a[0][1]), "seeds are shuffled independently");
    }

    @Test
    void block_length_follows_the_studys_rule() {
        assertEquals(1, BootstrapThreat.blockLength(0));
        assertEquals(2, BootstrapThreat.blockLength(0.5));
        assertEquals(4, BootstrapThreat.blockLength(0.75));
        assertEquals(5, BootstrapThreat.blockLength(0.95), "capped at 5");
        assertEquals(1, BootstrapThreat.blockLength(-0.4));
    }
}
