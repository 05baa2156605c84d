package dev.graft.generators;

import dev.graft.data.GameGeneration;
import dev.graft.plugin.EngineContext;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameState;
import dev.graft.spi.ModelShape;
import dev.graft.spi.Options;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study preset of value-selfplay: its settings, the duplicate-game match and its acceptance rule. */
class ValueSelfPlayStudyTest {
    private static final Game GAME = new DomineeringGame(4);
    /** The study preset with a tiny network and tiny rounds and matches, so prepare takes a second or two. */
    private static final Map<String, Object> TINY_STUDY = Map.of("preset", "study", "games_per_round", 6,
            "match_openings", 3, "batch", 16, "d_model", 8, "heads", 2, "d_head", 4, "layers", 1, "d_mlp", 16);

    private static ValueSelfPlayGenerator prepared;
    private static List<GameRecord> batch;

    private static ValueSelfPlayGenerator create(Map<String, Object> given, int threads) {
        Map<String, Object> options = new HashMap<>(TINY_STUDY);
        options.putAll(given);
        return new ValueSelfPlayGenerator(ValueSelfPlaySettings.from(
                Options.withDefaults(new ValueSelfPlayGeneratorFactory().options(), options)), new EngineContext(), threads);
    }

    @BeforeAll
    static void prepareOnce() {
        prepared = create(Map.of(), 1);
        // 6 round games, then 6 match games, then the next round's 6: 15 takes three of those.
        batch = new GameGeneration(1, false).generate(GAME, prepared, 15, 11);
    }

    @Test
    void the_study_preset_has_the_studys_network_and_play_and_is_the_default_from_16x16() {
        ValueSelfPlaySettings defaults = ValueSelfPlaySettings.defaults();
        var big = defaults.resolve(new DomineeringGame(16));
        assertTrue(big.study(), "auto picks the study preset on the study's board");
        assertEquals(new ModelShape(80, 16, 4, 5, 320), big.shape());
        assertEquals(0.0, big.randomMove());
        assertTrue(big.firstTie());
        assertEquals(2500, big.gamesPerRound());
        assertEquals(150, big.matchOpenings());
        assertEquals(10, big.matchOpening(), "the study's match openings are 10 random moves on 16×16");
        assertEquals(0.05, big.significance());
        assertEquals("mcnemar", big.matchTest());
        assertFalse(defaults.resolve(new DomineeringGame(8)).study(), "fast below 16×16");
        assertTrue(create(Map.of("d_model", -1), 1).settings().resolve(GAME).study(), "preset: study on any board");
        assertEquals(64, create(Map.of("preset", "fast", "d_model", 64), 1).settings().resolve(GAME).shape().dModel(),
                "a given option overrides the preset");
    }

    @Test
    void sign_test_p_values_are_the_binomial_tails() {
        // P(X ≥ 9 | n = 10, ½) = (C(10,9) + C(10,10)) / 2^10 = 11/1024.
        assertEquals(11.0 / 1024, DuplicateMatch.signTest(9, 1), 1e-15);
        // P(X ≥ 7 | 10) = (120 + 45 + 10 + 1) / 1024.
        assertEquals(176.0 / 1024, DuplicateMatch.signTest(7, 3), 1e-15);
        assertEquals(1.0 / 32, DuplicateMatch.signTest(5, 0), 1e-15);
        assertEquals(1.0, DuplicateMatch.signTest(0, 4), 1e-15, "P(X ≥ 0) = 1");
        assertEquals(1.0, DuplicateMatch.signTest(0, 0));
        // A large match: P(X ≥ 60 | 100) = 0.0284439668…
        assertEquals(0.028443966820490392, DuplicateMatch.signTest(60, 40), 1e-12);
    }

    @Test
    void the_studys_mcnemar_p_value_is_the_two_sided_normal_tail() {
        // z = (12 − 3)/√15; p = erfc(z/√2) = 0.0201367515503…
        assertEquals(0.020136751550346353, DuplicateMatch.mcnemar(12, 3), 1e-13);
        assertEquals(DuplicateMatch.mcnemar(12, 3), DuplicateMatch.mcnemar(3, 12), 0.0, "two-sided");
        assertEquals(1.0, DuplicateMatch.mcnemar(0, 0));
        assertEquals(1.0, DuplicateMatch.mcnemar(4, 4), 1e-15);
        double[][] erfc = {{0, 1.0}, {0.3, 0.6713732405408726}, {1, 0.15729920705028513}, {1.2, 0.08968602177036465},
                {1.3, 0.06599205505934755}, {2, 0.004677734981047265}, {3, 2.2090496998585438e-05},
                {5, 1.5374597944280351e-12}};
        for (double[] e : erfc) {
            assertEquals(e[1], DuplicateMatch.erfc(e[0]), 1e-14 * Math.max(1, e[1] * 1e3), "erfc(" + e[0] + ")");
        }
    }

    /** A match of the given pair outcomes: 'c' the candidate won both, 'a' the accepted network, 'w' a wash. */
    private static List<GameRecord> match(String pairs) {
        List<GameRecord> games = new ArrayList<>();
        for (char p : pairs.toCharArray()) {
            int first = p == 'a' ? 1 : 0;    // the candidate is vertical in the first game of a pair
            int second = p == 'c' ? 1 : 0;   // and horizontal in the second
            games.add(new GameRecord(new int[0], first));
            games.add(new GameRecord(new int[0], second));
        }
        return games;
    }

    @Test
    void a_candidate_is_accepted_only_when_it_wins_the_match_at_the_significance() {
        DuplicateMatch.Result r = DuplicateMatch.score(match("ccccccccccccaaawwww"), "mcnemar", 0.05);
        assertEquals(List.of(12, 3, 4), List.of(r.candidateTwice(), r.acceptedTwice(), r.washes()));
        assertEquals(0.020136751550346353, r.pValue(), 1e-13, "washes do not count");
        assertTrue(r.accepted());
        assertFalse(DuplicateMatch.score(match("aaaaaaaaaaaaccc"), "mcnemar", 0.05).accepted(),
                "a significant loss is not a win");
        assertFalse(DuplicateMatch.score(match("ccccccccccccaaa"), "mcnemar", 0.01).accepted(), "p 0.0201 ≥ 0.01");
        assertFalse(DuplicateMatch.score(match("wwwwwwww"), "mcnemar", 0.05).accepted(), "only washes: p = 1");

        DuplicateMatch.Result sign = DuplicateMatch.score(match("cccccccccaw"), "sign", 0.05);
        assertEquals(11.0 / 1024, sign.pValue(), 1e-15);
        assertTrue(sign.accepted());
        assertFalse(DuplicateMatch.score(match("cccccccaaa"), "sign", 0.05).accepted(), "p 176/1024");
    }

    @Test
    void the_batch_is_the_rounds_games_and_the_match_games_in_the_order_played() {
        assertEquals(15, batch.size());
        List<ValueSelfPlayGenerator.Kind> kinds = prepared.kinds();
        List<ValueSelfPlayGenerator.Kind> expected = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            expected.add(i >= 6 && i < 12 ? ValueSelfPlayGenerator.Kind.MATCH : ValueSelfPlayGenerator.Kind.ROUND);
        }
        assertEquals(expected, kinds);
        assertEquals(1, prepared.matches().size());
        DuplicateMatch.Result result = prepared.matches().get(0);
        assertEquals(3, result.candidateTwice() + result.acceptedTwice() + result.washes());
        for (GameRecord g : batch) {
            GeneratorsTest.assertLegalFinished(GAME, g);
        }
        // The match games: each opening twice, the same opening moves; together they agree with the recorded result.
        List<GameRecord> match = batch.subList(6, 12);
        assertEquals(DuplicateMatch.score(match, "mcnemar", 0.05), result);
        assertEquals(1, match.get(0).opening(), "round(10·16/256): the match opening scales the study's 10 plies");
        for (int i = 0; i < 6; i += 2) {
            int open = match.get(i).opening();
            assertEquals(open, match.get(i + 1).opening());
            assertArrayEquals(Arrays.copyOf(match.get(i).moves(), open), Arrays.copyOf(match.get(i + 1).moves(), open),
                    "pair " + i / 2 + " shares its opening");
        }
    }

    @Test
    void study_games_after_the_opening_are_the_networks_first_best_moves() {
        // Six games are the first self-play round alone (no match yet), played by the first trained network, which
        // is then the accepted one: replaying each game, every move after the opening is that network's first best.
        ValueSelfPlayGenerator fresh = create(Map.of(), 1);
        List<GameRecord> firstRound = new GameGeneration(1, false).generate(GAME, fresh, 6, 11);
        assertEquals(List.of(), fresh.matches());
        ValueSelfPlayPlayer player = fresh.networkPlayer(GAME);
        int checked = 0;
        for (GameRecord g : firstRound) {
            GameState s = GAME.newGame();
            for (int p = 0; p < g.length(); p++) {
                if (p >= g.opening()) {
                    for (int seed = 0; seed < 3; seed++) {
                        assertEquals(g.moves()[p], player.chosenMove(s, new SplittableRandom(seed)), "ply " + p);
                    }
                    checked++;
                }
                s.play(g.moves()[p]);
            }
        }
        assertTrue(checked > 20, "checked " + checked + " moves");
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(batch.get(i).moves(), firstRound.get(i).moves(), "prepare is deterministic in the seed");
        }
    }

    @Test
    void the_batch_is_the_same_on_one_and_two_threads() {
        List<GameRecord> two = new GameGeneration(2, false).generate(GAME, create(Map.of(), 2), 15, 11);
        for (int i = 0; i < 15; i++) {
            assertArrayEquals(batch.get(i).moves(), two.get(i).moves(), "game " + i);
        }
    }
}
