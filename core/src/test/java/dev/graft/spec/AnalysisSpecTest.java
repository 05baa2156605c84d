package dev.graft.spec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.graft.spec.SpecFixture.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analysis section's horizon-stability settings, and their bad values refused at their place. */
class AnalysisSpecTest {
    @TempDir
    Path dir;
    SpecFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SpecFixture(dir);
    }

    @Test
    void horizons_default_to_none_and_take_the_study_s_fractions() {
        fx.write("s.yaml", "seed: 1");
        assertEquals(List.of(), fx.load("s.yaml").values().section("analysis").get("horizons"));
        fx.write("h.yaml", "analysis: {horizons: [0.2, 0.4, 0.6, 0.8, 1.0], horizon_bootstrap: 300}");
        assertEquals(List.of(0.2, 0.4, 0.6, 0.8, 1.0), fx.load("h.yaml").values().section("analysis").get("horizons"));
    }

    @Test
    void a_horizon_outside_zero_to_one_and_too_few_replicates_are_refused_at_their_place() {
        fx.write("z.yaml", "analysis: {horizons: [0.5, 0]}");
        assertError(fx.onlyError("z.yaml"), fx.at("z.yaml", 1, 28), "analysis.horizons.1", "expected a number > 0 and ≤ 1, got 0.");
        fx.write("b.yaml", "analysis:", "  horizons: [1.5]");
        assertError(fx.onlyError("b.yaml"), fx.at("b.yaml", 2, 14), "analysis.horizons.0", "got 1.5");
        fx.write("r.yaml", "analysis: {horizon_bootstrap: 10}");
        assertError(fx.onlyError("r.yaml"), fx.at("r.yaml", 1, 31), "analysis.horizon_bootstrap", "got 10");
    }
}
