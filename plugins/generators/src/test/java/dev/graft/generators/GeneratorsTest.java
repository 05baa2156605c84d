package dev.graft.generators;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.Options;
import dev.graft.spi.PluginFactory;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorsTest {

    private static GameGenerator create(PluginFactory<GameGenerator> f, Map<String, Object> given) {
        return f.create(Options.withDefaults(f.options(), given), new dev.graft.plugin.EngineContext());
    }

    /** Replays a record on a fresh game and checks every move is legal, the game ends exactly there, with that winner. */
    static void assertLegalFinished(Game game, GameRecord r) {
        GameState s = game.newGame();
        for (int p = 0; p < r.length(); p++) {
            assertFalse(s.isTerminal(), "game over before ply " + p);
            assertTrue(s.isLegal(r.moves()[p]), "illegal move at ply " + p);
            s.play(r.moves()[p]);
        }
        assertTrue(s.isTerminal(), "game not over after its moves");
        assertEquals(s.winner(), r.winner());
    }

    @Test
    void random_and_alphabeta_games_are_legal_finished_games_with_the_replayed_winner() {
        Game game = new DomineeringGame(5);
        for (GameGenerator g : List.of(create(new RandomGeneratorFactory(), Map.of()),
                create(new AlphaBetaGeneratorFactory(), Map.of()))) {
            GameGenerator.GamePlayer player = g.newPlayer(game);
            Set<Integer> winners = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                GameRecord r = player.play(1000 + i);
                assertLegalFinished(game, r);
                winners.add(r.winner());
            }
            assertEquals(Set.of(0, 1), winners, "30 games on 5×5 should include wins for both sides");
        }
    }

    @Test
    void alphabeta_opening_is_the_scaled_length_and_leaves_the_game_unfinished() {
        Game game = new DomineeringGame(8); // round(16·64/256) = 4
        GameGenerator.GamePlayer player = create(new AlphaBetaGeneratorFactory(), Map.of()).newPlayer(game);
        for (int i = 0; i < 10; i++) {
            GameRecord r = player.play(i);
            assertEquals(4, r.opening());
            assertTrue(r.length() > r.opening());
        }
        Game tiny = new DomineeringGame(3);
        GameGenerator.GamePlayer longOpening = create(new AlphaBetaGeneratorFactory(), Map.of("opening", 50)).newPlayer(tiny);
        for (int i = 0; i < 20; i++) {
            GameRecord r = longOpening.play(i);
            assertTrue(r.opening() < r.length(), "the opening must stop before the game ends");
            assertLegalFinished(tiny, r);
        }
        assertEquals(0, create(new RandomGeneratorFactory(), Map.of()).newPlayer(tiny).play(3).opening());
    }

    @Test
    void the_same_seed_gives_the_same_game_on_fresh_and_reused_players() {
        Game game = new DomineeringGame(6);
        GameGenerator g = create(new AlphaBetaGeneratorFactory(), Map.of());
        GameGenerator.GamePlayer reused = g.newPlayer(game);
        GameRecord[] first = new GameRecord[8];
        for (int i = 0; i < first.length; i++) {
            first[i] = reused.play(77 + i);
        }
        Set<String> distinct = new HashSet<>();
        for (int i = first.length - 1; i >= 0; i--) {
            GameRecord again = g.newPlayer(game).play(77 + i);
            assertArrayEquals(first[i].moves(), again.moves(), "game " + i);
            assertEquals(first[i].winner(), again.winner());
            assertArrayEquals(first[i].moves(), reused.play(77 + i).moves(), "replayed after other games");
            distinct.add(Arrays.toString(first[i].moves()));
        }
        assertTrue(distinct.size() > 1, "different seeds should give different games");
    }

    /**
     * A 4×4 position (vertical to move) where exactly one vertical move leaves horizontal without a
     * move, found by scanning random games with a brute-force check that does not use the player.
     */
    private static GameState positionWithOneImmediateWin(Game game) {
        SplittableRandom rng = new SplittableRandom(5);
        int[] buf = new int[game.moves()];
        for (int attempt = 0; attempt < 10_000; attempt++) {
            GameState s = game.newGame();
            while (!s.isTerminal()) {
                if (s.toMove() == 0) {
                    int n = s.legalMoves(buf);
                    int wins = 0;
                    for (int k = 0; k < n; k++) {
                        s.play(buf[k]);
                        wins += s.isTerminal() ? 1 : 0;
                        s.undo(buf[k]);
                    }
                    if (wins == 1 && n >= 3) {
                        return s;
                    }
                }
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
        }
        throw new AssertionError("no suitable position found");
    }

    @Test
    void alphabeta_plays_the_immediately_winning_move_at_every_depth() {
        Game game = new DomineeringGame(4);
        GameState position = positionWithOneImmediateWin(game);
        int[] buf = new int[game.moves()];
        int n = position.legalMoves(buf);
        int winning = -1;
        for (int k = 0; k < n; k++) {
            position.play(buf[k]);
            if (position.isTerminal()) {
                winning = buf[k];
            }
            position.undo(buf[k]);
        }
        for (int depth = 1; depth <= 3; depth++) {
            AlphaBetaGenerator g = (AlphaBetaGenerator) create(new AlphaBetaGeneratorFactory(),
                    Map.of("wide_depth", depth, "medium_depth", depth, "narrow_depth", depth));
            AlphaBetaPlayer player = g.newPlayer(game);
            for (int seed = 0; seed < 20; seed++) {
                long before = position.hash();
                assertEquals(winning, player.searchedMove(position, new SplittableRandom(seed)),
                        "depth " + depth + ", seed " + seed + ", position\n" + position);
                assertEquals(before, position.hash(), "search must leave the position unchanged");
            }
        }
    }

    @Test
    void alphabeta_with_random_tie_break_breaks_ties_by_the_seed_on_an_empty_board() {
        // On an empty 6×6 board at depth 1 the evaluation ties many first moves; the seed picks among them.
        Game game = new DomineeringGame(6);
        AlphaBetaGenerator g = (AlphaBetaGenerator) create(new AlphaBetaGeneratorFactory(), Map.of("tie_break", "random"));
        AlphaBetaPlayer player = g.newPlayer(game);
        Set<Integer> chosen = new HashSet<>();
        for (int seed = 0; seed < 40; seed++) {
            chosen.add(player.searchedMove(game.newGame(), new SplittableRandom(seed)));
        }
        assertTrue(chosen.size() > 1, "ties should be broken by the seed, got always " + chosen);
    }

    @Test
    void default_mobility_counts_like_the_bitboard_override() {
        Game game = new DomineeringGame(5);
        SplittableRandom rng = new SplittableRandom(9);
        for (int g = 0; g < 10; g++) {
            GameState s = game.newGame();
            while (!s.isTerminal()) {
                GameState generic = new GenericMobility(s);
                for (int player = 0; player < 2; player++) {
                    assertEquals(generic.mobility(player), s.mobility(player));
                }
                assertEquals(s.legalMoveCount(), s.mobility(s.toMove()));
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
        }
    }

    /** Delegates everything except {@code mobility}, so the SPI's default implementation runs. */
    private record GenericMobility(GameState s) implements GameState {
        public Game game() { return s.game(); }
        public int toMove() { return s.toMove(); }
        public int ply() { return s.ply(); }
        public int legalMoves(int[] out) { return s.legalMoves(out); }
        public int legalMoveCount() { return s.legalMoveCount(); }
        public boolean isLegal(int move) { return s.isLegal(move); }
        public void play(int move) { s.play(move); }
        public void undo(int move) { s.undo(move); }
        public boolean isTerminal() { return s.isTerminal(); }
        public int winner() { return s.winner(); }
        public int squareState(int square) { return s.squareState(square); }
        public void tokens(byte[] out, int offset) { s.tokens(out, offset); }
        public long hash() { return s.hash(); }
        public GameState copy() { return new GenericMobility(s.copy()); }
    }

    @Test
    void plugin_registers_every_generator_with_described_options() {
        List<String> names = new GeneratorsPlugin().factories().stream().map(PluginFactory::name).toList();
        assertEquals(List.of("random", "alphabeta", "value-selfplay", "file"), names);
        for (var spec : new AlphaBetaGeneratorFactory().options()) {
            assertNotNull(spec.defaultValue());
            assertFalse(spec.description().isBlank());
        }
    }
}
