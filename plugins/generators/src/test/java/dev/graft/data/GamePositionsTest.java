package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.data.Batch;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GamePositionsTest {
    private final Game game = new DomineeringGame(6);
    private final List<GameRecord> games = TestData.games(game, TestData.alphabeta(), 12, 21);
    private final int[] split = {1, 2, 5, 8, 11};

    private GamePositions source(long seed) {
        return new GamePositions(game, games, split, List.of(new TestData.EmptyPerRow(), new TestData.Occupied()), seed);
    }

    @Test
    void an_epoch_visits_every_position_after_the_opening_of_the_split_once() {
        GamePositions src = source(3);
        Set<String> expected = new HashSet<>();
        for (int g : split) {
            GameRecord r = games.get(g);
            assertTrue(r.opening() > 0, "alphabeta games on 6×6 have an opening");
            for (int p = r.opening(); p < r.length(); p++) {
                expected.add(g + "@" + p);
            }
        }
        assertEquals(expected.size(), src.positionsPerEpoch());
        for (int epoch = 0; epoch < 2; epoch++) {
            Set<String> seen = new HashSet<>();
            for (long i = 0; i < src.positionsPerEpoch(); i++) {
                PositionRef ref = src.locate(epoch * src.positionsPerEpoch() + i);
                assertTrue(seen.add(ref.game() + "@" + ref.ply()), "seen twice in epoch " + epoch + ": " + ref);
            }
            assertEquals(expected, seen);
        }
        long n = src.positionsPerEpoch();
        assertFalse(Arrays.equals(refs(src, 0, (int) n), refs(src, n, (int) n)), "epochs are ordered differently");
    }

    private static PositionRef[] refs(GamePositions src, long from, int count) {
        PositionRef[] out = new PositionRef[count];
        for (int i = 0; i < count; i++) {
            out[i] = src.locate(from + i);
        }
        return out;
    }

    @Test
    void order_and_symmetries_depend_only_on_seed_and_epoch() {
        assertArrayEquals(refs(source(3), 0, 60), refs(source(3), 0, 60));
        assertFalse(Arrays.equals(refs(source(3), 0, 60), refs(source(4), 0, 60)));
        Set<Integer> symmetries = new HashSet<>();
        for (PositionRef r : refs(source(3), 0, 60)) {
            symmetries.add(r.symmetry());
        }
        assertEquals(Set.of(0, 1, 2, 3), symmetries);
        // Reading a later epoch first, then an earlier one, gives the same positions as reading in order.
        GamePositions a = source(5);
        GamePositions b = source(5);
        long n = a.positionsPerEpoch();
        PositionRef[] later = refs(a, 2 * n + 3, 10);
        refs(b, 0, 10);
        assertArrayEquals(later, refs(b, 2 * n + 3, 10));
    }

    @Test
    void batches_hold_the_replayed_position_under_its_symmetry() {
        GamePositions src = source(8);
        Batch b = src.read(5, 40);
        assertEquals(game.tokens(), b.tokens());
        assertEquals(game.rows() + 1, b.auxOutputs());
        for (int i = 0; i < b.size(); i++) {
            PositionRef ref = src.locate(5 + i);
            PositionCheck c = new PositionCheck(game, games.get(ref.game()), ref);
            c.assertRow("row " + i + " " + ref, b.tokenIds(), i * b.tokens(), b.policy()[i], b.legal(), i * b.moves(),
                    b.aux(), i * b.auxOutputs(), b.value()[i]);
            assertEquals(game.clsToken(), b.tokenIds()[i * b.tokens() + b.tokens() - 1], "CLS last");
            assertTrue(b.legal()[i * b.moves() + b.policy()[i]], "the played move is legal");
        }
    }

    @Test
    void samples_depend_on_the_key_alone() {
        Batch one = source(1).sample(42, 30);
        Batch two = source(99).sample(42, 30);
        assertArrayEquals(one.tokenIds(), two.tokenIds());
        assertArrayEquals(one.policy(), two.policy());
        assertFalse(Arrays.equals(one.policy(), source(1).sample(43, 30).policy()));
        for (PositionRef r : source(1).sampleRefs(7, 50)) {
            assertTrue(Arrays.stream(split).anyMatch(g -> g == r.game()), "sampled game outside the split: " + r);
            assertTrue(r.ply() >= games.get(r.game()).opening() && r.ply() < games.get(r.game()).length());
        }
    }
}
