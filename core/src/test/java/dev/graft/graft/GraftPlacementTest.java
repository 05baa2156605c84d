package dev.graft.graft;

import dev.graft.model.AttentionProjection;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static dev.graft.graft.GraftAssertions.snapshot;
import static dev.graft.graft.TinyGrafts.SMALL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraftPlacementTest {
    private static final int BOARDS = 16;

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @Test
    void grafter_output_is_placed_exactly_for_copies_identity_blocks_and_untouched_layers() {
        Transformer small = TinyGrafts.small(1);
        Transformer large = TinyGrafts.large(2);
        Transformer init = snapshot(large);
        GraftPlan plan = TinyGrafts.offset(1);
        Grafter.apply(plan, small, large);
        assertEquals(List.of(), GraftPlacement.problems(plan, small, init, large));
    }

    @Test
    void half_right_graft_with_zeroed_fresh_inputs_passes_the_function_check_but_not_the_placement_check() {
        Transformer small = TinyGrafts.small(3);
        Transformer large = TinyGrafts.large(4);
        Transformer init = snapshot(large);
        GraftPlan plan = TinyGrafts.offset(0);
        Grafter.apply(plan, small, large);
        // the half-right graft: fresh head 3 of layer 0 gets zero input weights (its output is zero anyway, so
        // the outputs and residuals still agree), and an unwritten layer is nudged
        for (AttentionProjection p : List.of(AttentionProjection.Q, AttentionProjection.K, AttentionProjection.V)) {
            large.head(p, 0, 3).assign(0);
        }
        var ln = large.parameter("blocks.3.ln1.b");
        ln.putScalar(0, ln.getFloat(0) + 1e-3f);
        GraftCheck function = GraftVerifier.verify(plan, small, large, BOARDS, 5, null);
        assertTrue(function.passed(), "the function check alone is fooled: " + function.summary());

        List<String> problems = GraftPlacement.problems(plan, small, init, large);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("blocks.0.attn.W_Q[3, ") && p.contains("input of a fresh unit")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("fresh head 3 of large layer 0 has all-zero input weights")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("blocks.3.ln1.b[0]") && p.contains("initialisation")),
                problems.toString());
        GraftPlacementException e = assertThrows(GraftPlacementException.class,
                () -> GraftPlacement.verify(plan, small, init, large));
        assertTrue(e.getMessage().contains("misplaced"), e.getMessage());
    }

    @Test
    void fresh_inputs_copied_from_the_small_model_and_unsplit_duplicates_are_misplacements() {
        Transformer small = TinyGrafts.small(5);
        Transformer large = TinyGrafts.large(6);
        Transformer init = snapshot(large);
        // head 2 of large layer 0 duplicates small head 0: both copies must carry half of its W_O
        LayerCopy dup = new LayerCopy(0, 0, List.of(0, 1), LayerCopy.byIndex(0, 0, SMALL).neuronMap(), Map.of(2, 0),
                Map.of());
        GraftPlan plan = new GraftPlan(List.of(dup, LayerCopy.byIndex(1, 1, SMALL)), List.of(), true, true, true);
        Grafter.apply(plan, small, large);
        assertEquals(List.of(), GraftPlacement.problems(plan, small, init, large));
        assertTrue(GraftVerifier.verify(plan, small, large, BOARDS, 9, null).passed());

        large.head(AttentionProjection.O, 0, 2).assign(small.head(AttentionProjection.O, 0, 0)); // not split
        large.neuronIn(1, SMALL.dMlp()).assign(small.neuronIn(1, 0)); // a fresh neuron's input from the small model
        List<String> problems = GraftPlacement.problems(plan, small, init, large);
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("blocks.0.attn.W_O[2, ") && p.contains("split over 2")),
                problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("blocks.1.mlp.W_in[") && p.contains(", " + SMALL.dMlp() + "]")),
                problems.toString());
    }
}
