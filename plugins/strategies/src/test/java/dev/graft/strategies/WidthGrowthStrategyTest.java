package dev.graft.strategies;

import dev.graft.graft.GraftAssertions;
import dev.graft.graft.GraftCheck;
import dev.graft.graft.GraftPlacement;
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
import java.util.Random;

import static dev.graft.graft.GraftAssertions.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WidthGrowthStrategyTest {

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    private static GraftStrategy widen(double noise) {
        return Models.strategy(new WidthGrowthFactory(), Map.of("noise", noise));
    }

    @Test
    void random_shapes_with_a_larger_d_model_keep_outputs_and_residuals_at_step_0() {
        Random rng = new Random(7);
        for (int trial = 0; trial < 10; trial++) {
            int dHead = 2 + rng.nextInt(3);
            int d = 4 + 2 * rng.nextInt(3);
            int r = 1 + rng.nextInt(3);
            ModelShape small = new ModelShape(d, dHead, 1 + rng.nextInt(3), 1 + rng.nextInt(3), 3 + rng.nextInt(8));
            ModelShape large = new ModelShape(d * r, dHead, small.heads() + rng.nextInt(4),
                    small.layers() + rng.nextInt(2), small.dMlp() + rng.nextInt(9));
            String where = "trial " + trial + ": " + small + " → " + large;
            Transformer s = GraftAssertions.randomise(new Transformer(Models.GAME, small, Models.AUX, trial), 0.3, trial);
            Transformer l = GraftAssertions.randomise(new Transformer(Models.GAME, large, Models.AUX, trial), 0.3,
                    trial + 700);
            Transformer init = snapshot(l);
            GraftStrategy strategy = widen(0);
            GraftPlan plan = strategy.plan(small, large);
            assertTrue(strategy.preservesFunction() && plan.preservesFunction());
            assertEquals(r > 1, plan.growsResidual(), where);
            Grafter.apply(plan, s, l);
            assertEquals(List.of(), GraftPlacement.problems(plan, s, init, l), where);
            GraftCheck check = GraftVerifier.verify(plan, s, l, 24, trial, null);
            assertTrue(check.passed(), where + ": " + check.summary());
        }
    }

    @Test
    void a_doubled_stream_holds_each_small_dimension_twice_and_reading_weights_halved() {
        ModelShape small = Models.SMALL;
        ModelShape large = new ModelShape(16, 4, 3, 2, 12);
        Transformer s = Models.small(3);
        Transformer l = GraftAssertions.randomise(new Transformer(Models.GAME, large, Models.AUX, 4), 0.3, 4);
        Grafter.apply(widen(0).plan(small, large), s, l);
        float[][] embed = s.parameter("embed.W_state").toFloatMatrix();
        float[][] big = l.parameter("embed.W_state").toFloatMatrix();
        assertEquals(embed[1][3], big[1][3], 0f);
        assertEquals(embed[1][3], big[1][8 + 3], 0f);
        float[][] win = s.parameter("blocks.1.mlp.W_in").toFloatMatrix();
        float[][] bigWin = l.parameter("blocks.1.mlp.W_in").toFloatMatrix();
        assertEquals(win[5][7] / 2, bigWin[5][7], 0f);
        assertEquals(win[5][7] / 2, bigWin[8 + 5][7], 0f);
        // large head 2 duplicates small head 0 (3 heads from 2): both carry half of its W_O
        float[][] wo = s.head(dev.graft.model.AttentionProjection.O, 0, 0).toFloatMatrix();
        float[][] bigWo2 = l.head(dev.graft.model.AttentionProjection.O, 0, 2).toFloatMatrix();
        assertEquals(wo[1][6] / 2, bigWo2[1][6], 0f);
        assertEquals(wo[1][6] / 2, bigWo2[1][8 + 6], 0f);
    }

    @Test
    void noise_breaks_exactness_by_a_bounded_amount_and_is_not_function_preserving() {
        ModelShape large = new ModelShape(16, 4, 4, 2, 20);
        Transformer s = Models.small(5);
        Transformer l = GraftAssertions.randomise(new Transformer(Models.GAME, large, Models.AUX, 6), 0.3, 6);
        Transformer init = snapshot(l);
        GraftStrategy strategy = widen(0.01);
        GraftPlan plan = strategy.plan(Models.SMALL, large);
        assertFalse(strategy.preservesFunction());
        assertFalse(plan.preservesFunction());
        Grafter.apply(plan, s, l);
        assertEquals(List.of(), GraftPlacement.problems(plan, s, init, l));
        GraftPlan exact = widen(0).plan(Models.SMALL, large);
        GraftCheck check = GraftVerifier.measure(exact, s, l, 24, 1, null);
        assertTrue(check.value() > 1e-6 && check.value() < 0.1, check.summary());
    }

    @Test
    void a_d_model_that_is_not_a_multiple_says_which_ones_work() {
        InvalidOptionsException e = assertThrows(InvalidOptionsException.class,
                () -> widen(0).plan(Models.SMALL, new ModelShape(12, 4, 4, 2, 20)));
        assertTrue(e.getMessage().contains("must be 8, 16, 24, … (the nearest are 8 and 16)"), e.getMessage());
        e = assertThrows(InvalidOptionsException.class,
                () -> widen(0).plan(Models.SMALL, new ModelShape(16, 8, 4, 2, 20)));
        assertTrue(e.getMessage().contains("d_head"), e.getMessage());
    }
}
