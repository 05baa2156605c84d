package dev.graft.strategies;

import dev.graft.graft.GraftCheck;
import dev.graft.graft.GraftPlacement;
import dev.graft.graft.GraftVerifier;
import dev.graft.graft.Grafter;
import dev.graft.graft.GraftAssertions;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftStrategy;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.graft.graft.GraftAssertions.assertLayerCopied;
import static dev.graft.graft.GraftAssertions.assertLayerSilenced;
import static dev.graft.graft.GraftAssertions.assertLayerUntouched;
import static dev.graft.graft.GraftAssertions.assertOuterParts;
import static dev.graft.graft.GraftAssertions.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockInsertionStrategyTest {

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static GraftStrategy insertion(Map<String, Object> options) {
        return Models.strategy(new BlockInsertionFactory(), options);
    }

    @Test
    void every_one_interleaves_identity_blocks_after_each_small_layer() {
        GraftPlan plan = insertion(Map.of("every", 1)).plan(Models.SMALL, Models.LARGE);
        assertEquals(List.of(0, 2), plan.copies().stream().map(GraftPlan.LayerCopy::largeLayer).toList());
        assertEquals(List.of(1, 3), plan.identityBlocks());
        GraftPlan after = insertion(Map.of("after", List.of(0.0, 0.0))).plan(Models.SMALL, Models.LARGE);
        assertEquals(List.of(0, 3), after.copies().stream().map(GraftPlan.LayerCopy::largeLayer).toList());
        assertEquals(List.of(1, 2), after.identityBlocks());
        GraftPlan top = insertion(Map.of("top", 1)).plan(Models.SMALL, Models.LARGE);
        assertEquals(List.of(0, 1), top.copies().stream().map(GraftPlan.LayerCopy::largeLayer).toList());
        assertEquals(List.of(2), top.identityBlocks());
        assertTrue(top.preservesFunction());
    }

    @Test
    void random_shapes_and_patterns_preserve_the_function_and_place_every_weight() {
        Random rng = new Random(2024);
        for (int trial = 0; trial < 12; trial++) {
            int dHead = 2 + rng.nextInt(3);
            int dModel = 4 + 2 * rng.nextInt(4);
            ModelShape small = new ModelShape(dModel, dHead, 1 + rng.nextInt(3), 1 + rng.nextInt(3), 3 + rng.nextInt(8));
            Map<String, Object> options = new HashMap<>();
            int pattern = rng.nextInt(3);
            int inserted;
            if (pattern == 0) {
                int every = 1 + rng.nextInt(small.layers());
                options.put("every", every);
                inserted = small.layers() / every;
            } else if (pattern == 1) {
                List<Double> after = new ArrayList<>();
                for (int i = 0; i <= rng.nextInt(3); i++) {
                    after.add((double) rng.nextInt(small.layers()));
                }
                options.put("after", after);
                inserted = after.size();
            } else {
                inserted = 1 + rng.nextInt(2);
                options.put("top", inserted);
            }
            int r = 1 + rng.nextInt(2);
            ModelShape large = new ModelShape(dModel * r, dHead, small.heads() + rng.nextInt(3),
                    small.layers() + inserted + rng.nextInt(2), small.dMlp() + rng.nextInt(6));
            String where = "trial " + trial + ": " + small + " → " + large + " with " + options;

            Transformer s = GraftAssertions.randomise(new Transformer(Models.GAME, small, Models.AUX, trial), 0.3, trial);
            Transformer l = GraftAssertions.randomise(new Transformer(Models.GAME, large, Models.AUX, trial), 0.3,
                    trial + 500);
            Transformer init = snapshot(l);
            GraftStrategy strategy = insertion(options);
            GraftPlan plan = strategy.plan(small, large);
            Grafter.apply(plan, s, l);

            int j = 0;
            for (int i = 0; i < small.layers(); i++) {
                assertEquals(i, plan.copies().get(i).smallLayer(), where);
                j = plan.copies().get(i).largeLayer();
                if (r == 1) { // the assertions compare unwidened weights
                    assertLayerCopied(s, i, init, l, j);
                }
            }
            for (int b : plan.identityBlocks()) {
                assertLayerSilenced(init, l, b);
            }
            assertEquals(small.layers() + inserted - 1, plan.deepestLargeLayer(), where);
            for (int k = plan.deepestLargeLayer() + 1; k < large.layers(); k++) {
                assertLayerUntouched(init, l, k);
            }
            if (r == 1) {
                assertOuterParts(s, init, l, true, true, true);
            }
            assertEquals(List.of(), GraftPlacement.problems(plan, s, init, l), where);
            assertTrue(strategy.preservesFunction());
            GraftCheck check = GraftVerifier.verify(plan, s, l, 24, trial, null);
            assertTrue(check.passed(), where + ": " + check.summary());
            assertEquals(small.layers(), check.layers().size());
        }
    }

    @Test
    void patterns_that_do_not_fit_name_the_option_and_what_would() {
        ModelShape small = new ModelShape(8, 4, 2, 3, 12);
        ModelShape large = new ModelShape(8, 4, 4, 5, 20);
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> insertion(Map.of("every", 1)).plan(small, large));
        assertEquals("every", e.option());
        assertTrue(e.getMessage().contains("every: 1 needs 6 large layers (3 small + 3 identity blocks), but the large"
                + " model has 5; every: 2 (1 block) is the densest pattern that fits"), e.getMessage());
        e = assertThrows(InvalidOptionsException.class, () -> insertion(Map.of("top", 3)).plan(small, large));
        assertEquals("top", e.option());
        assertTrue(e.getMessage().contains("at most 2 identity blocks fit (top: 2)"), e.getMessage());
        e = assertThrows(InvalidOptionsException.class, () -> insertion(Map.of("after", List.of(3.0))).plan(small, large));
        assertEquals("after", e.option());
        assertTrue(e.getMessage().contains("small layer 3, but the small model has 3 layers (0…2)"), e.getMessage());
        e = assertThrows(InvalidOptionsException.class, () -> insertion(Map.of()));
        assertEquals("every", e.option());
        assertTrue(e.getMessage().contains("set exactly one of every"), e.getMessage());
        e = assertThrows(InvalidOptionsException.class, () -> insertion(Map.of("every", 1, "top", 1)));
        assertTrue(e.getMessage().contains("more than one insertion pattern"), e.getMessage());
        e = assertThrows(InvalidOptionsException.class,
                () -> insertion(Map.of("every", 1)).plan(small, new ModelShape(12, 4, 4, 6, 20)));
        assertTrue(e.getMessage().contains("must be 8, 16, 24, … (the nearest are 8 and 16)"), e.getMessage());
    }
}
