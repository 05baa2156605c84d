package dev.graft.games.othello;

import dev.graft.data.GamePositions;
import dev.graft.interop.ModelExport;
import dev.graft.interop.NpzArchive;
import dev.graft.model.LossParts;
import dev.graft.model.LossWeights;
import dev.graft.model.Transformer;
import dev.graft.spi.GameRecord;
import dev.graft.spi.ModelShape;
import dev.graft.data.Batch;
import dev.graft.train.Checkpoint;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OthelloModelTest {
    private static final ModelShape SHAPE = new ModelShape(8, 4, 2, 1, 16);

    private static List<GameRecord> randomGames(OthelloGame g, int count) {
        List<GameRecord> out = new ArrayList<>();
        for (long seed = 0; seed < count; seed++) {
            OthelloState s = g.newGame();
            SplittableRandom rng = new SplittableRandom(seed);
            List<Integer> moves = new ArrayList<>();
            while (!s.isTerminal()) {
                int m = s.legalMove(rng.nextInt(s.legalMoveCount()));
                s.play(m);
                moves.add(m);
            }
            out.add(GameRecord.of(moves.stream().mapToInt(Integer::intValue).toArray(), s, 0));
        }
        return out;
    }

    @Test
    void a_tiny_othello_model_trains_with_finite_losses_including_pass_positions() {
        Nd4j.getEnvironment().setMaxThreads(1);
        OthelloGame g = new OthelloGame(4);
        List<GameRecord> games = randomGames(g, 40);
        assertTrue(games.stream().anyMatch(r -> Arrays.stream(r.moves()).anyMatch(m -> m == g.passMove())));
        int[] all = java.util.stream.IntStream.range(0, games.size()).toArray();
        GamePositions positions = new GamePositions(g, games, all, List.of(), 3);
        Transformer model = new Transformer(g, SHAPE, 0, 1);
        assertTrue(model.parameterNames().contains("policy.empty"));
        for (int step = 0; step < 5; step++) {
            Batch b = positions.batch(positions.sampleRefs(step, 16));
            for (float v : b.value()) {
                assertTrue(v == 0f || v == 0.5f || v == 1f, "value target " + v);
            }
            LossParts loss = model.trainStep(b, new LossWeights(1.0, 1.0, 0.0));
            assertTrue(Double.isFinite(loss.total()) && loss.total() > 0, "step " + step + " loss " + loss.total());
        }
        // every position whose move was the pass has the pass as its only legal move
        for (long i = 0; i < positions.positionsPerEpoch(); i++) {
            Batch b = positions.batch(new dev.graft.data.PositionRef[] {positions.position(i)});
            if (b.policy()[0] == g.passMove()) {
                int legal = 0;
                for (boolean l : b.legal()) {
                    legal += l ? 1 : 0;
                }
                assertEquals(1, legal);
            }
        }
    }

    @Test
    void export_pads_move_squares_with_minus_one_and_the_pass_row_is_all_minus_one(@TempDir Path dir) throws Exception {
        OthelloGame g = new OthelloGame(4);
        Transformer model = new Transformer(g, SHAPE, 0, 1);
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> params = new LinkedHashMap<>(model.namedParameters());
        Checkpoint source = new Checkpoint(dir.resolve("step-000000.ckpt"),
                dev.graft.train.CheckpointMeta.untrained("test", SHAPE, null, Map.of()), model.parameterNames(),
                params, Map.of(), Map.of(), Map.of());
        NpzArchive npz = ModelExport.archive(model, source);
        Path file = dir.resolve("model.npz");
        npz.writeAtomically(file);
        assertArrayEquals(new long[] {17, 1}, npz.shape("policy.move_squares"));
        assertArrayEquals(new long[] {8, 8}, npz.shape("policy.W1"));
        assertArrayEquals(new long[] {8}, npz.shape("policy.empty"));
        try (NpzFile.Reader r = NpzFile.read(file)) {
            int[] squares = r.get("policy.move_squares", 1 << 20).asIntArray();
            for (int m = 0; m < 16; m++) {
                assertEquals(m, squares[m]);
            }
            assertEquals(-1, squares[16], "the pass covers no square");
        }
        Map<String, Object> config = ModelExport.config(model, source);
        assertEquals("mean", config.get("policy_pooling"));
        assertEquals(1, config.get("squares_per_move"));
        assertEquals(17, config.get("moves"));
    }
}
