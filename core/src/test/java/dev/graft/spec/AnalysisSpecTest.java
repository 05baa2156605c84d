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

    @Test
    void a_negative_block_length_is_refused_at_its_place() {
        fx.write("n.yaml", "analysis:", "  block_length: -2");
        assertError(fx.onlyError("n.yaml"), fx.at("n.yaml", 2, 17), "analysis.block_length", "got -2");
    }

    @Test
    void an_empty_or_malformed_alpha_range_is_refused_at_its_place() {
        fx.write("e.yaml", "analysis:", "  alpha_sweep: 100", "  alpha_range: [1.0e6, 1.0e-6]");
        assertError(fx.onlyError("e.yaml"), fx.at("e.yaml", 3, 16), "analysis.alpha_range", "is empty");
        fx.write("one.yaml", "analysis: {alpha_range: [1.0]}");
        assertError(fx.onlyError("one.yaml"), fx.at("one.yaml", 1, 25), "analysis.alpha_range", "[smallest, largest]");
        fx.write("zero.yaml", "analysis: {alpha_range: [0, 1]}");
        assertError(fx.onlyError("zero.yaml"), fx.at("zero.yaml", 1, 26), "analysis.alpha_range.0", "got 0");
        fx.write("neg.yaml", "analysis: {alpha_sweep: -1}");
        assertError(fx.onlyError("neg.yaml"), fx.at("neg.yaml", 1, 25), "analysis.alpha_sweep", "got -1");
    }

    @Test
    void the_study_s_further_analyses_default_to_the_cheap_ones() {
        fx.write("s.yaml", "seed: 1");
        Section a = fx.load("s.yaml").values().section("analysis");
        assertEquals(1000, a.integer("permutations"));
        assertEquals(0, a.integer("block_length"));
        assertEquals(0, a.integer("alpha_sweep"));
        assertEquals(0, a.integer("column_permutations"));
        assertEquals(List.of(1.0e-6, 1.0e6), a.get("alpha_range"));
    }
}
