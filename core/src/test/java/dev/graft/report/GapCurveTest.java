package dev.graft.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GapCurveTest {

    @Test
    void the_gap_is_a_minus_b_per_seed_at_the_steps_every_seed_has_for_both() {
        ProbeTable t = new ProbeTable(List.of(
                new ProbeRow("a", 1, 1000, 2, "ridge", 0.5), new ProbeRow("b", 1, 1000, 2, "ridge", 0.2),
                new ProbeRow("a", 1, 2000, 2, "ridge", 0.6), new ProbeRow("b", 1, 2000, 2, "ridge", 0.4),
                new ProbeRow("a", 2, 1000, 2, "ridge", 0.7), new ProbeRow("b", 2, 1000, 2, "ridge", 0.3),
                new ProbeRow("a", 2, 3000, 2, "ridge", 0.9), new ProbeRow("b", 2, 3000, 2, "ridge", 0.1),
                new ProbeRow("a", 3, 1000, 2, "ridge", 0.9),
                new ProbeRow("a", 1, 1000, 2, "ridge/shuffled", 0.0), new ProbeRow("b", 1, 1000, 2, "ridge/shuffled", 0.9)));
        GapCurve g = GapCurve.of(t, new Comparison(0, "a", "b", null), 2, true, "ridge").orElseThrow();
        assertArrayEquals(new long[] {1, 2}, g.seeds(), "seed 3 has no probes of b");
        assertArrayEquals(new double[] {1000}, g.steps(), "only step 1000 is there for both seeds");
        assertArrayEquals(new double[] {0.3}, g.perSeed()[0], 1e-12);
        assertArrayEquals(new double[] {0.4}, g.perSeed()[1], 1e-12);
        assertArrayEquals(new double[] {0.35}, g.mean(), 1e-12);
        assertTrue(GapCurve.of(t, new Comparison(0, "a", "b", null), 1, true, "ridge").isEmpty());
    }
}
