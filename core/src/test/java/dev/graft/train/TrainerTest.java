package dev.graft.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.model.LossWeights;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    private static final LossWeights WITH_AUX = new LossWeights(1.0, 0.2, 0.8);
    private static final long TRAIN_POSITIONS = 64;
    private static final long VALIDATION_POSITIONS = 40;

    @TempDir
    Path tmp;

    private TrainingConfig config(Path runDir, String label, long steps, int batch, long validateEvery,
                                  long checkpointEvery) {
        return TrainingConfig.builder(label, new TrainingSettings(0.05, 0.01, 2, batch, WITH_AUX, validateEvery, 16, checkpointEvery))
                .totalSteps(steps).logEvery(1).keepCheckpoints(2).seed(42).runDir(runDir)
                .checkpointDir(TrainingConfig.defaultCheckpointDir(runDir, label)).build();
    }

    private static Trainer trainer(TrainingConfig config, LinearTestModel model, FakeGameSource train,
                                   FakeGameSource validation) {
        return new Trainer(model, config, train, validation, TrainerOptions.quiet());
    }

    private static List<Map<String, Object>> records(Path runDir) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = json.readValue(line, LinkedHashMap.class);
            out.add(r);
        }
        return out;
    }

    /** Records without the wall-clock fields, which legitimately differ between runs. */
    private static List<Map<String, Object>> numbers(Path runDir) throws IOException {
        return records(runDir).stream().map(r -> {
            Map<String, Object> copy = new LinkedHashMap<>(r);
            copy.remove("samples_per_s");
            copy.remove("step_ms");
            return copy;
        }).toList();
    }

    private static List<Map<String, Object>> split(List<Map<String, Object>> records, String split) {
        return records.stream().filter(r -> split.equals(r.get("split"))).toList();
    }

    @Test
    void loss_goes_down_on_a_learnable_problem() {
        TrainingConfig c = config(tmp, "small+aux", 60, 16, 20, 0);
        TrainingResult result = trainer(c, new LinearTestModel(1), new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS)).train();
        List<ValidationResult> full = result.validations().stream().filter(v -> v.split().equals("full")).toList();
        ValidationResult first = result.validations().get(0);
        ValidationResult last = full.get(full.size() - 1);
        assertEquals(0, first.step());
        assertEquals(60, last.step());
        assertTrue(last.loss().total() < 0.6 * first.loss().total(),
                "loss " + first.loss().total() + " → " + last.loss().total());
        assertTrue(last.loss().aux() < first.loss().aux());
        assertTrue(last.valueAccuracy() > 0.8, "value accuracy " + last.valueAccuracy());
        assertEquals(VALIDATION_POSITIONS, last.positions());
    }

    @Test
    void quick_validation_positions_depend_only_on_the_step() {
        FakeGameSource smallValidation = new FakeGameSource(8, VALIDATION_POSITIONS);
        FakeGameSource largeValidation = new FakeGameSource(8, VALIDATION_POSITIONS);
        trainer(config(tmp.resolve("a"), "small+aux", 12, 16, 4, 0), new LinearTestModel(1),
                new FakeGameSource(7, TRAIN_POSITIONS), smallValidation).train();
        trainer(config(tmp.resolve("b"), "large-baseline", 12, 8, 4, 0), new LinearTestModel(99),
                new FakeGameSource(7, TRAIN_POSITIONS), largeValidation).train();
        assertEquals(List.of(0L, 4L, 8L, 12L), smallValidation.sampleKeys);
        assertEquals(smallValidation.sampleKeys, largeValidation.sampleKeys);
        for (int i = 0; i < smallValidation.samples.size(); i++) {
            assertArrayEquals(smallValidation.samples.get(i).tokenIds(), largeValidation.samples.get(i).tokenIds());
        }
        assertFalse(java.util.Arrays.equals(smallValidation.samples.get(0).tokenIds(),
                smallValidation.samples.get(1).tokenIds()), "different steps score different positions");
    }

    @Test
    void resume_after_kill_equals_uninterrupted_run_bitwise() throws IOException {
        Path whole = tmp.resolve("whole");
        Path killed = tmp.resolve("killed");
        LinearTestModel reference = new LinearTestModel(3);
        Trainer uninterrupted = trainer(config(whole, "small+aux", 14, 16, 3, 4), reference,
                new FakeGameSource(7, TRAIN_POSITIONS), new FakeGameSource(8, VALIDATION_POSITIONS));
        uninterrupted.train();

        TrainingConfig c = config(killed, "small+aux", 14, 16, 3, 4);
        Trainer doomed = trainer(c, new LinearTestModel(3),
                new FakeGameSource(7, TRAIN_POSITIONS).failFrom(10 * 16), new FakeGameSource(8, VALIDATION_POSITIONS));
        assertThrows(FakeGameSource.SimulatedKill.class, doomed::train);
        assertEquals(10, doomed.step());
        assertEquals(8, CheckpointStore.stepOf(doomed.checkpoints().latest().orElseThrow()));

        // A fresh process: new objects, even a differently initialised model, resumes from step 8.
        LinearTestModel resumedModel = new LinearTestModel(12345);
        Trainer resumed = trainer(c, resumedModel, new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS));
        TrainingResult r = resumed.train();
        assertEquals(8, r.startStep());
        assertEquals(14, r.finalStep());

        for (int i = 0; i < reference.parameters().size(); i++) {
            assertArrayEquals(reference.parameters().get(i).data().asFloat(),
                    resumedModel.parameters().get(i).data().asFloat(), "parameter " + i);
            assertArrayEquals(uninterrupted.optimizer().firstMoments().get(i).data().asFloat(),
                    resumed.optimizer().firstMoments().get(i).data().asFloat());
            assertArrayEquals(uninterrupted.optimizer().secondMoments().get(i).data().asFloat(),
                    resumed.optimizer().secondMoments().get(i).data().asFloat());
        }
        assertEquals(uninterrupted.optimizer().stepCount(), resumed.optimizer().stepCount());
        assertEquals(numbers(whole), numbers(killed));
    }

    @Test
    void metrics_jsonl_holds_training_and_validation_records_without_duplicates_on_resume() throws IOException {
        TrainingConfig c = config(tmp, "small-aux", 10, 16, 5, 3);
        assertThrows(FakeGameSource.SimulatedKill.class, () -> trainer(c, new LinearTestModel(1),
                new FakeGameSource(7, TRAIN_POSITIONS).failFrom(8 * 16), new FakeGameSource(8, VALIDATION_POSITIONS))
                .train());
        // Steps 7 and 8 were logged after the step-6 checkpoint; the rerun must not log them twice.
        assertTrue(split(records(tmp), "train").stream().anyMatch(r -> ((Number) r.get("step")).intValue() == 8));
        trainer(c, new LinearTestModel(1), new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS)).train();

        List<Map<String, Object>> all = records(tmp);
        List<Map<String, Object>> train = split(all, "train");
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
                train.stream().map(r -> ((Number) r.get("step")).intValue()).toList());
        LearningRateSchedule schedule = c.schedule();
        for (Map<String, Object> r : train) {
            long step = ((Number) r.get("step")).longValue();
            assertEquals(schedule.lr(step - 1), ((Number) r.get("lr")).doubleValue(), 1e-15);
            assertEquals("small-aux", r.get("label"));
            for (String key : List.of("loss", "value_loss", "policy_loss", "aux_loss", "samples_per_s", "step_ms")) {
                assertTrue(r.get(key) instanceof Number, key + " in " + r);
            }
            double weighted = 1.0 * num(r, "value_loss") + 0.2 * num(r, "policy_loss") + 0.8 * num(r, "aux_loss");
            assertEquals(weighted, num(r, "loss"), 1e-9);
        }
        assertEquals(List.of(0, 5, 10), split(all, "quick").stream()
                .map(r -> ((Number) r.get("step")).intValue()).toList());
        // 16 positions a step, 64 an epoch: epochs end at steps 4 and 8; the run ends at 10.
        List<Map<String, Object>> full = split(all, "full");
        assertEquals(List.of(4, 8, 10), full.stream().map(r -> ((Number) r.get("step")).intValue()).toList());
        for (Map<String, Object> r : full) {
            assertEquals(40, ((Number) r.get("positions")).intValue());
            for (String key : List.of("loss", "value_loss", "value_accuracy", "policy_loss", "policy_top1",
                    "aux_loss")) {
                assertTrue(r.get(key) instanceof Number, key + " in " + r);
            }
        }
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> r : all) {
            assertTrue(seen.add(r.get("split") + "@" + r.get("step")), "duplicate record " + r);
        }
    }

    @Test
    void non_finite_loss_stops_with_step_and_term_and_keeps_last_good_checkpoint() throws IOException {
        TrainingConfig c = config(tmp, "small+aux", 20, 16, 0, 5);
        // Position index 6·16 + 3 belongs to step 7 (1-based).
        Trainer t = trainer(c, new LinearTestModel(1), new FakeGameSource(7, TRAIN_POSITIONS).nanAt(6 * 16 + 3),
                new FakeGameSource(8, VALIDATION_POSITIONS));
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, t::train);
        assertEquals(7, e.step());
        assertEquals("aux", e.term());
        assertTrue(Double.isNaN(e.value()));
        Path good = c.checkpointDir().resolve("step-000005.ckpt");
        assertEquals(good, e.lastCheckpoint().orElseThrow());
        assertTrue(e.getMessage().contains("step 7") && e.getMessage().contains("aux")
                && e.getMessage().contains(good.toString()), e.getMessage());
        assertEquals(6, t.step(), "the bad step did not count");
        try (Stream<Path> files = Files.list(c.checkpointDir())) {
            // nothing half-written: the good checkpoint and the best one (the epoch end at step 4)
            assertEquals(Set.of(good, c.checkpointDir().resolve(CheckpointStore.BEST_FILE)), Set.copyOf(files.toList()));
        }
        assertEquals(5, CheckpointStore.read(good).step());
        assertTrue(split(records(tmp), "train").stream().noneMatch(r -> ((Number) r.get("step")).intValue() >= 7));
    }

    @Test
    void rerunning_a_finished_run_changes_nothing() throws IOException {
        TrainingConfig c = config(tmp, "small+aux", 6, 16, 3, 0);
        trainer(c, new LinearTestModel(1), new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS)).train();
        List<String> before = Files.readAllLines(tmp.resolve("metrics.jsonl"));
        LinearTestModel again = new LinearTestModel(77);
        TrainingResult r = trainer(c, again, new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS)).train();
        assertEquals(6, r.startStep());
        assertEquals(6, r.finalStep());
        assertEquals(before, Files.readAllLines(tmp.resolve("metrics.jsonl")));
        INDArray restored = again.parameters().get(0);
        Checkpoint last = CheckpointStore.read(r.lastCheckpoint());
        assertEquals(last.parameters().get("value.w"), restored);
    }

    @Test
    void checkpoints_rotate_and_record_metadata() {
        TrainingConfig c = config(tmp, "small+aux", 9, 16, 0, 2);
        trainer(c, new LinearTestModel(1), new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS)).train();
        CheckpointStore store = new CheckpointStore(c.checkpointDir());
        assertEquals(List.of(8L, 9L), store.list().stream().map(CheckpointStore::stepOf).toList());
        Checkpoint last = CheckpointStore.read(store.latest().orElseThrow());
        assertEquals(9, last.optimizerSteps());
        assertEquals("small+aux", last.label());
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) last.json().get("config");
        assertEquals(9, ((Number) config.get("total_steps")).intValue());
        assertEquals(16, ((Number) config.get("batch_size")).intValue());
    }

    @Test
    void micrometer_registry_times_every_step() {
        MeterRegistry registry = new SimpleMeterRegistry();
        TrainingConfig c = config(tmp, "small+aux", 5, 16, 0, 0);
        new Trainer(new LinearTestModel(1), c, new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS), new TrainerOptions(false, registry, Map.of())).train();
        assertEquals(5, registry.get("graft.train.step").tag("label", "small+aux").timer().count());
        assertEquals(80.0, registry.get("graft.train.samples").counter().count());
        assertTrue(registry.get("graft.train.samples_per_second").gauge().value() > 0);
        assertEquals(c.schedule().lr(4), registry.get("graft.train.lr").gauge().value(), 1e-15);
        assertTrue(Double.isFinite(registry.get("graft.train.loss").tag("term", "total").gauge().value()));
    }

    @Test
    void a_checkpoint_of_another_label_is_refused() {
        Path dir = tmp.resolve("ckpt");
        TrainingConfig a = TrainingConfig.builder("small+aux", new TrainingSettings(0.05, 0.01, 0, 16, WITH_AUX, 0, 16, 0))
                .totalSteps(4).logEvery(1).keepCheckpoints(2).seed(42).runDir(tmp)
                .checkpointDir(dir).build();
        trainer(a, new LinearTestModel(1), new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS)).train();
        TrainingConfig b = TrainingConfig.builder("small-aux", new TrainingSettings(0.05, 0.01, 0, 16, WITH_AUX, 0, 16, 0))
                .totalSteps(4).logEvery(1).keepCheckpoints(2).seed(42).runDir(tmp)
                .checkpointDir(dir).build();
        CheckpointException e = assertThrows(CheckpointException.class, () -> trainer(b, new LinearTestModel(1),
                new FakeGameSource(7, TRAIN_POSITIONS), new FakeGameSource(8, VALIDATION_POSITIONS)).train());
        assertTrue(e.getMessage().contains("small+aux"), e.getMessage());
    }

    @Test
    void listeners_hear_each_step_before_its_checkpoint_and_a_resume_from_where_it_starts() {
        List<String> heard = new java.util.ArrayList<>();
        TrainingConfig c = config(tmp, "small+aux", 6, 16, 3, 4);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void beforeTraining(long startStep, boolean fresh, dev.graft.model.TrainableModel model) {
                heard.add("start " + startStep + (fresh ? " fresh" : " resumed"));
            }

            @Override
            public void afterStep(long step, dev.graft.model.TrainableModel model) {
                Path ckpt = c.checkpointDir().resolve(CheckpointStore.fileName(step));
                heard.add(step + (java.nio.file.Files.exists(ckpt) ? " after its checkpoint" : ""));
            }

            @Override
            public void afterTraining(long step, dev.graft.model.TrainableModel model) {
                heard.add("end " + step);
            }
        };
        TrainerOptions options = TrainerOptions.quiet().withListener(listener);
        assertEquals(List.of(listener), options.withProvenance(Map.of("x", 1)).listeners(), "kept by withProvenance");
        assertThrows(FakeGameSource.SimulatedKill.class, () -> new Trainer(new LinearTestModel(3), c,
                new FakeGameSource(7, TRAIN_POSITIONS).failFrom(5 * 16), new FakeGameSource(8, VALIDATION_POSITIONS),
                options).train());
        new Trainer(new LinearTestModel(3), c, new FakeGameSource(7, TRAIN_POSITIONS),
                new FakeGameSource(8, VALIDATION_POSITIONS), options).train();
        assertEquals(List.of("start 0 fresh", "1", "2", "3", "4", "5", "start 4 resumed", "5", "6", "end 6"), heard);
    }

    private static double num(Map<String, Object> r, String key) {
        return ((Number) r.get(key)).doubleValue();
    }
}
