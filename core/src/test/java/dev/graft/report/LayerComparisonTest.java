package dev.graft.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Peak layer and key-layer prominence from the final probes, against the numbers worked by hand. */
class LayerComparisonTest {

    @Test
    void the_peak_layer_and_the_key_layer_s_prominence_follow_the_seed_means() {
        List<ProbeScore> rows = new ArrayList<>();
        double[][] bySeed = {{0.20, 0.30, 0.40, 0.25}, {0.22, 0.34, 0.38, 0.27}};
        for (int s = 0; s < 2; s++) {
            for (int l = 0; l < 4; l++) {
                rows.add(new ProbeScore("graft+aux", 42 + s, 100, l, "ridge", bySeed[s][l] - 0.1, false));
                rows.add(new ProbeScore("graft+aux", 42 + s, 100, l, "ridge", bySeed[s][l], true));
            }
        }
        rows.add(new ProbeScore("baseline", 42, 100, 0, "ridge", 0.1, true));
        List<LayerComparison> c = LayerComparison.of(new ProbeTable(rows), List.of("graft+aux", "baseline", "unprobed"), 2,
                "ridge");
        assertEquals(2, c.size(), "a condition without probes has no row");
        LayerComparison g = c.get(0);
        assertArrayEquals(new int[] {0, 1, 2, 3}, g.layers());
        // seed means 0.21, 0.32, 0.39, 0.26; the final set's rows, not the periodic ones
        assertArrayEquals(new double[] {0.21, 0.32, 0.39, 0.26}, g.meanR2(), 1e-12);
        assertEquals(2, g.peakLayer());
        assertEquals(0.39 / ((0.21 + 0.32 + 0.26) / 3), g.prominence(), 1e-12);
        assertTrue(Double.isNaN(c.get(1).prominence()), "the baseline was not probed at the key layer");
        assertEquals(-1, c.get(1).keyLayer());
    }
}
