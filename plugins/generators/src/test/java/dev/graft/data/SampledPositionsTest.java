package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.data.Batch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampledPositionsTest {
    private static final int K = 57;
    private static final int MIN_PLY = 3;
    private final Game game = new DomineeringGame(6);
    private final List<GameRecord> games = TestData.games(game, TestData.alphabeta(), 12, 21);
    private final int[] split = {1, 2, 5, 8, 11};

    private SampledPositions training(long seed) {
        return SampledPositions.training(game, games, split, List.of(new TestData.EmptyPerRow(), new TestData.Occupied()),
                seed, K, MIN_PLY);
    }

    private SampledPositions validation(long seed) {
        return SampledPositions.validation(game, games, split, List.of(new TestData.EmptyPerRow()), seed, 20, MIN_PLY);
    }

    private static PositionRef[] refs(SampledPositions src, long from, int count) {
        PositionRef[] out = new PositionRef[count];
        for (int i = 0; i < count; i++) {
            out[i] = src.locate(from + i);
        }
        return out;
    }

    /** How often each (game, ply) occurs in epoch {@code epoch}. */
    private static Map<String, Integer> counts(SampledPositions src, long epoch) {
        Map<String, Integer> counts = new HashMap<>();
        long n = src.positionsPerEpoch();
        for (PositionRef r : refs(src, epoch * n, (int) n)) {
            counts.merge(r.game() + "@" + r.ply(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void an_epoch_is_k_plies_of_every_game_from_min_ply_to_its_last_ply() {
        SampledPositions src = training(3);
        assertEquals((long) K * split.length, src.positionsPerEpoch());
        assertEquals(split.length, src.games());
        assertEquals(0, src.skippedGames());
        for (int epoch = 0; epoch < 3; epoch++) {
            Map<Integer, Integer> perGame = new HashMap<>();
            for (PositionRef r : refs(src, epoch * src.positionsPerEpoch(), (int) src.positionsPerEpoch())) {
                GameRecord g = games.get(r.game());
                assertTrue(r.ply() >= MIN_PLY && r.ply() <= g.length() - 1, "ply out of range: " + r + " of " + g.length());
                perGame.merge(r.game(), 1, Integer::sum);
            }
            Map<Integer, Integer> expected = new HashMap<>();
            for (int g : split) {
                expected.put(g, K);
            }
            assertEquals(expected, perGame, "every game of the split K times in epoch " + epoch);
        }
    }

    @Test
    void plies_are_drawn_with_replacement_and_reach_both_ends_of_the_range() {
        SampledPositions src = training(4);
        Map<String, Integer> counts = counts(src, 0);
        assertTrue(counts.values().stream().anyMatch(c -> c > 1), "a ply drawn twice in one epoch: with replacement");
        Set<String> ends = new HashSet<>();
        for (int e = 0; e < 4; e++) {
            for (String key : counts(src, e).keySet()) {
                int g = Integer.parseInt(key.substring(0, key.indexOf('@')));
                int ply = Integer.parseInt(key.substring(key.indexOf('@') + 1));
                if (ply == MIN_PLY) {
                    ends.add(g + ":first");
                }
                if (ply == games.get(g).length() - 1) {
                    ends.add(g + ":last");
                }
            }
        }
        for (int g : split) {
            assertTrue(ends.contains(g + ":first") && ends.contains(g + ":last"),
                    "game " + g + " (" + games.get(g).length() + " plies) never drew ply " + MIN_PLY + " or its last ply");
        }
    }

    @Test
    void training_plies_are_redrawn_every_epoch() {
        SampledPositions src = training(5);
        Map<String, Integer> first = counts(src, 0);
        Map<String, Integer> second = counts(src, 1);
        assertNotEquals(first, second, "epoch 1 draws other plies than epoch 0");
        long n = src.positionsPerEpoch();
        assertFalse(Arrays.equals(refs(src, 0, (int) n), refs(src, n, (int) n)));
    }

    @Test
    void validation_plies_are_drawn_once_for_the_whole_run() {
        SampledPositions src = validation(6);
        assertEquals(20L * split.length, src.positionsPerEpoch());
        long n = src.positionsPerEpoch();
        assertArrayEquals(refs(src, 0, (int) n), refs(src, n, (int) n), "every epoch is the same validation set");
        assertArrayEquals(refs(src, 0, (int) n), refs(src, 5 * n, (int) n));
        Set<String> set = counts(src, 0).keySet();
        for (long step = 0; step < 5; step++) {
            for (PositionRef r : src.sampleRefs(step * 50, 64)) {
                assertTrue(set.contains(r.game() + "@" + r.ply()), "quick validation outside the validation set: " + r);
            }
        }
        assertArrayEquals(src.sampleRefs(250, 64), validation(6).sampleRefs(250, 64), "the step alone decides");
        assertFalse(Arrays.equals(src.sampleRefs(250, 64), src.sampleRefs(300, 64)));
    }

    @Test
    void draws_depend_only_on_seed_and_index_in_any_reading_order() {
        assertArrayEquals(refs(training(7), 0, 200), refs(training(7), 0, 200));
        assertFalse(Arrays.equals(refs(training(7), 0, 200), refs(training(8), 0, 200)));
        // a resumed run starts reading in the middle of epoch 2 with a fresh source
        SampledPositions whole = training(9);
        long n = whole.positionsPerEpoch();
        List<PositionRef> sequential = new ArrayList<>();
        for (long i = 0; i < 3 * n; i++) {
            sequential.add(whole.locate(i));
        }
        SampledPositions resumed = training(9);
        long from = 2 * n + 17;
        assertEquals(sequential.subList((int) from, (int) (3 * n)), Arrays.asList(refs(resumed, from, (int) (3 * n - from))));
        // and an earlier epoch read afterwards is unchanged
        assertEquals(sequential.subList(0, 30), Arrays.asList(refs(resumed, 0, 30)));
        Set<Integer> symmetries = new HashSet<>();
        for (PositionRef r : refs(whole, 0, 100)) {
            symmetries.add(r.symmetry());
        }
        assertEquals(Set.of(0, 1, 2, 3), symmetries, "each position gets a random player-preserving symmetry");
    }

    @Test
    void concurrent_reads_give_the_sequential_batches() throws Exception {
        SampledPositions src = training(10);
        long n = src.positionsPerEpoch();
        Batch[] expected = new Batch[8];
        for (int k = 0; k < 8; k++) {
            expected[k] = training(10).read(k * n / 3, 16);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Batch>> got = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                long from = k * n / 3;
                got.add(pool.submit(() -> src.read(from, 16)));
            }
            for (int k = 0; k < 8; k++) {
                assertArrayEquals(expected[k].tokenIds(), got.get(k).get().tokenIds(), "batch " + k);
                assertArrayEquals(expected[k].policy(), got.get(k).get().policy(), "batch " + k);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void batches_hold_the_replayed_position_under_its_symmetry() {
        SampledPositions src = training(11);
        Batch b = src.read(100, 40);
        assertEquals(game.rows() + 1, b.auxOutputs());
        for (int i = 0; i < b.size(); i++) {
            PositionRef ref = src.locate(100 + i);
            new PositionCheck(game, games.get(ref.game()), ref).assertRow("row " + i + " " + ref, b.tokenIds(),
                    i * b.tokens(), b.policy()[i], b.legal(), i * b.moves(), b.aux(), i * b.auxOutputs(), b.value()[i]);
            assertEquals(game.clsToken(), b.tokenIds()[i * b.tokens() + b.tokens() - 1], "CLS last");
        }
    }

    @Test
    void min_ply_applies_to_every_game_whatever_its_recorded_opening() {
        assertTrue(games.get(1).opening() > 0, "alphabeta games on 6×6 record an opening");
        SampledPositions all = SampledPositions.training(game, games, split, List.of(), 12, K, 0);
        boolean openingPly = false;
        for (PositionRef r : refs(all, 0, (int) all.positionsPerEpoch())) {
            openingPly |= r.ply() < games.get(r.game()).opening();
        }
        assertTrue(openingPly, "with min_ply 0 the opening's plies are drawn too");
    }

    @Test
    void games_no_longer_than_min_ply_contribute_nothing_and_are_counted() {
        int[] lengths = Arrays.stream(split).map(g -> games.get(g).length()).sorted().toArray();
        int minPly = lengths[1];  // games of at most this many plies are skipped: the two shortest at least
        SampledPositions src = SampledPositions.training(game, games, split, List.of(), 13, 4, minPly);
        long skipped = Arrays.stream(split).filter(g -> games.get(g).length() <= minPly).count();
        assertTrue(skipped >= 2 && skipped < split.length, "fixture has long and short games: " + Arrays.toString(lengths));
        assertEquals(skipped, src.skippedGames());
        assertEquals(split.length - skipped, src.games());
        assertEquals(4L * (split.length - skipped), src.positionsPerEpoch());
        assertEquals(lengths[lengths.length - 1], src.longestGame());
        for (PositionRef r : refs(src, 0, (int) src.positionsPerEpoch())) {
            assertTrue(games.get(r.game()).length() > minPly && r.ply() >= minPly, r.toString());
        }

        SampledPositions none = SampledPositions.training(game, games, split, List.of(), 13, 4, src.longestGame());
        assertEquals(0, none.positionsPerEpoch());
        assertEquals(split.length, none.skippedGames());
        assertThrows(IllegalStateException.class, () -> none.read(0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> SampledPositions.training(game, games, split, List.of(), 1, 0, 3));
    }

    @Test
    void default_min_ply_scales_the_studys_sixteen_plies_with_the_board_area() {
        assertEquals(16, SampledPositions.defaultMinPly(new DomineeringGame(16)));
        assertEquals(4, SampledPositions.defaultMinPly(new DomineeringGame(8)));
        assertEquals(2, SampledPositions.defaultMinPly(new DomineeringGame(6)));
        assertEquals(1, SampledPositions.defaultMinPly(new DomineeringGame(4)));
    }
}
