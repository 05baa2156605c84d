package dev.graft.strategies;

import dev.graft.graft.GraftCheck;
import dev.graft.graft.GraftVerifier;
import dev.graft.graft.Grafter;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static dev.graft.graft.GraftAssertions.assertLayerCopied;
import static dev.graft.graft.GraftAssertions.assertLayerUntouched;
import static dev.graft.graft.GraftAssertions.assertOuterParts;
import static dev.graft.graft.GraftAssertions.snapshot;
import static dev.graft.strategies.Models.LARGE;
import static dev.graft.strategies.Models.SMALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrontStrategyTest {
    private static final GraftStrategy FRONT = Models.strategy(new FrontFactory(), Map.of());

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @Test
    void front_writes_small_layers_into_the_same_large_layers_and_leaves_deeper_layers_untouched() {
        Transformer small = Models.small(1);
        Transformer large = Models.large(2);
        Transformer init = snapshot(large);
        GraftPlan plan = FRONT.plan(SMALL, LARGE);
        assertEquals(java.util.List.of(), plan.silencedLayers());
        Grafter.apply(plan, small, large);
        assertLayerCopied(small, 0, init, large, 0);
        assertLayerCopied(small, 1, init, large, 1);
        assertLayerUntouched(init, large, 2);
        assertLayerUntouched(init, large, 3);
        assertOuterParts(small, init, large, true, true, true);
    }

    @Test
    void front_graft_gives_the_small_models_outputs_and_stream_within_tolerance() {
        Transformer small = Models.small(3);
        Transformer large = Models.large(4);
        GraftPlan plan = FRONT.plan(SMALL, LARGE);
        Grafter.apply(plan, small, large);
        assertTrue(FRONT.preservesFunction());
        GraftCheck check = GraftVerifier.verify(plan, small, large, 32, 11, null);
        assertTrue(check.passed(), check.summary());
        assertEquals(0, check.layers().get(0).largeLayer());
        assertEquals(1, check.layers().get(1).largeLayer());
    }

    @Test
    void parts_switched_off_keep_their_initial_values_and_the_graft_no_longer_claims_the_function() {
        Transformer small = Models.small(5);
        Transformer large = Models.large(6);
        Transformer init = snapshot(large);
        GraftStrategy noHeads = Models.strategy(new FrontFactory(), Map.of("heads", false, "embeddings", false));
        assertFalse(noHeads.preservesFunction());
        Grafter.apply(noHeads.plan(SMALL, LARGE), small, large);
        assertLayerCopied(small, 1, init, large, 1);
        assertOuterParts(small, init, large, false, true, false);
        assertFalse(Models.strategy(new FrontFactory(), Map.of("final_norm", false)).preservesFunction());
    }

    @Test
    void a_small_model_that_is_wider_or_differently_shaped_does_not_fit_and_says_what_would() {
        assertMisfit(new ModelShape(8, 4, 5, 2, 12), "5 heads per layer", "at least 5 heads");
        assertMisfit(new ModelShape(8, 4, 2, 2, 24), "d_mlp 24 is wider", "d_mlp ≥ 24");
        assertMisfit(new ModelShape(16, 4, 2, 2, 12), "d_model 8 is narrower than the small model's 16",
                "16 or a multiple (32, 48, …)");
        assertMisfit(new ModelShape(6, 4, 2, 2, 12), "d_model 8 is not a multiple of the small model's 6",
                "must be 6, 12, 18, … (the nearest are 6 and 12)");
        assertMisfit(new ModelShape(8, 2, 2, 2, 12), "d_head 2 differs from the large model's 4", "same d_head");
        assertMisfit(new ModelShape(8, 4, 2, 5, 12), "small layers 0…4 do not fit into the large model's 4 layers",
                "at least 5 layers");
    }

    @Test
    void a_stream_twice_as_wide_duplicates_each_residual_dimension_and_keeps_the_function() {
        ModelShape small = new ModelShape(4, 4, 2, 2, 12);
        Transformer s = dev.graft.graft.GraftAssertions.randomise(new Transformer(Models.GAME, small, Models.AUX, 3), 0.3, 3);
        Transformer large = Models.large(4);
        Transformer init = snapshot(large);
        GraftPlan plan = FRONT.plan(small, LARGE);
        assertEquals(List.of(0, 1, 2, 3, 0, 1, 2, 3), plan.residualMap());
        Grafter.apply(plan, s, large);
        assertEquals(List.of(), dev.graft.graft.GraftPlacement.problems(plan, s, init, large));
        assertTrue(GraftVerifier.verify(plan, s, large, 24, 3, null).passed());
    }

    private static void assertMisfit(ModelShape small, String... parts) {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> FRONT.plan(small, LARGE));
        assertNull(e.option(), "a size problem, not an option: " + e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
        }
    }
}
