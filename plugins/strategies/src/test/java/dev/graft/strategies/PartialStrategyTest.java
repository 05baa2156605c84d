package dev.graft.strategies;

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
import static dev.graft.graft.GraftAssertions.assertLayerSilenced;
import static dev.graft.graft.GraftAssertions.assertLayerUntouched;
import static dev.graft.graft.GraftAssertions.assertOuterParts;
import static dev.graft.graft.GraftAssertions.snapshot;
import static dev.graft.strategies.Models.LARGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartialStrategyTest {
    /** A 3-layer small model, so a middle range exists. */
    private static final ModelShape SMALL3 = new ModelShape(8, 4, 2, 3, 12);

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static GraftStrategy partial(Map<String, Object> options) {
        return Models.strategy(new PartialFactory(), options);
    }

    private static Transformer small3(long seed) {
        return dev.graft.graft.GraftAssertions.randomise(new Transformer(Models.GAME, SMALL3, Models.AUX, seed), 0.3, seed);
    }

    @Test
    void only_the_chosen_small_layers_are_copied_after_pass_through_layers() {
        Transformer small = small3(1);
        Transformer large = Models.large(2);
        Transformer init = snapshot(large);
        GraftStrategy s = partial(Map.of("from", 1, "to", 3, "at", 1));
        GraftPlan plan = s.plan(SMALL3, LARGE);
        Grafter.apply(plan, small, large);
        assertLayerSilenced(init, large, 0);
        assertLayerCopied(small, 1, init, large, 1);
        assertLayerCopied(small, 2, init, large, 2);
        assertLayerUntouched(init, large, 3);
        assertOuterParts(small, init, large, true, true, true);
    }

    @Test
    void without_pass_through_the_layers_before_at_keep_their_initialisation() {
        Transformer small = small3(3);
        Transformer large = Models.large(4);
        Transformer init = snapshot(large);
        GraftPlan plan = partial(Map.of("from", 2, "at", "top", "pass_through", false, "final_norm", false))
                .plan(SMALL3, LARGE);
        assertEquals(List.of(), plan.silencedLayers());
        Grafter.apply(plan, small, large);
        for (int j = 0; j < 3; j++) {
            assertLayerUntouched(init, large, j);
        }
        assertLayerCopied(small, 2, init, large, 3);
        assertOuterParts(small, init, large, true, false, true);
    }

    @Test
    void partial_says_it_does_not_preserve_the_function_and_its_plan_is_not_verified() {
        GraftStrategy whole = partial(Map.of());
        assertFalse(whole.preservesFunction(), "even the whole range: partial never claims the function");
        assertFalse(partial(Map.of("from", 1)).preservesFunction());
        GraftPlan plan = partial(Map.of("from", 1)).plan(SMALL3, LARGE);
        Transformer small = small3(5);
        Transformer large = Models.large(6);
        Grafter.apply(plan, small, large);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GraftVerifier.verify(plan, small, large, 8, 1, null));
        assertTrue(e.getMessage().contains("not expected to preserve"), e.getMessage());
    }

    @Test
    void ranges_outside_the_small_model_or_too_long_for_the_large_one_name_the_option_and_what_fits() {
        assertMisfit(Map.of("from", 3), "from", "from 3 is not a layer of the small model", "from 0…2");
        assertMisfit(Map.of("to", 4), "to", "to 4 is past the small model's 3 layers", "at most 3");
        assertMisfit(Map.of("from", 1, "at", 3), "at", "at 3 puts small layers 1…2 into large layers 3…4",
                "at most at 2 fits");
        InvalidOptionsException empty = assertThrows(InvalidOptionsException.class,
                () -> partial(Map.of("from", 2, "to", 2)));
        assertEquals("to", empty.option());
        assertTrue(empty.getMessage().contains("to 2 must be above from 2"), empty.getMessage());
        InvalidOptionsException wide = assertThrows(InvalidOptionsException.class,
                () -> partial(Map.of()).plan(new ModelShape(8, 4, 8, 3, 12), LARGE));
        assertTrue(wide.getMessage().contains("8 heads per layer"), wide.getMessage());
    }

    private static void assertMisfit(Map<String, Object> options, String option, String... parts) {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> partial(options).plan(SMALL3, LARGE));
        assertEquals(option, e.option(), e.getMessage());
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing in: " + e.getMessage());
        }
    }
}
