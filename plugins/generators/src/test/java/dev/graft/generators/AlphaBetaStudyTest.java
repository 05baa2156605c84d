package dev.graft.generators;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;
import dev.graft.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study's alpha-beta details on hand-built positions: move order, tie-break, table reuse, values. */
class AlphaBetaStudyTest {

    private static AlphaBetaPlayer player(Game game, Map<String, Object> given) {
        var f = new AlphaBetaGeneratorFactory();
        return ((AlphaBetaGenerator) f.create(Options.withDefaults(f.options(), given))).newPlayer(game);
    }

    private static AlphaBetaPlayer atDepth(Game game, int depth) {
        return player(game, Map.of("wide_depth", depth, "medium_depth", depth, "narrow_depth", depth));
    }

    /** |i − c| + |j − c| of a Domineering move's top/left square, computed from the move encoding itself. */
    private static double centreDistance(int move, int n) {
        int p = n * (n - 1);
        int i = move < p ? move / n : (move - p) % n;
        int j = move < p ? move % n : (move - p) / n;
        double c = (n - 1) / 2.0;
        return Math.abs(i - c) + Math.abs(j - c);
    }

    @Test
    void moves_are_ordered_centre_first_with_the_tables_move_in_front() {
        Game game = new DomineeringGame(16);
        CentreFirstOrder order = new CentreFirstOrder(game);
        // The study's own example: 120 is (7,8), 128 is (8,0), 239 is (14,15); 0 and 15 tie at distance 15.
        int[] moves = {0, 15, 120, 128, 239};
        order.order(moves, 5, -1);
        assertArrayEquals(new int[] {120, 128, 239, 0, 15}, moves);
        int[] hinted = {0, 15, 120, 128, 239};
        order.order(hinted, 5, 15);
        assertArrayEquals(new int[] {15, 120, 128, 239, 0}, hinted, "the table's move first, the rest in order");
        int[] absent = {239, 0, 120};
        order.order(absent, 3, 400);
        assertArrayEquals(new int[] {120, 239, 0}, absent, "a hint that is not legal here changes nothing");

        int n = game.moves();
        int[] all = new int[n];
        for (int m = 0; m < n; m++) {
            all[m] = m;
        }
        order.order(all, n, -1);
        // Distance 1 from (7.5, 7.5): top/left squares (7,7), (7,8), (8,7), (8,8), vertical then horizontal by index.
        assertArrayEquals(new int[] {119, 120, 135, 136, 240 + 7 * 16 + 7, 240 + 7 * 16 + 8, 240 + 8 * 16 + 7,
                240 + 8 * 16 + 8}, Arrays.copyOf(all, 8));
        for (int k = 1; k < n; k++) {
            assertTrue(centreDistance(all[k - 1], 16) <= centreDistance(all[k], 16), "position " + k);
        }
    }

    /** Positions of random 6×6 games with the side to move varying, including the empty board. */
    private static List<GameState> positions(Game game, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<GameState> out = new ArrayList<>(List.of(game.newGame()));
        while (out.size() < count) {
            GameState s = game.newGame();
            int plies = 1 + rng.nextInt(14);
            for (int p = 0; p < plies && !s.isTerminal(); p++) {
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
            if (!s.isTerminal() && s.legalMoveCount() >= 2) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void the_first_tie_break_plays_the_first_best_move_in_centre_first_order() {
        Game game = new DomineeringGame(6);
        int withTies = 0;
        for (int depth = 1; depth <= 2; depth++) {
            AlphaBetaPlayer player = atDepth(game, depth);
            for (GameState s : positions(game, 25, depth)) {
                var values = AlphaBetaSearchTest.childValues(s, depth, 0.3);
                double best = s.toMove() == 0 ? values.values().stream().mapToDouble(x -> x).max().orElseThrow()
                        : values.values().stream().mapToDouble(x -> x).min().orElseThrow();
                List<Integer> bestMoves = values.entrySet().stream().filter(e -> e.getValue() == best)
                        .map(Map.Entry::getKey)
                        .sorted(Comparator.<Integer>comparingDouble(m -> centreDistance(m, 6)).thenComparing(m -> m))
                        .toList();
                withTies += bestMoves.size() > 1 ? 1 : 0;
                Set<Integer> chosen = new HashSet<>();
                for (int seed = 0; seed < 5; seed++) {
                    player.newGame();
                    chosen.add(player.searchedMove(s, new SplittableRandom(seed)));
                }
                assertEquals(Set.of(bestMoves.get(0)), chosen, "depth " + depth + ", best " + bestMoves + " in\n" + s);
            }
        }
        assertTrue(withTies > 10, "the positions must exercise ties, got " + withTies);
    }

    @Test
    void a_stored_entry_answers_a_search_only_when_it_was_searched_at_least_as_deep() {
        TranspositionTable t = new TranspositionTable(4);
        t.store(42L, 3, 0.7, TranspositionTable.EXACT, 9);
        int slot = t.find(42L);
        assertTrue(t.answers(slot, 2) && t.answers(slot, 3));
        assertFalse(t.answers(slot, 4));
        assertEquals(9, t.move(slot));

        // In a search: the root (vertical, depth 2) asks each child for depth 1. A stored exact "vertical
        // wins" (1.0) for one corner move's child makes the search play it, unless stored shallower.
        Game game = new DomineeringGame(6);
        GameState root = game.newGame();
        AlphaBetaPlayer player = atDepth(game, 2);
        player.newGame();
        int natural = player.searchedMove(root, new SplittableRandom(1));
        int corner = 0; // V(0,0): the last in centre-first order among vertical moves, not the natural choice
        assertNotEquals(natural, corner);
        root.play(corner);
        long child = root.hash();
        root.undo(corner);
        for (int storedDepth : new int[] {1, 5}) {
            player.newGame();
            player.table().store(child, storedDepth, 1.0, TranspositionTable.EXACT, -1);
            assertEquals(corner, player.searchedMove(root, new SplittableRandom(1)), "stored at depth " + storedDepth);
        }
        player.newGame();
        player.table().store(child, 0, 1.0, TranspositionTable.EXACT, -1);
        assertEquals(natural, player.searchedMove(root, new SplittableRandom(1)), "a shallower entry only orders moves");
    }

    @Test
    void the_table_lasts_the_whole_game_and_a_new_game_starts_it_empty() {
        Game game = new DomineeringGame(6);
        AlphaBetaPlayer player = atDepth(game, 3);
        player.newGame();
        GameState s = game.newGame();
        s.play(player.searchedMove(s, new SplittableRandom(0)));
        int afterOne = player.table().size();
        assertTrue(afterOne > 0);
        player.searchedMove(s, new SplittableRandom(0));
        assertTrue(player.table().size() > afterOne, "the second search of the game adds to the first one's entries");
        player.play(5);
        GameState fresh = game.newGame();
        player.newGame();
        assertEquals(0, player.table().size());
        fresh.play(player.searchedMove(fresh, new SplittableRandom(0)));
        assertEquals(afterOne, player.table().size(), "the same first search from an empty table");
    }

    @Test
    void the_table_grows_without_losing_an_entry() {
        TranspositionTable t = new TranspositionTable(4);
        SplittableRandom rng = new SplittableRandom(3);
        long[] keys = new long[3000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = rng.nextLong();
            t.store(keys[i], 1 + i % 3, i, TranspositionTable.LOWER, i);
        }
        t.store(keys[7], 2, -1.0, TranspositionTable.UPPER, 77);
        assertEquals(keys.length, t.size());
        for (int i = 0; i < keys.length; i++) {
            int slot = t.find(keys[i]);
            assertTrue(slot >= 0, "key " + i);
            assertEquals(i == 7 ? 77 : i, t.move(slot));
        }
        t.newGame();
        assertEquals(-1, t.find(keys[0]));
    }

    @Test
    void finished_positions_score_one_or_zero_and_others_the_mobility_sigmoid() {
        Game game = new DomineeringGame(5);
        AlphaBetaPlayer player = atDepth(game, 1);
        SplittableRandom rng = new SplittableRandom(4);
        Set<Double> finished = new HashSet<>();
        for (int g = 0; g < 20; g++) {
            GameState s = game.newGame();
            while (!s.isTerminal()) {
                double expected = 1.0 / (1.0 + Math.exp(-0.3 * (s.mobility(0) - s.mobility(1))));
                assertEquals(expected, player.leafValue(s), 0.0);
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
            double v = player.leafValue(s);
            assertEquals(s.winner() == 0 ? 1.0 : 0.0, v, 0.0);
            finished.add(v);
        }
        assertEquals(Set.of(0.0, 1.0), finished, "both results occur");
    }

    @Test
    void the_study_settings_are_the_defaults() {
        AlphaBetaSettings d = AlphaBetaSettings.defaults();
        assertEquals(List.of(1, 2, 3), List.of(d.depthFor(100), d.depthFor(99), d.depthFor(29)));
        assertEquals(2, d.depthFor(30));
        assertEquals(0.25, d.randomMove());
        assertEquals(0.3, d.mobilityWeight());
        assertEquals("first", d.tieBreak());
        assertEquals(16, RandomOpening.plies(new DomineeringGame(16), d.opening()));
    }
}
