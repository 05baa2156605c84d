package dev.graft.generators;

import dev.graft.data.GameGeneration;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.model.Transformer;
import dev.graft.plugin.EngineContext;
import dev.graft.plugin.EngineValueNetworks;
import dev.graft.plugin.PluginDiscovery;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.Options;
import dev.graft.spi.PluginKind;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueSelfPlayTest {
    private static final Game GAME = new DomineeringGame(5);
    /** A tiny network and few games and steps, so that prepare takes well under a second on 5×5. */
    private static final Map<String, Object> TINY = Map.of("rounds", 2, "games_per_round", 20, "train_steps", 15,
            "batch", 16, "d_model", 8, "heads", 2, "d_head", 4, "layers", 1, "d_mlp", 16);

    private static ValueSelfPlayGenerator prepared;

    private static ValueSelfPlayGenerator create(Map<String, Object> given, int threads) {
        Map<String, Object> options = new HashMap<>(TINY);
        options.putAll(given);
        ValueSelfPlaySettings settings = ValueSelfPlaySettings.from(
                Options.withDefaults(new ValueSelfPlayGeneratorFactory().options(), options));
        return new ValueSelfPlayGenerator(settings, new EngineContext(), threads);
    }

    @BeforeAll
    static void prepareOnce() {
        prepared = create(Map.of(), 1);
        prepared.prepare(GAME, 42);
    }

    @Test
    void games_are_legal_finished_games_with_the_replayed_winner() {
        GameGenerator.GamePlayer player = prepared.newPlayer(GAME);
        Set<Integer> winners = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            GameRecord r = player.play(500 + i);
            GeneratorsTest.assertLegalFinished(GAME, r);
            assertEquals(2, r.opening(), "round(16·25/256) = 2 opening plies on 5×5");
            winners.add(r.winner());
        }
        assertEquals(Set.of(0, 1), winners, "20 games with random openings should include wins for both sides");
    }

    @Test
    void prepare_and_play_are_deterministic_in_the_seeds() {
        ValueSelfPlayGenerator again = create(Map.of(), 1);
        again.prepare(GAME, 42);
        ValueSelfPlayGenerator other = create(Map.of(), 1);
        other.prepare(GAME, 43);
        GameGenerator.GamePlayer a = prepared.newPlayer(GAME);
        GameGenerator.GamePlayer b = again.newPlayer(GAME);
        GameGenerator.GamePlayer c = other.newPlayer(GAME);
        Set<String> distinct = new HashSet<>();
        boolean networksDiffer = false;
        for (int i = 0; i < 10; i++) {
            GameRecord ra = a.play(i);
            assertArrayEquals(ra.moves(), b.play(i).moves(), "game " + i);
            networksDiffer |= !java.util.Arrays.equals(ra.moves(), c.play(i).moves());
            distinct.add(java.util.Arrays.toString(ra.moves()));
        }
        assertTrue(distinct.size() > 1, "different game seeds should give different games");
        assertTrue(networksDiffer, "a different prepare seed should train a different network");
    }

    @Test
    void generation_gives_the_same_records_on_one_and_two_threads() {
        // Threads both inside prepare (self-play rounds) and in the generation itself.
        List<GameRecord> one = new GameGeneration(1, false).generate(GAME, create(Map.of(), 1), 12, 9);
        List<GameRecord> two = new GameGeneration(2, false).generate(GAME, create(Map.of(), 2), 12, 9);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i).moves(), two.get(i).moves(), "game " + i);
            assertEquals(one.get(i).winner(), two.get(i).winner());
        }
    }

    /** Random positions of 5×5 games, the side to move varying, each with at least three legal moves. */
    private static List<GameState> positions(int count) {
        SplittableRandom rng = new SplittableRandom(11);
        List<GameState> out = new java.util.ArrayList<>();
        while (out.size() < count) {
            GameState s = GAME.newGame();
            int plies = rng.nextInt(8);
            for (int p = 0; p < plies && !s.isTerminal(); p++) {
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
            if (!s.isTerminal() && s.legalMoveCount() >= 3) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void the_chosen_move_is_best_by_the_networks_child_values_for_the_side_to_move() {
        ValueSelfPlayPlayer player = prepared.networkPlayer(GAME);
        Transformer network = EngineValueNetworks.model(prepared.newPlayerNetwork(GAME));
        int[] moves = new int[GAME.moves()];
        Set<Integer> sides = new HashSet<>();
        for (GameState s : positions(30)) {
            long before = s.hash();
            int chosen = player.chosenMove(s, new SplittableRandom(3));
            assertEquals(before, s.hash(), "choosing must leave the position unchanged");
            // Independently: every child, one position per predict call; finished children by their winner.
            int n = s.legalMoves(moves);
            double best = s.toMove() == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            double chosenValue = Double.NaN;
            double second = best;
            for (int k = 0; k < n; k++) {
                GameState child = s.copy();
                child.play(moves[k]);
                double v;
                if (child.isTerminal()) {
                    v = child.winner() == 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                } else {
                    byte[] tokens = new byte[GAME.tokens()];
                    child.tokens(tokens, 0);
                    tokens[GAME.tokens() - 1] = (byte) GAME.clsToken();
                    v = network.predict(tokens, 1).value()[0];
                }
                if (moves[k] == chosen) {
                    chosenValue = v;
                }
                boolean better = s.toMove() == 0 ? v > best : v < best;
                if (better) {
                    second = best;
                    best = v;
                } else if (s.toMove() == 0 ? v > second : v < second) {
                    second = v;
                }
            }
            // Batched and single-position passes may differ in the last float bits: allow that much.
            assertEquals(best, chosenValue, Math.max(1e-5, 1e-5 * Math.abs(best)),
                    "move " + GAME.describeMove(chosen) + " is not the best for player " + s.toMove() + " in\n" + s);
            sides.add(s.toMove());
        }
        assertEquals(Set.of(0, 1), sides, "both players' choices are checked");
    }

    @Test
    void a_move_that_ends_the_game_is_always_chosen() {
        Game game = new DomineeringGame(4);
        ValueSelfPlayGenerator g = create(Map.of("rounds", 1, "games_per_round", 4, "train_steps", 1), 1);
        g.prepare(game, 1);
        ValueSelfPlayPlayer player = g.networkPlayer(game);
        int[] moves = new int[game.moves()];
        SplittableRandom rng = new SplittableRandom(8);
        int checked = 0;
        for (int attempt = 0; attempt < 2000 && checked < 20; attempt++) {
            GameState s = game.newGame();
            while (!s.isTerminal()) {
                int n = s.legalMoves(moves);
                Set<Integer> winning = new HashSet<>();
                for (int k = 0; k < n; k++) {
                    GameState child = s.copy();
                    child.play(moves[k]);
                    if (child.isTerminal()) {
                        winning.add(moves[k]);
                    }
                }
                if (!winning.isEmpty() && winning.size() < n) {
                    assertTrue(winning.contains(player.chosenMove(s, new SplittableRandom(attempt))),
                            "a winning move exists for player " + s.toMove() + " in\n" + s);
                    checked++;
                }
                s.play(s.legalMove(rng.nextInt(s.legalMoveCount())));
            }
        }
        assertTrue(checked >= 20, "found only " + checked + " positions with both winning and other moves");
    }

    @Test
    void new_player_before_prepare_is_refused_with_a_message_naming_prepare() {
        ValueSelfPlayGenerator g = create(Map.of(), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> g.newPlayer(GAME));
        assertTrue(e.getMessage().contains("prepare"), e.getMessage());
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> prepared.newPlayer(new DomineeringGame(4)));
        assertTrue(other.getMessage().contains("5×5") && other.getMessage().contains("4×4"), other.getMessage());
    }

    @Test
    void the_plugin_is_discovered_by_name_and_create_does_no_training() {
        var found = PluginDiscovery.discover(getClass().getClassLoader(), List.of()).stream()
                .filter(f -> f.factory().kind() == PluginKind.GAME_GENERATOR && f.factory().name().equals("value-selfplay"))
                .toList();
        assertEquals(1, found.size());
        @SuppressWarnings("unchecked")
        var factory = (dev.graft.spi.PluginFactory<GameGenerator>) found.get(0).factory();
        long start = System.nanoTime();
        GameGenerator g = factory.create(Options.withDefaults(factory.options(), Map.of()));
        assertTrue((System.nanoTime() - start) / 1e6 < 500, "create must be cheap: all training is in prepare");
        assertEquals(ValueSelfPlaySettings.defaults(), ((ValueSelfPlayGenerator) g).settings());
        var small = ValueSelfPlaySettings.defaults().resolve(GAME);
        assertEquals(false, small.study(), "the fast preset is the default on small boards");
        assertEquals(2, small.rounds());
        assertEquals(0.1, small.randomMove());
        assertEquals(new dev.graft.spi.ModelShape(32, 16, 2, 2, 64), small.shape());
    }

    @Test
    void created_without_the_engine_context_prepare_names_the_missing_service() {
        var factory = new ValueSelfPlayGeneratorFactory();
        GameGenerator g = factory.create(Options.withDefaults(factory.options(), TINY));
        var e = assertThrows(UnsupportedOperationException.class, () -> g.prepare(GAME, 1));
        assertTrue(e.getMessage().contains("valueNetworks"), e.getMessage());
    }
}
