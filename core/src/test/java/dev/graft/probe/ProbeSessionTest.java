package dev.graft.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.data.GamePositions;
import dev.graft.io.UserInputException;
import dev.graft.model.Transformer;
import dev.graft.spec.PluginRef;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Options;
import dev.graft.spi.PluginKind;
import dev.graft.spi.Probe;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeSessionTest {
    static final ModelShape SHAPE = new ModelShape(8, 4, 2, 3, 16);

    @TempDir
    Path dir;

    static ProbeSchedule schedule(String label, int every, int positions, int finalPositions, List<Integer> layers) {
        return new ProbeSchedule(label, new PluginRef(PluginKind.PROBE, "summary", Options.empty()), every, positions,
                finalPositions, layers, false, true, true);
    }

    static ProbeSet set(int n) {
        GamePositions v = ProbeFixtures.positions(ProbeFixtures.games(40, 5), 20, 40, 3);
        return ProbeSet.draw(v, n, 42);
    }

    static Transformer model(long seed) {
        return new Transformer(ProbeFixtures.GAME, SHAPE, 0, seed);
    }

    private static ProbeSession session(ProbeSchedule... schedules) {
        return new ProbeSession(set(60), java.util.Arrays.stream(schedules)
                .map(s -> new ProbeSession.Entry(s, new ProbeFixtures.SummaryProbe(0.25))).toList(), 42);
    }

    @Test
    void periodic_probes_run_when_due_at_every_asked_layer_with_the_shuffled_control() {
        ProbeSession s = session(schedule("ridge", 3, 40, 60, List.of()), schedule("other", 2, 20, 0, List.of(1)));
        Transformer m = model(1);
        assertTrue(s.periodic(m, "c", 7, 1).isEmpty());
        List<ProbeRow> at3 = s.periodic(m, "c", 7, 3);
        assertEquals(List.of("ridge", "ridge/shuffled", "ridge", "ridge/shuffled", "ridge", "ridge/shuffled"),
                at3.stream().map(ProbeRow::probe).toList());
        assertEquals(List.of(0, 0, 1, 1, 2, 2), at3.stream().map(ProbeRow::layer).toList());
        for (ProbeRow r : at3) {
            assertEquals("c", r.condition());
            assertEquals(7, r.seed());
            assertEquals(3, r.step());
            assertEquals(30, r.nTrain());
            assertEquals(10, r.nHeldout());
            assertEquals(ProbeRow.PERIODIC, r.set());
            assertEquals(0.5, r.alpha());
        }
        List<ProbeRow> at6 = s.periodic(m, "c", 7, 6);
        assertEquals(8, at6.size(), "both probes are due at 6");
        assertEquals(List.of(1, 1), at6.stream().filter(r -> r.probe().startsWith("other")).map(ProbeRow::layer).toList());
        assertEquals(at3, s.periodic(m, "c", 7, 3).stream().toList(), "the same model gives the same rows");
    }

    @Test
    void each_layer_is_read_after_that_layer_on_the_fixed_prefix_with_the_fixed_mask() {
        ProbeSession s = session(schedule("ridge", 1, 40, 0, List.of()));
        Transformer m = model(2);
        ProbeSet first40 = s.set().prefix(40);
        float[][][] cls = m.clsResiduals(first40.tokenIds(), 40);
        boolean[] mask = ProbeSet.heldoutMask(40, 0.25, 42);
        List<ProbeRow> rows = s.periodic(m, "c", 1, 1);
        for (int layer = 0; layer < 3; layer++) {
            double expected = new ProbeFixtures.SummaryProbe(0.25).fit(cls[layer], first40.targets(), mask).score();
            int l = layer;
            ProbeRow r = rows.stream().filter(x -> x.layer() == l && x.probe().equals("ridge")).findFirst().orElseThrow();
            assertEquals(expected, r.r2(), 0.0, "layer " + layer);
            double shuffled = new ProbeFixtures.SummaryProbe(0.25)
                    .fit(cls[layer], ProbeSet.shuffledTargets(first40.targets(), 42), mask).score();
            ProbeRow c = rows.stream().filter(x -> x.layer() == l && x.probe().equals("ridge/shuffled")).findFirst()
                    .orElseThrow();
            assertEquals(shuffled, c.r2(), 0.0);
        }
    }

    @Test
    void the_final_probe_writes_what_recomputes_its_number() throws Exception {
        ProbeSession s = session(schedule("ridge", 5, 40, 60, List.of(0, 2)), schedule("second", 5, 40, 30, List.of(1)));
        Transformer m = model(3);
        InitProbe init = s.init(model(3));
        FinalProbe f = s.finalProbe(m, "graft+aux", 123, 99);
        assertEquals(List.of("ridge", "ridge/shuffled", "ridge", "ridge/shuffled", "second", "second/shuffled"),
                f.rows().stream().map(ProbeRow::probe).toList());
        assertTrue(f.rows().stream().allMatch(r -> r.set().equals(ProbeRow.FINAL) && r.step() == 99));
        ProbeFiles.writeFinal(dir, f, init.rowsFor("graft+aux", 123));

        Path layer2 = dir.resolve("probes/graft+aux-seed123/layer2");
        NpyArray x = NpyFile.read(layer2.resolve("activations.npy"), 1 << 20);
        NpyArray y = NpyFile.read(layer2.resolve("targets.npy"), 1 << 20);
        NpyArray h = NpyFile.read(layer2.resolve("heldout.npy"), 1 << 20);
        assertArrayEquals(new int[] {60, 8}, x.getShape());
        assertArrayEquals(new int[] {60, 4}, y.getShape());
        assertArrayEquals(new int[] {60}, h.getShape());
        float[][][] cls = m.clsResiduals(s.set().tokenIds(), 60);
        float[] flat = x.asFloatArray();
        for (int i = 0; i < 60; i++) {
            for (int j = 0; j < 8; j++) {
                assertEquals(cls[2][i][j], flat[i * 8 + j], 0.0f);
            }
        }
        boolean[] mask = (boolean[]) h.getData();
        assertArrayEquals(ProbeSet.heldoutMask(60, 0.25, 42), mask);

        @SuppressWarnings("unchecked")
        Map<String, Object> json = new ObjectMapper().readValue(layer2.resolve("probe.json").toFile(), Map.class);
        ProbeRow row = f.rows().stream().filter(r -> r.layer() == 2 && r.probe().equals("ridge")).findFirst().orElseThrow();
        assertEquals("ridge", json.get("probe"));
        assertEquals(0.5, json.get("alpha"));
        assertEquals(row.r2(), ((Number) json.get("r2")).doubleValue(), 0.0);
        assertEquals(99, json.get("step"));
        assertEquals(2, json.get("layer"));
        assertEquals("graft+aux", json.get("condition"));
        assertEquals(123, json.get("seed"));
        assertEquals(45, json.get("n_train"));
        assertEquals(15, json.get("n_heldout"));
        assertTrue(json.containsKey("shuffled_r2") && json.containsKey("init_r2"), json.toString());
        // the second probe writes beside the first, under its own label
        assertTrue(Files.isRegularFile(dir.resolve("probes/graft+aux-seed123/layer1-second/probe.json")));
        assertFalse(Files.exists(dir.resolve("probes/graft+aux-seed123/layer1")));
        try (var files = Files.list(layer2)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary files left");
        }
    }

    @Test
    void the_initialisation_control_is_computed_once_and_written_for_every_condition() {
        ProbeSession s = session(schedule("ridge", 5, 40, 60, List.of(1)));
        InitProbe init = s.init(model(4));
        assertEquals(List.of("ridge@init", "ridge@init"), init.rows().stream().map(ProbeRow::probe).toList());
        assertEquals(List.of(ProbeRow.PERIODIC, ProbeRow.FINAL), init.rows().stream().map(ProbeRow::set).toList());
        List<ProbeRow> forBaseline = init.rowsFor("baseline", 42);
        List<ProbeRow> forGraft = init.rowsFor("graft+aux", 42);
        assertEquals(forBaseline.get(0).r2(), forGraft.get(0).r2(), 0.0);
        assertEquals("graft+aux", forGraft.get(0).condition());
        assertEquals(0, forGraft.get(0).step());
        // a probe without the control asks for none
        ProbeSchedule none = new ProbeSchedule("ridge", schedule("ridge", 5, 40, 0, List.of()).probe(), 5, 40, 0,
                List.of(), false, false, false);
        assertTrue(new ProbeSession(set(60), List.of(new ProbeSession.Entry(none, new ProbeFixtures.SummaryProbe(0.2))), 1)
                .init(model(4)).rows().isEmpty());
    }

    @Test
    void too_few_positions_for_the_probe_is_a_user_error_saying_how_many_there_are() {
        Probe picky = new ProbeFixtures.SummaryProbe(0.2);
        Probe refusing = new Probe() {
            @Override
            public double heldoutFraction() {
                return 0.2;
            }

            @Override
            public Optional<String> incompatibility(int features, int trainingRows, int heldoutRows) {
                return trainingRows < 100 ? Optional.of("needs 100 rows") : Optional.empty();
            }

            @Override
            public ProbeResult fit(float[][] activations, float[][] targets, boolean[] heldout) {
                return picky.fit(activations, targets, heldout);
            }
        };
        ProbeSession s = new ProbeSession(set(60), List.of(new ProbeSession.Entry(schedule("ridge", 1, 1000, 0,
                List.of()), refusing)), 42);
        UserInputException e = assertThrows(UserInputException.class, () -> s.periodic(model(5), "c", 1, 1));
        assertTrue(e.getMessage().contains("60 probe positions") && e.getMessage().contains("needs 100 rows"),
                e.getMessage());
    }

    @Test
    void a_session_for_small_models_keeps_only_the_probes_that_ask_for_them() {
        ProbeSchedule large = schedule("ridge", 5, 40, 0, List.of());
        ProbeSchedule all = new ProbeSchedule("everywhere", large.probe(), 5, 40, 0, List.of(), true, true, true);
        ProbeSession s = session(large, all);
        assertEquals(List.of("everywhere"), s.forModel("small").entries().stream().map(e -> e.schedule().label()).toList());
        assertEquals(2, s.forModel("large").entries().size());
    }

    @Test
    void a_small_model_with_only_the_reference_probe_is_probed_once_at_its_end() {
        ProbeSchedule reference = new ProbeSchedule("ridge", schedule("ridge", 5, 40, 0, List.of()).probe(), 5, 40, 0,
                List.of(), false, true, true, true);
        ProbeSession small = session(reference).forModel("small");
        assertEquals(1, small.entries().size());
        assertFalse(small.entries().get(0).periodic());
        Transformer m = model(3);
        assertTrue(small.dueAt(5).isEmpty(), "no periodic probe");
        assertTrue(small.periodic(m, "small+aux", 1, 5).isEmpty());
        assertTrue(small.atStart(m, "small+aux", 1).isEmpty(), "no step-0 probe");
        assertTrue(small.init(m).rowsFor("small+aux", 1).isEmpty(), "no initialisation control");
        FinalProbe last = small.finalProbe(m, "small+aux", 1, 80);
        assertEquals(List.of(ProbeRow.FINAL), last.rows().stream().map(ProbeRow::set).distinct().toList());
        assertEquals(40, last.rows().get(0).nTrain() + last.rows().get(0).nHeldout(),
                "without final_positions the reference uses the periodic set's size");
        ProbeSession large = session(reference).forModel("large");
        assertTrue(large.entries().get(0).periodic());
        assertFalse(session(schedule("ridge", 5, 40, 0, List.of())).forModel("small").entries().iterator().hasNext(),
                "a schedule without the reference leaves small models alone");
    }

    @Test
    void the_step_zero_probe_is_the_periodic_probe_of_the_untrained_model_under_its_own_label() {
        ProbeSession s = session(schedule("ridge", 3, 40, 60, List.of()));
        Transformer m = model(4);
        List<ProbeRow> start = s.atStart(m, "graft+aux", 7);
        List<ProbeRow> at3 = s.periodic(m, "graft+aux", 7, 3).stream().filter(r -> r.probe().equals("ridge")).toList();
        assertEquals(at3.size(), start.size());
        for (int i = 0; i < start.size(); i++) {
            assertEquals(0, start.get(i).step());
            assertEquals("ridge", start.get(i).probe());
            assertEquals(at3.get(i).r2(), start.get(i).r2(), 0, "the same weights give the same R²");
        }
    }

    @Test
    void the_heads_scores_match_a_direct_count_on_the_model_outputs() {
        ProbeSet set = set(60);
        assertEquals(60, set.outcomes().length, "a drawn probe set carries the games' outcomes");
        Transformer m = new Transformer(ProbeFixtures.GAME, SHAPE, set.outputs(), 9);
        ProbeSession s = new ProbeSession(set, List.of(new ProbeSession.Entry(schedule("ridge", 3, 40, 50, List.of()),
                new ProbeFixtures.SummaryProbe(0.25))), 42);
        HeadScores h = s.heads(m).orElseThrow();
        assertEquals(50, h.positions());
        dev.graft.model.ModelOutputs out = m.predict(set.prefix(50).tokenIds(), 50);
        int right = 0;
        int wins = 0;
        for (int i = 0; i < 50; i++) {
            wins += set.outcomes()[i] == 1f ? 1 : 0;
            right += (out.value()[i] > 0 ? 1f : 0f) == set.outcomes()[i] ? 1 : 0;
        }
        assertEquals(right / 50.0, h.valueAccuracy(), 1e-12);
        assertEquals(Math.max(wins, 50 - wins) / 50.0, h.majorityShare(), 1e-12);
        int k = set.outputs();
        double r2 = 0;
        double mse = 0;
        for (int j = 0; j < k; j++) {
            double[] y = new double[50];
            double[] p = new double[50];
            for (int i = 0; i < 50; i++) {
                y[i] = set.targets()[i][j];
                p[i] = out.aux()[i][j];
            }
            double mean = java.util.Arrays.stream(y).average().orElseThrow();
            double sst = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum();
            double sse = 0;
            for (int i = 0; i < 50; i++) {
                sse += (y[i] - p[i]) * (y[i] - p[i]);
            }
            mse += sse / (50.0 * k);
            r2 += (sst > 0 ? 1 - sse / sst : 0) / k;
        }
        assertEquals(mse, h.auxMse(), 1e-9);
        assertEquals(r2, h.auxR2(), 1e-9);
    }

    @Test
    void a_per_probe_split_is_new_at_each_step_and_shared_by_the_layers_of_a_step() {
        PluginRef perProbe = new PluginRef(PluginKind.PROBE, "summary", Options.empty(),
                new Options(java.util.Map.of("split", "per-probe")));
        ProbeSchedule schedule = new ProbeSchedule("ridge", perProbe, 3, 40, 0, List.of(), false, false, false);
        assertTrue(schedule.splitPerProbe());
        assertFalse(schedule("ridge", 3, 40, 0, List.of()).splitPerProbe(), "fixed is the default");
        ProbeSession s = new ProbeSession(set(60), List.of(new ProbeSession.Entry(schedule, new ProbeFixtures.SummaryProbe(0.25))), 42);
        Transformer m = model(5);
        List<ProbeRow> at3 = s.periodic(m, "c", 1, 3);
        List<ProbeRow> at6 = s.periodic(m, "c", 1, 6);
        // the same model on another split scores differently at some layer; within a step the rows share one split
        boolean differs = false;
        for (int i = 0; i < at3.size(); i++) {
            differs |= at3.get(i).r2() != at6.get(i).r2();
        }
        assertTrue(differs, "a new split at step 6");
        assertEquals(s.periodic(m, "c", 1, 3), at3, "the split of a step is fixed by the seed and the step");
    }
}
