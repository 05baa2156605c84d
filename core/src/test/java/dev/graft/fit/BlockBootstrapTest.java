package dev.graft.fit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The block bootstrap of the asymptote, against numpy rebuilding every replicate from the same draws. */
class BlockBootstrapTest {
    private static final TestCurves.Line LINE = new TestCurves.Line(-1, 1, List.of(new double[] {0, 0}));

    private static double[][] gaps(int seeds, int n) {
        double[] t = TestCurves.steps(n, 1);
        double[][] g = new double[seeds][];
        for (int s = 0; s < seeds; s++) {
            int k = s;
            g[s] = TestCurves.noisy(t, v -> 0.05 + 0.001 * v + 0.01 * Math.sin(v / 3.0 + k), 0.003, 70 + s);
        }
        return g;
    }

    @Test
    void replicates_and_interval_match_numpy_on_the_same_resample() throws Exception {
        double[] t = TestCurves.steps(17, 1);
        double[][] g = gaps(3, 17);
        int block = 3;
        int replicates = 120;
        AsymptoteBootstrap.Result r = AsymptoteBootstrap.run(LINE, new CurveFitter(), t, g, replicates, 4, 2, block);
        int[][] picks = new int[replicates][];
        for (int i = 0; i < replicates; i++) {
            picks[i] = AsymptoteBootstrap.resample(AsymptoteBootstrap.replicateRandom(4, i), g, block, new double[17]);
        }
        Map<String, Object> np = AnalysisReference.ask(Map.of("task", "block_bootstrap", "t", t, "gaps", g, "block", block,
                "picks", picks));
        assertArrayEquals(AnalysisReference.numbers(np.get("samples")), r.samples(), 1e-9);
        assertEquals(((Number) np.get("lower")).doubleValue(), r.lower(), 1e-9);
        assertEquals(((Number) np.get("upper")).doubleValue(), r.upper(), 1e-9);
    }

    @Test
    void block_length_one_is_the_plain_bootstrap_draw_for_draw() {
        double[] t = TestCurves.steps(12, 1);
        double[][] g = gaps(2, 12);
        assertEquals(AsymptoteBootstrap.run(LINE, new CurveFitter(), t, g, 60, 8, 1),
                AsymptoteBootstrap.run(LINE, new CurveFitter(), t, g, 60, 8, 2, 1));
    }

    @Test
    void a_block_takes_consecutive_steps_from_one_seed() {
        double[][] g = {new double[10], {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}};
        double[] y = new double[10];
        for (int r = 0; r < 20; r++) {
            AsymptoteBootstrap.resample(AsymptoteBootstrap.replicateRandom(3, r), g, 4, y);
            assertEquals(y[0], y[3]);
            assertEquals(y[4], y[7]);
            assertEquals(y[8], y[9], "the last, shorter block");
        }
    }

    @Test
    void seed_offsets_widen_the_block_interval() {
        // each seed sits at its own level for the whole run: mixing steps averages the offsets away, blocks keep them
        double[] t = TestCurves.steps(20, 1);
        double[][] g = new double[3][];
        for (int s = 0; s < 3; s++) {
            double off = (s - 1) * 0.02;
            g[s] = TestCurves.noisy(t, v -> off, 0.001, 90 + s);
        }
        TestCurves.Line flat = new TestCurves.Line(0, 0, List.of(new double[] {0, 0}));
        AsymptoteBootstrap.Result plain = AsymptoteBootstrap.run(flat, new CurveFitter(), t, g, 400, 5, 2);
        AsymptoteBootstrap.Result block = AsymptoteBootstrap.run(flat, new CurveFitter(), t, g, 400, 5, 2, 5);
        assertTrue(block.upper() - block.lower() > 2 * (plain.upper() - plain.lower()),
                "block " + (block.upper() - block.lower()) + " vs plain " + (plain.upper() - plain.lower()));
    }

    @Test
    void a_block_length_below_one_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> AsymptoteBootstrap.run(LINE, new CurveFitter(),
                TestCurves.steps(5, 1), gaps(2, 5), 10, 1, 1, 0));
    }
}
