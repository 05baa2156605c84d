package dev.graft.train;

import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spi.ModelShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trainer driving the real transformer (tiny shape) on the fake game. */
class TransformerTrainingTest {

    private static final ModelShape TINY = new ModelShape(8, 4, 2, 1, 16);
    private static final LossWeights WEIGHTS = new LossWeights(1.0, 0.2, 0.8);

    @TempDir
    Path tmp;

    private static Transformer model(long seed) {
        return new Transformer(new FakeGame(), TINY, FakeGameSource.AUX, seed);
    }

    private static TrainingConfig config(Path runDir, long steps, double lr, long validateEvery) {
        return TrainingConfig.builder("small+aux", new TrainingSettings(lr, 0.01, 0, 16, WEIGHTS, validateEvery, 32, 4))
                .totalSteps(steps).logEvery(1).keepCheckpoints(2).seed(42).runDir(runDir)
                .checkpointDir(TrainingConfig.defaultCheckpointDir(runDir, "small+aux")).build();
    }

    @Test
    void transformer_loss_falls_under_the_trainer() {
        // Three epochs of 320 positions in 60 steps (the study's initialisation starts with larger weights than
        // N(0, 0.02²) and a d_model of 8 needs more than one epoch); the validation set (32) is scored at step 0
        // and at the end.
        TrainingResult r = new Trainer(model(1), config(tmp, 60, 3e-2, 60), new FakeGameSource(7, 320),
                new FakeGameSource(8, 32), TrainerOptions.quiet()).train();
        List<ValidationResult> quick = r.validations().stream().filter(v -> v.split().equals("quick")).toList();
        assertEquals(List.of(0L, 60L), quick.stream().map(ValidationResult::step).toList());
        double start = quick.get(0).loss().total();
        double end = quick.get(1).loss().total();
        assertTrue(end < 0.85 * start, "loss " + start + " → " + end);
    }

    @Test
    void transformer_resumed_after_kill_matches_uninterrupted_run_bitwise() {
        Transformer reference = model(3);
        new Trainer(reference, config(tmp.resolve("whole"), 8, 1e-2, 5), new FakeGameSource(7, 64),
                new FakeGameSource(8, 40), TrainerOptions.quiet()).train();

        TrainingConfig c = config(tmp.resolve("killed"), 8, 1e-2, 5);
        assertThrows(FakeGameSource.SimulatedKill.class, () -> new Trainer(model(3), c,
                new FakeGameSource(7, 64).failFrom(6 * 16), new FakeGameSource(8, 40), TrainerOptions.quiet()).train());
        Transformer resumed = model(999);
        TrainingResult r = new Trainer(resumed, c, new FakeGameSource(7, 64), new FakeGameSource(8, 40),
                TrainerOptions.quiet()).train();
        assertEquals(4, r.startStep());
        for (int i = 0; i < reference.parameters().size(); i++) {
            assertArrayEquals(reference.parameters().get(i).dup().data().asFloat(),
                    resumed.parameters().get(i).dup().data().asFloat(), reference.parameterNames().get(i));
        }
    }

    @Test
    void training_without_the_auxiliary_loss_leaves_the_auxiliary_head_as_initialised() {
        // torch's AdamW skips a parameter without a gradient: no decay, no moments (the study's small−aux).
        Transformer model = model(5);
        Transformer initial = model(5);
        TrainingConfig c = TrainingConfig.builder("small-aux",
                        new TrainingSettings(1e-2, 0.5, 0, 16, new LossWeights(1.0, 0.2, 0.0), 0, 32, 6))
                .totalSteps(6).logEvery(1).keepCheckpoints(2).seed(42).runDir(tmp)
                .checkpointDir(TrainingConfig.defaultCheckpointDir(tmp, "small-aux")).build();
        new Trainer(model, c, new FakeGameSource(7, 64), new FakeGameSource(8, 32), TrainerOptions.quiet()).train();
        for (String name : List.of("aux.W", "aux.b")) {
            assertArrayEquals(initial.parameter(name).dup().data().asFloat(), model.parameter(name).dup().data().asFloat(), name);
        }
        for (String name : List.of("value.W", "policy.W1", "embed.W_state")) {
            assertTrue(!java.util.Arrays.equals(initial.parameter(name).dup().data().asFloat(), model.parameter(name).dup().data().asFloat()),
                    name + " should have trained");
        }
    }
}
