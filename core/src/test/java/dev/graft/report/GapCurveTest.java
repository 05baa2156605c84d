package dev.graft.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GapCurveTest {

    @Test
    void the_gap_is_a_minus_b_per_seed_at_the_steps_every_seed_has_for_both() {
        ProbeTable t = new ProbeTable(List.of(
                new ProbeScore("a", 1, 1000, 2, "ridge", 0.5, false), new ProbeScore("b", 1, 1000, 2, "ridge", 0.2, false),
                new ProbeScore("a", 1, 2000, 2, "ridge", 0.6, false), new ProbeScore("b", 1, 2000, 2, "ridge", 0.4, false),
                new ProbeScore("a", 2, 1000, 2, "ridge", 0.7, false), new ProbeScore("b", 2, 1000, 2, "ridge", 0.3, false),
                new ProbeScore("a", 2, 3000, 2, "ridge", 0.9, false), new ProbeScore("b", 2, 3000, 2, "ridge", 0.1, false),
                new ProbeScore("a", 3, 1000, 2, "ridge", 0.9, false),
                new ProbeScore("a", 1, 1000, 2, "ridge/shuffled", 0.0, false), new ProbeScore("b", 1, 1000, 2, "ridge/shuffled", 0.9, false)));
        GapCurve g = GapCurve.of(t, new Comparison(0, "a", "b", null), 2, true, "ridge").orElseThrow();
        assertArrayEquals(new long[] {1, 2}, g.seeds(), "seed 3 has no probes of b");
        assertArrayEquals(new double[] {1000}, g.steps(), "only step 1000 is there for both seeds");
        assertArrayEquals(new double[] {0.3}, g.perSeed()[0], 1e-12);
        assertArrayEquals(new double[] {0.4}, g.perSeed()[1], 1e-12);
        assertArrayEquals(new double[] {0.35}, g.mean(), 1e-12);
        assertTrue(GapCurve.of(t, new Comparison(0, "a", "b", null), 1, true, "ridge").isEmpty());
    }
}
