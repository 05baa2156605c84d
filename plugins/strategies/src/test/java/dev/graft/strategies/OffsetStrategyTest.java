package dev.graft.strategies;

import dev.graft.graft.GraftCheck;
import dev.graft.graft.GraftCheckException;
import dev.graft.graft.GraftVerifier;
import dev.graft.graft.Grafter;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.graft.graft.GraftAssertions.assertLayerCopied;
import static dev.graft.graft.GraftAssertions.assertLayerSilenced;
import static dev.graft.graft.GraftAssertions.assertLayerUntouched;
import static dev.graft.graft.GraftAssertions.assertOuterParts;
import static dev.graft.graft.GraftAssertions.snapshot;
import static dev.graft.strategies.Models.LARGE;
import static dev.graft.strategies.Models.SMALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetStrategyTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static GraftStrategy offset(Object at) {
        return Models.strategy(new OffsetFactory(), Map.of("at", at));
    }

    @ParameterizedTest(name = "at {0}")
    @ValueSource(strings = {"0", "1", "top"})
    void layers_before_at_pass_through_small_layers_follow_and_deeper_layers_are_untouched(String atText) {
        Object at = atText.equals("top") ? "top" : (Object) Integer.parseInt(atText);
        int first = atText.equals("top") ? LARGE.layers() - SMALL.layers() : (Integer) at;
        Transformer small = Models.small(10 + first);
        Transformer large = Models.large(20 + first);
        Transformer init = snapshot(large);
        GraftStrategy strategy = offset(at);
        GraftPlan plan = strategy.plan(SMALL, LARGE);
        Grafter.apply(plan, small, large);
        for (int j = 0; j < first; j++) {
            assertLayerSilenced(init, large, j);
        }
        assertLayerCopied(small, 0, init, large, first);
        assertLayerCopied(small, 1, init, large, first + 1);
        for (int j = first + 2; j < LARGE.layers(); j++) {
            assertLayerUntouched(init, large, j);
        }
        assertOuterParts(small, init, large, true, true, true);

        assertTrue(strategy.preservesFunction());
        Path checkDir = dir.resolve("at-" + atText);
        GraftCheck check = GraftVerifier.verify(plan, small, large, 32, 7, checkDir);
        assertTrue(check.passed(), check.summary());
        assertTrue(Files.exists(checkDir.resolve("small_layer" + first + ".npy")));
        assertTrue(Files.exists(checkDir.resolve("large_layer" + (first + 1) + ".npy")));
    }

    @Test
    void top_is_as_deep_as_the_small_layers_fit() {
        GraftPlan plan = offset("top").plan(SMALL, new ModelShape(8, 4, 4, 6, 20));
        assertEquals(4, plan.copies().get(0).largeLayer());
        assertEquals(5, plan.copies().get(1).largeLayer());
        assertEquals(java.util.List.of(0, 1, 2, 3), plan.silencedLayers());
    }

    @Test
    void a_perturbed_copied_weight_fails_verification_naming_the_layer() {
        Transformer small = Models.small(30);
        Transformer large = Models.large(31);
        GraftPlan plan = offset(1).plan(SMALL, LARGE);
        Grafter.apply(plan, small, large);
        large.parameter("blocks.1.mlp.W_in").putScalar(2, 3, large.parameter("blocks.1.mlp.W_in").getDouble(2, 3) + 0.1);
        GraftCheckException e = assertThrows(GraftCheckException.class,
                () -> GraftVerifier.verify(plan, small, large, 32, 7, null));
        assertTrue(e.getMessage().contains("the CLS residual after large layer 1 (small layer 0) differs by"), e.getMessage());
        assertTrue(e.getMessage().contains("tolerance 1.0e-05"), e.getMessage());
    }

    @Test
    void an_offset_too_deep_for_the_large_model_names_at_and_the_deepest_that_fits() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class, () -> offset(3).plan(SMALL, LARGE));
        assertEquals("at", e.option());
        assertTrue(e.getMessage().contains("at 3 puts small layers 0…1 into large layers 3…4"), e.getMessage());
        assertTrue(e.getMessage().contains("at most at 2 fits"), e.getMessage());
        InvalidOptionsException tooMany = assertThrows(InvalidOptionsException.class,
                () -> offset("top").plan(new ModelShape(8, 4, 2, 5, 12), LARGE));
        assertTrue(tooMany.getMessage().contains("at least 5 layers"), tooMany.getMessage());
    }
}
