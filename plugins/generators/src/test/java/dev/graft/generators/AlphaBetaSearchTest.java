package dev.graft.generators;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameState;
import dev.graft.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The pruned, table-driven search finds exactly the best moves of a plain full-width minimax. */
class AlphaBetaSearchTest {

    /**
     * Plain minimax from vertical's side with the study's values (finished: 1 if vertical won, else
     * 0; depth 0: sigmoid(weight·(vertical − horizontal placements left))), no pruning, no table.
     */
    static double minimax(GameState s, int depth, double weight) {
        int[] moves = new int[s.game().moves()];
        int n = s.legalMoves(moves);
        if (n == 0) {
            return s.toMove() == 1 ? 1.0 : 0.0;
        }
        if (depth == 0) {
            int diff = s.mobility(0) - s.mobility(1);
            return 1.0 / (1.0 + Math.exp(-weight * diff));
        }
        boolean max = s.toMove() == 0;
        double best = max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            s.play(moves[k]);
            double v = minimax(s, depth - 1, weight);
            best = max ? Math.max(best, v) : Math.min(best, v);
            s.undo(moves[k]);
        }
        return best;
    }

    /** The child values of every legal move of {@code s} by plain minimax, keyed by move. */
    static java.util.Map<Integer, Double> childValues(GameState s, int depth, double weight) {
        int[] moves = new int[s.game().moves()];
        int n = s.legalMoves(moves);
        java.util.Map<Integer, Double> out = new java.util.TreeMap<>();
        for (int k = 0; k < n; k++) {
            s.play(moves[k]);
            out.put(moves[k], minimax(s, depth - 1, weight));
            s.undo(moves[k]);
        }
        return out;
    }

    @Test
    void best_moves_equal_those_of_plain_minimax() {
        Game game = new DomineeringGame(5);
        var f = new AlphaBetaGeneratorFactory();
        // Depths 2 and 3 everywhere (wide_moves/medium_moves large) so pruning and the table matter.
        for (int depth = 2; depth <= 3; depth++) {
            AlphaBetaGenerator g = (AlphaBetaGenerator) f.create(Options.withDefaults(f.options(),
                    Map.of("wide_depth", depth, "medium_depth", depth, "narrow_depth", depth, "table_bits", 4,
                            "tie_break", "random")));
            AlphaBetaPlayer player = g.newPlayer(game);
            SplittableRandom rng = new SplittableRandom(depth);
            int checked = 0;
            for (int gameNo = 0; gameNo < 6; gameNo++) {
                // A new game empties the table, as play() does: within one game and at one depth no stored
                // entry is deeper than a later search asks for, so the values are those of plain minimax.
                player.newGame();
                GameState s = game.newGame();
                while (!s.isTerminal()) {
                    var values = childValues(s, depth, 0.3);
                    double best = s.toMove() == 0 ? values.values().stream().mapToDouble(x -> x).max().orElseThrow()
                            : values.values().stream().mapToDouble(x -> x).min().orElseThrow();
                    TreeSet<Integer> expected = new TreeSet<>();
                    values.forEach((m, v) -> {
                        if (v == best) {
                            expected.add(m);
                        }
                    });
                    int[] out = new int[game.moves()];
                    int tied = player.bestMoves(s, out);
                    TreeSet<Integer> got = new TreeSet<>();
                    Arrays.stream(out, 0, tied).forEach(got::add);
                    assertEquals(expected, got, "depth " + depth + " at\n" + s);
                    checked++;
                    s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
                }
            }
            assertEquals(true, checked > 20);
        }
    }
}
