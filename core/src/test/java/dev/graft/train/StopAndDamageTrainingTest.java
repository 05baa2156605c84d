package dev.graft.train;

import dev.graft.model.LossWeights;
import dev.graft.model.TrainableModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A stop request honoured at a step boundary, and damaged checkpoints met on resume. */
class StopAndDamageTrainingTest {
    private static final LossWeights WEIGHTS = new LossWeights(1.0, 0.2, 0.8);

    @TempDir
    Path tmp;

    private static TrainingConfig config(Path runDir, long steps) {
        return TrainingConfig.builder("small+aux", new TrainingSettings(0.05, 0.01, 2, 16, WEIGHTS, 3, 16, 4))
                .totalSteps(steps).logEvery(1).keepCheckpoints(2).seed(42).runDir(runDir)
                .checkpointDir(TrainingConfig.defaultCheckpointDir(runDir, "small+aux")).build();
    }

    private static Trainer trainer(Path dir, LinearTestModel model, TrainerOptions options) {
        return new Trainer(model, config(dir, 14), new FakeGameSource(7, 64), new FakeGameSource(8, 40), options);
    }

    /** Asks {@code stop} to stop once step {@code at} has finished (as a signal handler would, from outside). */
    private static TrainingListener stopAt(StopRequest stop, long at) {
        return new TrainingListener() {
            @Override
            public void afterStep(long step, TrainableModel model) {
                if (step == at) {
                    stop.request("SIGINT");
                }
            }
        };
    }

    private static void assertSameState(Trainer a, LinearTestModel ma, Trainer b, LinearTestModel mb) {
        for (int i = 0; i < ma.parameters().size(); i++) {
            assertArrayEquals(ma.parameters().get(i).data().asFloat(), mb.parameters().get(i).data().asFloat());
            assertArrayEquals(a.optimizer().firstMoments().get(i).data().asFloat(),
                    b.optimizer().firstMoments().get(i).data().asFloat());
            assertArrayEquals(a.optimizer().secondMoments().get(i).data().asFloat(),
                    b.optimizer().secondMoments().get(i).data().asFloat());
        }
    }

    private static List<String> names(CheckpointStore store) {
        return store.list().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void a_stop_request_checkpoints_at_the_step_boundary_and_the_resumed_run_matches_an_uninterrupted_one()
            throws IOException {
        LinearTestModel whole = new LinearTestModel(3);
        Trainer reference = trainer(tmp.resolve("whole"), whole, TrainerOptions.quiet());
        reference.train();

        // Stopped after step 13 (off the every-4 schedule, one step before the end: the hardest case for pruning).
        StopRequest stop = new StopRequest();
        Path dir = tmp.resolve("stopped");
        Trainer first = trainer(dir, new LinearTestModel(3), TrainerOptions.quiet().withStop(stop)
                .withListener(stopAt(stop, 13)));
        StopRequestedException e = assertThrows(StopRequestedException.class, first::train);
        assertEquals(13, e.step());
        assertEquals("SIGINT", e.reason());
        assertEquals("step-000013.ckpt", e.checkpoint().getFileName().toString());
        assertEquals(13, CheckpointStore.read(e.checkpoint()).step());

        LinearTestModel resumedModel = new LinearTestModel(999);
        Trainer resumed = trainer(dir, resumedModel, TrainerOptions.quiet());
        TrainingResult r = resumed.train();
        assertEquals(13, r.startStep());
        assertSameState(reference, whole, resumed, resumedModel);
        assertEquals(names(reference.checkpoints()), names(resumed.checkpoints()),
                "the stop's checkpoint is gone once a scheduled one supersedes it");
        assertEquals(Files.readAllLines(tmp.resolve("whole/metrics.jsonl")).stream().map(StopAndDamageTrainingTest::numbers).toList(),
                Files.readAllLines(dir.resolve("metrics.jsonl")).stream().map(StopAndDamageTrainingTest::numbers).toList());
    }

    private static String numbers(String jsonLine) {
        return jsonLine.replaceAll("\"(samples_per_s|step_ms)\":[^,}]*,?", "");
    }

    @Test
    void a_truncated_newest_checkpoint_is_set_aside_and_training_resumes_from_the_one_before() throws IOException {
        LinearTestModel whole = new LinearTestModel(3);
        Trainer reference = trainer(tmp.resolve("whole"), whole, TrainerOptions.quiet());
        reference.train();

        Path dir = tmp.resolve("damaged");
        StopRequest stop = new StopRequest();
        assertThrows(StopRequestedException.class, () -> trainer(dir, new LinearTestModel(3),
                TrainerOptions.quiet().withStop(stop).withListener(stopAt(stop, 9))).train());
        CheckpointStore store = new CheckpointStore(TrainingConfig.defaultCheckpointDir(dir, "small+aux"));
        assertEquals(List.of("step-000004.ckpt", "step-000008.ckpt", "step-000009.ckpt"), names(store));
        Path newest = store.latest().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        // and a flipped byte in the one before it: CRCs catch that too, so the resume falls back to step 4
        flipByte(store.list().get(1), 0.6);

        LinearTestModel resumedModel = new LinearTestModel(999);
        Trainer resumed = trainer(dir, resumedModel, TrainerOptions.quiet());
        assertEquals(4, resumed.train().startStep());
        assertSameState(reference, whole, resumed, resumedModel);
        assertTrue(Files.isRegularFile(newest.resolveSibling("step-000009.ckpt.damaged")));
    }

    @Test
    void with_every_checkpoint_damaged_training_starts_afresh_and_still_matches() throws IOException {
        LinearTestModel whole = new LinearTestModel(3);
        Trainer reference = trainer(tmp.resolve("whole"), whole, TrainerOptions.quiet());
        reference.train();
        Path dir = tmp.resolve("damaged");
        StopRequest stop = new StopRequest();
        assertThrows(StopRequestedException.class, () -> trainer(dir, new LinearTestModel(3),
                TrainerOptions.quiet().withStop(stop).withListener(stopAt(stop, 5))).train());
        CheckpointStore store = new CheckpointStore(TrainingConfig.defaultCheckpointDir(dir, "small+aux"));
        for (Path p : store.list()) {
            Files.write(p, new byte[] {1, 2, 3});
        }
        LinearTestModel resumedModel = new LinearTestModel(3);
        Trainer resumed = trainer(dir, resumedModel, TrainerOptions.quiet());
        assertEquals(0, resumed.train().startStep());
        assertSameState(reference, whole, resumed, resumedModel);
    }

    static void flipByte(Path file, double where) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int i = (int) (bytes.length * where);
        bytes[i] ^= 0x10;
        Files.write(file, bytes);
    }

    @Test
    void a_checkpoint_write_failing_for_lack_of_space_names_the_file_and_size_and_leaves_the_previous_one()
            throws IOException {
        Path dir = tmp.resolve("full");
        CheckpointStore good = new CheckpointStore(dir);
        Path previous = good.write(1, Map.of("label", "x", "model_shape", CheckpointStore.shapeMap(
                new dev.graft.spi.ModelShape(1, 1, 1, 1, 1))), List.of("w"), List.of(org.nd4j.linalg.factory.Nd4j.ones(64)),
                List.of(org.nd4j.linalg.factory.Nd4j.ones(64)), List.of(org.nd4j.linalg.factory.Nd4j.ones(64)));
        CheckpointStore full = new CheckpointStore(dir, out -> new java.io.FilterOutputStream(out) {
            long left = 200;

            @Override
            public void write(int b) throws IOException {
                if (--left < 0) {
                    throw new IOException("No space left on device");
                }
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) {
                    write(b[off + i]);
                }
            }
        });
        CheckpointException e = assertThrows(CheckpointException.class, () -> full.write(2, Map.of("label", "x",
                "model_shape", CheckpointStore.shapeMap(new dev.graft.spi.ModelShape(1, 1, 1, 1, 1))), List.of("w"),
                List.of(org.nd4j.linalg.factory.Nd4j.ones(64)), List.of(org.nd4j.linalg.factory.Nd4j.ones(64)),
                List.of(org.nd4j.linalg.factory.Nd4j.ones(64))));
        assertTrue(e.getMessage().contains("step-000002.ckpt") && e.getMessage().contains("no space left on the device")
                && e.getMessage().contains("needed at least 1.1 KB"), e.getMessage());
        assertTrue(e.getCause() instanceof dev.graft.io.NoSpaceException, String.valueOf(e.getCause()));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(previous), files.toList(), "no temporary file is left");
        }
        assertEquals(1, CheckpointStore.read(previous).step());
    }
}
