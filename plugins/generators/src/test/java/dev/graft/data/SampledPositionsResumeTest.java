package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.ModelShape;
import dev.graft.data.Batch;
import dev.graft.data.PositionSource;
import dev.graft.train.Trainer;
import dev.graft.train.TrainerOptions;
import dev.graft.train.TrainingConfig;
import dev.graft.train.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A training run killed in the middle of an epoch and resumed reads the same sampled positions. */
class SampledPositionsResumeTest {
    private static final Game GAME = new DomineeringGame(4);
    private static final ModelShape TINY = new ModelShape(8, 4, 2, 1, 16);
    private static final int BATCH = 8;

    @TempDir
    Path tmp;

    /** Records what the trainer reads; throws (like a killed process) before reading index {@code failFrom}. */
    private static final class Recording implements PositionSource {
        private final PositionSource inner;
        private final long failFrom;
        final List<Long> starts = new ArrayList<>();
        final List<Batch> batches = new ArrayList<>();

        Recording(PositionSource inner, long failFrom) {
            this.inner = inner;
            this.failFrom = failFrom;
        }

        @Override
        public long positionsPerEpoch() {
            return inner.positionsPerEpoch();
        }

        @Override
        public Batch read(long from, int count) {
            if (from + count > failFrom) {
                throw new IllegalStateException("killed before position " + from);
            }
            Batch b = inner.read(from, count);
            starts.add(from);
            batches.add(b);
            return b;
        }

        @Override
        public Batch sample(long key, int count) {
            return inner.sample(key, count);
        }
    }

    @Test
    void a_run_resumed_mid_epoch_trains_on_the_positions_of_an_uninterrupted_one() {
        List<GameRecord> games = TestData.games(GAME, TestData.random(), 30, 5);
        int[] train = new int[24];
        int[] validation = {24, 25, 26, 27, 28, 29};
        for (int i = 0; i < train.length; i++) {
            train[i] = i;
        }
        // 24 games × 3 plies = 72 positions = 9 steps per epoch; 20 steps cross two epoch ends
        java.util.function.Supplier<SampledPositions> trainSource = () ->
                SampledPositions.training(GAME, games, train, List.of(), 42, 3, 1);
        java.util.function.Supplier<SampledPositions> validationSource = () ->
                SampledPositions.validation(GAME, games, validation, List.of(), 43, 2, 1);
        assertEquals(72, trainSource.get().positionsPerEpoch());

        Transformer whole = new Transformer(GAME, TINY, 0, 1);
        Recording wholeReads = new Recording(trainSource.get(), Long.MAX_VALUE);
        new Trainer(whole, config(tmp.resolve("whole")), wholeReads, validationSource.get(), TrainerOptions.quiet())
                .train();

        TrainingConfig c = config(tmp.resolve("killed"));
        Recording doomed = new Recording(trainSource.get(), 13L * BATCH);
        assertThrows(IllegalStateException.class, () -> new Trainer(new Transformer(GAME, TINY, 0, 1), c, doomed,
                validationSource.get(), TrainerOptions.quiet()).train());
        // checkpoints every 5 steps: the resumed process starts at step 10, in the middle of epoch 1
        Transformer resumed = new Transformer(GAME, TINY, 0, 777);
        Recording resumedReads = new Recording(trainSource.get(), Long.MAX_VALUE);
        new Trainer(resumed, c, resumedReads, validationSource.get(), TrainerOptions.quiet()).train();

        assertEquals(10L * BATCH, resumedReads.starts.get(0));
        for (int k = 0; k < resumedReads.batches.size(); k++) {
            Batch a = wholeReads.batches.get(10 + k);
            Batch b = resumedReads.batches.get(k);
            assertEquals(wholeReads.starts.get(10 + k), resumedReads.starts.get(k));
            assertArrayEquals(a.tokenIds(), b.tokenIds(), "step " + (10 + k));
            assertArrayEquals(a.policy(), b.policy(), "step " + (10 + k));
        }
        for (String name : whole.parameterNames()) {
            assertArrayEquals(whole.parameter(name).dup().data().asFloat(), resumed.parameter(name).dup().data().asFloat(),
                    name);
        }
    }

    private static TrainingConfig config(Path runDir) {
        return TrainingConfig.builder("small-aux", new TrainingSettings(1e-2, 0.01, 0, BATCH, new LossWeights(1, 0.2, 0), 5, 8, 5))
                .totalSteps(20).logEvery(1).keepCheckpoints(2).seed(42).runDir(runDir)
                .checkpointDir(TrainingConfig.defaultCheckpointDir(runDir, "small-aux")).build();
    }
}
