package dev.graft.generators;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.games.othello.OthelloGame;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.Options;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Alpha-beta on Othello: passes, draws (valued ½) and the disc-difference evaluation. */
class AlphaBetaOthelloTest {

    /** Plain minimax from black's side: finished 1 / ½ / 0, depth 0 sigmoid(w·(black − white discs)). */
    static double minimax(GameState s, int depth, double weight) {
        if (s.isTerminal()) {
            return s.isDraw() ? 0.5 : s.winner() == 0 ? 1.0 : 0.0;
        }
        if (depth == 0) {
            int diff = 0;
            for (int q = 0; q < s.game().squares(); q++) {
                diff += s.squareState(q) == 1 ? 1 : s.squareState(q) == 2 ? -1 : 0;
            }
            return 1.0 / (1.0 + Math.exp(-weight * diff));
        }
        int[] moves = new int[s.game().moves()];
        int n = s.legalMoves(moves);
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

    private static AlphaBetaGenerator generator(Map<String, Object> options) {
        var f = new AlphaBetaGeneratorFactory();
        return (AlphaBetaGenerator) f.create(Options.withDefaults(f.options(), options));
    }

    @Test
    void best_moves_with_disc_difference_equal_plain_minimax_through_passes_and_draws() {
        OthelloGame game = new OthelloGame(4);
        int depth = 3;
        AlphaBetaPlayer player = generator(Map.of("wide_depth", depth, "medium_depth", depth, "narrow_depth", depth,
                "table_bits", 4, "tie_break", "random", "evaluation", "disc-difference")).newPlayer(game);
        SplittableRandom rng = new SplittableRandom(1);
        int checked = 0;
        int passes = 0;
        for (int gameNo = 0; gameNo < 12; gameNo++) {
            player.newGame();
            GameState s = game.newGame();
            while (!s.isTerminal()) {
                int[] moves = new int[game.moves()];
                int n = s.legalMoves(moves);
                Map<Integer, Double> values = new TreeMap<>();
                for (int k = 0; k < n; k++) {
                    s.play(moves[k]);
                    values.put(moves[k], minimax(s, depth - 1, 0.3));
                    s.undo(moves[k]);
                }
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
                assertEquals(expected, got, "at\n" + s);
                checked++;
                int move = s.legalMove(rng.nextInt(s.legalMoveCount()));
                passes += move == game.passMove() ? 1 : 0;
                s.play(move);
            }
        }
        assertTrue(checked > 50 && passes > 0, checked + " positions, " + passes + " passes");
    }

    @Test
    void a_drawn_end_is_worth_one_half() {
        OthelloGame game = new OthelloGame(4);
        AlphaBetaPlayer player = generator(Map.of()).newPlayer(game);
        for (long seed = 0; seed < 300; seed++) {
            GameState s = game.newGame();
            SplittableRandom rng = new SplittableRandom(seed);
            while (!s.isTerminal()) {
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
            assertEquals(s.isDraw() ? 0.5 : s.winner() == 0 ? 1.0 : 0.0, player.leafValue(s));
            if (s.isDraw()) {
                return;
            }
        }
        throw new AssertionError("no drawn 4×4 game in 300 random games");
    }

    @Test
    void random_and_alphabeta_play_whole_othello_games_that_replay_to_their_result() {
        OthelloGame game = new OthelloGame(6);
        GameGenerator[] generators = {
            generator(Map.of("evaluation", "disc-difference")),
            generator(Map.of()),
            new RandomGeneratorFactory().create(Options.withDefaults(new RandomGeneratorFactory().options(), Map.of()))
        };
        for (GameGenerator g : generators) {
            assertTrue(g.incompatibility(game).isEmpty());
            GameGenerator.GamePlayer p = g.newPlayer(game);
            for (long seed = 0; seed < 3; seed++) {
                GameRecord r = p.play(seed);
                GameState s = game.newGame();
                for (int m : r.moves()) {
                    s.play(m);
                }
                assertTrue(s.isTerminal());
                assertEquals(s.result(), r.result());
                assertArrayEquals(r.moves(), p.play(seed).moves(), "same seed, same game");
            }
        }
    }

    @Test
    void disc_difference_is_refused_for_a_game_without_disc_tokens() {
        String why = generator(Map.of("evaluation", "disc-difference")).incompatibility(new DomineeringGame(4))
                .orElseThrow();
        assertTrue(why.contains("disc-difference") && why.contains("evaluation: mobility"), why);
    }
}
