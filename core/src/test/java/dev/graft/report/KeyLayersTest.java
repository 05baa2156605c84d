package dev.graft.report;

import dev.graft.io.UserInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyLayersTest {

    @TempDir
    Path tmp;

    private static AnalysisSettings settings() {
        return new AnalysisSettings(List.of(), 100, List.of(0.5), 0, false, "ridge", 1, OptionalInt.empty(), null);
    }

    @Test
    void the_entrys_own_layer_comes_first_then_the_given_one_then_the_last_grafted_layer() throws Exception {
        RunContents run = RunContents.read(SyntheticRun.standard()
                .compare("{a: graft+aux, b: baseline, layer: 4}", "{a: graft+aux, b: baseline}", "{a: baseline, b: graft-aux}")
                .write(tmp.resolve("run")));
        List<Comparison> c = run.comparisons();
        assertEquals(4, KeyLayers.of(run, c.get(0), settings()));
        assertEquals(2, KeyLayers.of(run, c.get(1), settings()), "graft-check holds large_layer0..2 of graft+aux");
        assertEquals(2, KeyLayers.of(run, c.get(2), settings()), "a is not grafted, so b's last grafted layer");
        assertEquals(1, KeyLayers.of(run, c.get(1), settings().withKeyLayer(1)));
        assertEquals(4, KeyLayers.of(run, c.get(0), settings().withKeyLayer(1)), "the entry's own layer wins");
    }

    @Test
    void an_entry_of_two_ungrafted_conditions_without_a_layer_is_an_input_error() throws Exception {
        RunContents run = RunContents.read(SyntheticRun.standard().compare("{a: small+aux, b: small-aux}").write(tmp.resolve("run")));
        UserInputException e = assertThrows(UserInputException.class, () -> KeyLayers.of(run, run.comparisons().get(0), settings()));
        assertTrue(e.getMessage().contains("experiment.compare.0 (small+aux - small-aux)")
                && e.getMessage().contains("layer: 2"), e.getMessage());
    }
}
