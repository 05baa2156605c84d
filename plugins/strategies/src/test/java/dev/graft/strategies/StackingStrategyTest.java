package dev.graft.strategies;

import dev.graft.graft.GraftPlacement;
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
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackingStrategyTest {

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static GraftStrategy stack(int g) {
        return Models.strategy(new StackingFactory(), Map.of("g", g));
    }

    @Test
    void large_layer_j_holds_small_layer_j_mod_s_for_g_copies_and_the_rest_is_untouched() {
        ModelShape large = new ModelShape(8, 4, 4, 5, 20);
        Transformer small = Models.small(31);
        Transformer grafted = Models.large(32);
        Transformer l = new Transformer(Models.GAME, large, Models.AUX, 33);
        Transformer init = snapshot(l);
        GraftStrategy strategy = stack(2);
        GraftPlan plan = strategy.plan(Models.SMALL, large);
        Grafter.apply(plan, small, l);
        for (int j = 0; j < 4; j++) {
            assertLayerCopied(small, j % 2, init, l, j);
        }
        assertLayerUntouched(init, l, 4);
        assertOuterParts(small, init, l, true, true, true);
        assertEquals(List.of(), GraftPlacement.problems(plan, small, init, l));
        assertFalse(strategy.preservesFunction());
        assertFalse(plan.preservesFunction());
        grafted.releaseBuffers();

        // swapping two stacked copies keeps every value somewhere but puts it in the wrong layer: caught
        Transformer swapped = snapshot(l);
        for (String name : l.parameterNames()) {
            if (name.startsWith("blocks.2.")) {
                swapped.parameter(name).assign(l.parameter(name.replace("blocks.2.", "blocks.3.")));
            }
        }
        assertTrue(GraftPlacement.problems(plan, small, init, swapped).stream().anyMatch(p -> p.startsWith("blocks.2.")));
    }

    @Test
    void too_many_copies_name_g_and_how_many_fit() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> stack(3).plan(Models.SMALL, Models.LARGE));
        assertEquals("g", e.option());
        assertTrue(e.getMessage().contains("g 3 stacks 3 × 2 = 6 layers, but the large model has 4; at most g 2 fits"),
                e.getMessage());
    }
}
