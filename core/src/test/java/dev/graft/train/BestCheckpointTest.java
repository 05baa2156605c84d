package dev.graft.train;

import dev.graft.data.Batch;
import dev.graft.model.Evaluation;
import dev.graft.model.LossParts;
import dev.graft.model.LossWeights;
import dev.graft.model.TrainableModel;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer keeps the checkpoint of the lowest epoch-end validation loss beside the last one. */
class BestCheckpointTest {

    private static final LossWeights WEIGHTS = new LossWeights(1.0, 0.2, 0.8);
    /** 64 training positions in batches of 16: an epoch every 4 steps, full validations at 4, 8, … 24. */
    private static final long TRAIN_POSITIONS = 64;
    private static final int BATCH = 16;
    private static final long STEPS = 24;

    @TempDir
    Path tmp;

    /**
     * A {@link LinearTestModel} that really trains, but whose validation loss after {@code n} steps is
     * {@code |n − 13| + 1}: down until step 13, then up. The best epoch end is therefore step 12 (loss 2);
     * a quick validation at step 13 (loss 1) must not count.
     */
    private static final class DownThenUp implements TrainableModel {
        private final LinearTestModel inner;
        private long steps;

        DownThenUp(long seed, long stepsAlreadyTaken) {
            inner = new LinearTestModel(seed);
            steps = stepsAlreadyTaken;
        }

        static double loss(long step) {
            return Math.abs(step - 13) + 1.0;
        }

        @Override
        public ModelShape shape() {
            return inner.shape();
        }

        @Override
        public List<String> parameterNames() {
            return inner.parameterNames();
        }

        @Override
        public List<INDArray> parameters() {
            return inner.parameters();
        }

        @Override
        public List<INDArray> gradients() {
            return inner.gradients();
        }

        @Override
        public LossParts trainStep(Batch batch, LossWeights weights) {
            steps++;
            return inner.trainStep(batch, weights);
        }

        @Override
        public Evaluation evaluate(Batch batch, LossWeights weights) {
            Evaluation real = inner.evaluate(batch, weights);
            double l = loss(steps);
            return new Evaluation(new LossParts(l, l, 0, 0), real.valueAccuracy(), real.policyTop1(), real.count());
        }
    }

    private TrainingConfig config(Path runDir) {
        // validate every 13 steps: a quick validation at the scripted minimum that is not an epoch end;
        // checkpoints every 4 steps, all kept, so the best one can be compared with the step checkpoint
        return TrainingConfig.builder("small+aux", new TrainingSettings(0.05, 0.01, 0, BATCH, WEIGHTS, 13, 16, 4))
                .totalSteps(STEPS).logEvery(1).keepCheckpoints(10).seed(42).runDir(runDir)
                .checkpointDir(TrainingConfig.defaultCheckpointDir(runDir, "small+aux")).build();
    }

    private static Trainer trainer(TrainingConfig c, TrainableModel model, FakeGameSource train) {
        return new Trainer(model, c, train, new FakeGameSource(8, 40), TrainerOptions.quiet());
    }

    @Test
    void the_best_checkpoint_is_the_epoch_end_with_the_lowest_validation_loss() {
        TrainingConfig c = config(tmp);
        Trainer t = trainer(c, new DownThenUp(3, 0), new FakeGameSource(7, TRAIN_POSITIONS));
        TrainingResult r = t.train();
        assertEquals(List.of(4L, 8L, 12L, 16L, 20L, 24L), r.validations().stream()
                .filter(v -> v.split().equals("full")).map(ValidationResult::step).toList());
        assertTrue(r.validations().stream().anyMatch(v -> v.split().equals("quick") && v.step() == 13),
                "a quick validation at step 13 scored lower than every epoch end");

        CheckpointStore store = t.checkpoints();
        Path best = store.best().orElseThrow();
        assertEquals(c.checkpointDir().resolve("best.ckpt"), best);
        assertEquals(best, store.select("best").orElseThrow());
        assertEquals(c.checkpointDir().resolve("step-000024.ckpt"), store.select("last").orElseThrow());

        Checkpoint b = CheckpointStore.read(best);
        assertEquals(12, b.step(), "the epoch end with the lowest loss, not the last and not the quick validation");
        @SuppressWarnings("unchecked")
        Map<String, Object> why = (Map<String, Object>) b.json().get("best");
        assertEquals(12, ((Number) why.get("step")).longValue());
        assertEquals(DownThenUp.loss(12), ((Number) why.get("loss")).doubleValue());
        Checkpoint atTwelve = CheckpointStore.read(c.checkpointDir().resolve("step-000012.ckpt"));
        for (String name : b.parameterNames()) {
            assertArrayEquals(atTwelve.parameters().get(name).data().asFloat(), b.parameters().get(name).data().asFloat(),
                    name + ": the best checkpoint holds the model as it was at step 12");
        }
        assertFalse(store.list().contains(best), "best.ckpt is not one of the step checkpoints");
        store.prune(1);
        assertTrue(store.best().isPresent(), "pruning keeps the best checkpoint");
    }

    @Test
    void a_resumed_run_knows_the_best_so_far_and_ends_with_the_same_best_checkpoint() throws IOException {
        Path whole = tmp.resolve("whole");
        trainer(config(whole), new DownThenUp(3, 0), new FakeGameSource(7, TRAIN_POSITIONS)).train();

        Path killed = tmp.resolve("killed");
        TrainingConfig c = config(killed);
        Trainer doomed = trainer(c, new DownThenUp(3, 0), new FakeGameSource(7, TRAIN_POSITIONS).failFrom(18L * BATCH));
        assertThrows(FakeGameSource.SimulatedKill.class, doomed::train);
        assertEquals(16, CheckpointStore.stepOf(doomed.checkpoints().latest().orElseThrow()));
        // The resumed run's first full validation (step 20, loss 8) is worse than step 12's (loss 2): a run
        // that forgot the best so far would overwrite best.ckpt with step 20.
        TrainingResult r = trainer(c, new DownThenUp(77, 16), new FakeGameSource(7, TRAIN_POSITIONS)).train();
        assertEquals(16, r.startStep());
        Checkpoint expected = CheckpointStore.read(new CheckpointStore(config(whole).checkpointDir()).best().orElseThrow());
        Checkpoint resumed = CheckpointStore.read(new CheckpointStore(c.checkpointDir()).best().orElseThrow());
        assertEquals(12, resumed.step());
        for (String name : expected.parameterNames()) {
            assertArrayEquals(expected.parameters().get(name).data().asFloat(),
                    resumed.parameters().get(name).data().asFloat(), name);
        }
    }

    @Test
    void a_fresh_start_removes_a_stale_best_checkpoint() throws IOException {
        TrainingConfig c = config(tmp);
        Files.createDirectories(c.checkpointDir());
        Path stale = c.checkpointDir().resolve(CheckpointStore.BEST_FILE);
        Files.writeString(stale, "left by a run killed before its first checkpoint");
        TrainingConfig shortRun = c.withTotalSteps(2);
        trainer(shortRun, new DownThenUp(3, 0), new FakeGameSource(7, TRAIN_POSITIONS)).train();
        // the 2-step run's only full validation (at its end) is its best
        assertEquals(2, CheckpointStore.read(stale).step());
    }

    @Test
    void a_failed_best_write_leaves_the_previous_best_untouched() throws IOException {
        Path dir = tmp.resolve("ck");
        LinearTestModel m = new LinearTestModel(1);
        List<INDArray> zeros = m.parameters().stream().map(INDArray::like).toList();
        new CheckpointStore(dir).writeBest(4, Map.of("label", "x", "model_shape", CheckpointStore.shapeMap(m.shape())),
                m.parameterNames(), m.parameters(), zeros, zeros);
        CheckpointStore failing = new CheckpointStore(dir, out -> new OutputStream() {
            private long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > 100) {
                    throw new IOException("disk full");
                }
                out.write(b);
            }
        });
        assertThrows(CheckpointException.class, () -> failing.writeBest(8, Map.of("label", "x", "model_shape",
                CheckpointStore.shapeMap(m.shape())), m.parameterNames(), m.parameters(), zeros, zeros));
        assertEquals(4, CheckpointStore.read(failing.best().orElseThrow()).step());
        try (var files = Files.list(dir)) {
            assertEquals(List.of("best.ckpt"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void asking_for_an_unknown_checkpoint_names_the_choices() {
        CheckpointStore store = new CheckpointStore(tmp.resolve("none"));
        assertTrue(store.select("best").isEmpty());
        assertTrue(store.select("last").isEmpty());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.select("middle"));
        assertTrue(e.getMessage().contains("best") && e.getMessage().contains("last"), e.getMessage());
    }
}
