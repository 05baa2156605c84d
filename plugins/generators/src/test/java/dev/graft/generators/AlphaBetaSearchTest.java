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

/** The pruned, table-driven search finds exactly the best moves of a plain full-width negamax. */
class AlphaBetaSearchTest {

    /** Plain negamax with the documented evaluation, no pruning, no table. */
    private static double negamax(GameState s, int depth, double weight) {
        int[] moves = new int[s.game().moves()];
        int n = s.legalMoves(moves);
        if (n == 0) {
            return -(1.0 + 0.001 * depth);
        }
        if (depth == 0) {
            int diff = s.mobility(0) - s.mobility(1);
            double v = 1.0 / (1.0 + Math.exp(-weight * diff)) - 0.5;
            return s.toMove() == 0 ? v : -v;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            s.play(moves[k]);
            best = Math.max(best, -negamax(s, depth - 1, weight));
            s.undo(moves[k]);
        }
        return best;
    }

    @Test
    void best_moves_equal_those_of_plain_negamax() {
        Game game = new DomineeringGame(5);
        var f = new AlphaBetaGeneratorFactory();
        // Depths 2 and 3 everywhere (wide_moves/medium_moves large) so pruning and the table matter.
        for (int depth = 2; depth <= 3; depth++) {
            AlphaBetaGenerator g = (AlphaBetaGenerator) f.create(Options.withDefaults(f.options(),
                    Map.of("wide_depth", depth, "medium_depth", depth, "narrow_depth", depth, "table_bits", 8)));
            AlphaBetaPlayer player = g.newPlayer(game);
            SplittableRandom rng = new SplittableRandom(depth);
            int checked = 0;
            for (int gameNo = 0; gameNo < 6; gameNo++) {
                GameState s = game.newGame();
                while (!s.isTerminal()) {
                    int[] moves = new int[game.moves()];
                    int n = s.legalMoves(moves);
                    double best = Double.NEGATIVE_INFINITY;
                    TreeSet<Integer> expected = new TreeSet<>();
                    for (int k = 0; k < n; k++) {
                        s.play(moves[k]);
                        double v = -negamax(s, depth - 1, 0.3);
                        s.undo(moves[k]);
                        if (v > best) {
                            best = v;
                            expected.clear();
                        }
                        if (v == best) {
                            expected.add(moves[k]);
                        }
                    }
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
