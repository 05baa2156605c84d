package dev.graft.graft;

import dev.graft.model.AttentionProjection;
import dev.graft.model.DominoGame;
import dev.graft.model.Transformer;
import dev.graft.spi.GraftPlan;
import dev.graft.spi.GraftPlan.LayerCopy;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static dev.graft.graft.GraftAssertions.assertLayerCopied;
import static dev.graft.graft.GraftAssertions.assertLayerSilenced;
import static dev.graft.graft.GraftAssertions.assertLayerUntouched;
import static dev.graft.graft.GraftAssertions.assertOuterParts;
import static dev.graft.graft.GraftAssertions.same;
import static dev.graft.graft.GraftAssertions.snapshot;
import static dev.graft.graft.GraftAssertions.zero;
import static dev.graft.graft.TinyGrafts.AUX;
import static dev.graft.graft.TinyGrafts.GAME;
import static dev.graft.graft.TinyGrafts.LARGE;
import static dev.graft.graft.TinyGrafts.SMALL;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrafterTest {

    @BeforeAll
    static void oneThread() {
        Nd4j.getEnvironment().setMaxThreads(1);
    }

    @Test
    void front_plan_copies_small_layers_and_outer_parts_and_zeroes_fresh_outputs() {
        Transformer small = TinyGrafts.small(1);
        Transformer large = TinyGrafts.large(2);
        Transformer init = snapshot(large);
        Grafter.apply(TinyGrafts.offset(0), small, large);
        assertLayerCopied(small, 0, init, large, 0);
        assertLayerCopied(small, 1, init, large, 1);
        assertLayerUntouched(init, large, 2);
        assertLayerUntouched(init, large, 3);
        assertOuterParts(small, init, large, true, true, true);
    }

    @Test
    void offset_plan_silences_the_layers_before_the_graft() {
        Transformer small = TinyGrafts.small(3);
        Transformer large = TinyGrafts.large(4);
        Transformer init = snapshot(large);
        Grafter.apply(TinyGrafts.offset(2), small, large);
        assertLayerSilenced(init, large, 0);
        assertLayerSilenced(init, large, 1);
        assertLayerCopied(small, 0, init, large, 2);
        assertLayerCopied(small, 1, init, large, 3);
        assertOuterParts(small, init, large, true, true, true);
    }

    @Test
    void parts_the_plan_leaves_out_keep_the_large_models_values() {
        Transformer small = TinyGrafts.small(5);
        Transformer large = TinyGrafts.large(6);
        Transformer init = snapshot(large);
        GraftPlan plan = new GraftPlan(List.of(LayerCopy.byIndex(1, 0, SMALL)), List.of(), false, true, false);
        Grafter.apply(plan, small, large);
        assertLayerCopied(small, 1, init, large, 0);
        for (int l = 1; l < LARGE.layers(); l++) {
            assertLayerUntouched(init, large, l);
        }
        assertOuterParts(small, init, large, false, true, false);
    }

    @Test
    void head_and_neuron_maps_place_small_units_where_they_point() {
        Transformer small = TinyGrafts.small(7);
        Transformer large = TinyGrafts.large(8);
        Transformer init = snapshot(large);
        List<Integer> neurons = new java.util.ArrayList<>();
        for (int n = 0; n < SMALL.dMlp(); n++) {
            neurons.add(LARGE.dMlp() - 1 - n);
        }
        GraftPlan plan = new GraftPlan(List.of(new LayerCopy(0, 1, List.of(3, 1), neurons)), List.of(), true, true, true);
        Grafter.apply(plan, small, large);
        for (AttentionProjection p : AttentionProjection.values()) {
            same(small.head(p, 0, 0), large.head(p, 1, 3), p + " of small head 0 in large head 3");
            same(small.head(p, 0, 1), large.head(p, 1, 1), p + " of small head 1 in large head 1");
        }
        for (int h : new int[] {0, 2}) {
            same(init.head(AttentionProjection.Q, 1, h), large.head(AttentionProjection.Q, 1, h), "fresh head " + h + " W_Q");
            zero(large.head(AttentionProjection.O, 1, h), "fresh head " + h + " W_O");
        }
        for (int n = 0; n < SMALL.dMlp(); n++) {
            int target = LARGE.dMlp() - 1 - n;
            same(small.neuronIn(0, n), large.neuronIn(1, target), "W_in of small neuron " + n);
            same(small.neuronOut(0, n), large.neuronOut(1, target), "W_out of small neuron " + n);
        }
        for (int n = 0; n < LARGE.dMlp() - SMALL.dMlp(); n++) {
            same(init.neuronIn(1, n), large.neuronIn(1, n), "W_in of fresh neuron " + n);
            zero(large.neuronOut(1, n), "W_out of fresh neuron " + n);
        }
    }

    @Test
    void an_aux_head_the_large_model_lacks_is_refused_and_nothing_is_written() {
        Transformer small = TinyGrafts.small(9);
        for (int aux : new int[] {0, AUX + 1}) {
            Transformer large = GraftAssertions.randomise(new Transformer(GAME, LARGE, aux, 10), 0.3, 10);
            Transformer init = snapshot(large);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Grafter.apply(TinyGrafts.offset(1), small, large));
            assertTrue(e.getMessage().contains("auxiliary head of 3 outputs"), e.getMessage());
            assertTrue(e.getMessage().contains(aux == 0 ? "has none" : "has one of 4"), e.getMessage());
            for (String name : large.parameterNames()) {
                same(init.parameter(name), large.parameter(name), name + " unchanged after a refused graft");
            }
        }
    }

    @Test
    void a_small_model_without_aux_head_leaves_the_large_aux_head_alone() {
        Transformer small = GraftAssertions.randomise(new Transformer(GAME, SMALL, 0, 11), 0.3, 11);
        Transformer large = TinyGrafts.large(12);
        Transformer init = snapshot(large);
        Grafter.apply(TinyGrafts.offset(0), small, large);
        same(init.parameter("aux.W"), large.parameter("aux.W"), "aux.W");
        same(small.parameter("value.W"), large.parameter("value.W"), "value.W");
    }

    @Test
    void models_of_different_widths_or_games_are_refused_with_what_differs() {
        Transformer small = TinyGrafts.small(13);
        String dModel = assertThrows(IllegalArgumentException.class, () -> Grafter.apply(TinyGrafts.offset(0), small,
                new Transformer(GAME, new ModelShape(16, 4, 4, 4, 20), AUX, 1))).getMessage();
        assertTrue(dModel.contains("d_model is 8") && dModel.contains("16"), dModel);
        String dHead = assertThrows(IllegalArgumentException.class, () -> Grafter.apply(TinyGrafts.offset(0), small,
                new Transformer(GAME, new ModelShape(8, 2, 4, 4, 20), AUX, 1))).getMessage();
        assertTrue(dHead.contains("d_head is 4") && dHead.contains("same d_head"), dHead);
        String game = assertThrows(IllegalArgumentException.class, () -> Grafter.apply(TinyGrafts.offset(0), small,
                new Transformer(new DominoGame(4, 4), LARGE, AUX, 1))).getMessage();
        assertTrue(game.contains("same game"), game);
    }

    @Test
    void plans_pointing_outside_either_model_are_refused() {
        Transformer small = TinyGrafts.small(14);
        Transformer large = TinyGrafts.large(15);
        String tooDeep = assertThrows(IllegalArgumentException.class,
                () -> Grafter.apply(TinyGrafts.offset(3), small, large)).getMessage();
        assertTrue(tooDeep.contains("large layer 4") && tooDeep.contains("4 layers"), tooDeep);
        String noSuchSmall = assertThrows(IllegalArgumentException.class, () -> Grafter.apply(
                new GraftPlan(List.of(LayerCopy.byIndex(2, 0, SMALL)), List.of(), true, true, true), small, large))
                .getMessage();
        assertTrue(noSuchSmall.contains("small layer 2") && noSuchSmall.contains("2 layers"), noSuchSmall);
        String wideHead = assertThrows(IllegalArgumentException.class, () -> Grafter.apply(new GraftPlan(
                List.of(new LayerCopy(0, 0, List.of(0, 4), LayerCopy.byIndex(0, 0, SMALL).neuronMap())), List.of(),
                true, true, true), small, large)).getMessage();
        assertTrue(wideHead.contains("large head 4") && wideHead.contains("4 heads"), wideHead);
        String shortMap = assertThrows(IllegalArgumentException.class, () -> Grafter.apply(new GraftPlan(
                List.of(new LayerCopy(0, 0, List.of(0), LayerCopy.byIndex(0, 0, SMALL).neuronMap())), List.of(),
                true, true, true), small, large)).getMessage();
        assertTrue(shortMap.contains("1 entries") && shortMap.contains("2 heads"), shortMap);
        String wider = assertThrows(IllegalArgumentException.class, () -> Grafter.apply(TinyGrafts.offset(0),
                TinyGrafts.large(16), TinyGrafts.small(17))).getMessage();
        assertTrue(wider.contains("map"), wider);
    }

    @Test
    void a_plan_that_writes_one_large_layer_twice_or_silences_a_copied_one_cannot_be_made() {
        assertThrows(IllegalArgumentException.class, () -> new GraftPlan(
                List.of(LayerCopy.byIndex(0, 1, SMALL), LayerCopy.byIndex(1, 1, SMALL)), List.of(), true, true, true));
        assertThrows(IllegalArgumentException.class, () -> new GraftPlan(
                List.of(LayerCopy.byIndex(0, 1, SMALL)), List.of(1), true, true, true));
        assertThrows(IllegalArgumentException.class, () -> new LayerCopy(0, 0, List.of(1, 1), List.of()));
    }
}
