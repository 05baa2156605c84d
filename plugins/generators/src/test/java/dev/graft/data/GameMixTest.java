package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameMixTest {
    private final Game game = new DomineeringGame(5);

    @Test
    void counts_sum_exactly_to_the_games_by_largest_remainder_ties_to_the_later_part() {
        assertArrayEquals(new int[] {12500, 12500}, GameMix.counts(new double[] {0.5, 0.5}, 25000));
        assertArrayEquals(new int[] {2, 3}, GameMix.counts(new double[] {0.5, 0.5}, 5),
                "like the study's int(n·0.5) random games, the odd game goes to the second half");
        assertArrayEquals(new int[] {3, 3, 4}, GameMix.counts(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, 10));
        // Exact shares 0.7, 1.4, 4.9: floors 0, 1, 4, the two left over to the largest remainders .9 and .7.
        assertArrayEquals(new int[] {1, 1, 5}, GameMix.counts(new double[] {0.1, 0.2, 0.7}, 7));
        assertArrayEquals(new int[] {29, 71}, GameMix.counts(new double[] {0.29, 0.71}, 100),
                "0.29·100 is 28.999… in floating point and still counts as 29");
        assertArrayEquals(new int[] {0, 1}, GameMix.counts(new double[] {0.25, 0.75}, 1));
        for (int games = 0; games < 60; games++) {
            int[] c = GameMix.counts(new double[] {0.15, 0.35, 0.5}, games);
            assertEquals(games, c[0] + c[1] + c[2]);
            assertTrue(Math.abs(c[0] - 0.15 * games) < 1 && Math.abs(c[2] - 0.5 * games) < 1, games + " games");
        }
    }

    @Test
    void counts_refuse_fractions_that_do_not_sum_to_one_or_are_not_positive() {
        assertThrows(IllegalArgumentException.class, () -> GameMix.counts(new double[] {0.5, 0.4}, 10));
        assertThrows(IllegalArgumentException.class, () -> GameMix.counts(new double[] {1.0, 0.0}, 10));
        assertThrows(IllegalArgumentException.class, () -> GameMix.counts(new double[] {}, 10));
        assertEquals(2, GameMix.counts(new double[] {0.5, 0.5 + 5e-10}, 10).length, "within 1e-9 of 1");
    }

    @Test
    void a_mix_plays_its_parts_in_order_each_game_tagged_with_its_part() {
        GameGeneration generation = new GameGeneration(2, false);
        GameMix.Games mixed = GameMix.generate(game, List.of(
                new GameMix.Part("random", TestData.random(), 0.4),
                new GameMix.Part("alphabeta", TestData.alphabeta(), 0.6)), 10, 77, generation);
        assertEquals(10, mixed.records().size());
        assertEquals(List.of("random", "alphabeta"), mixed.sources().names());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, mixed.sources().source());
        assertArrayEquals(new int[] {4, 6}, mixed.sources().counts());

        List<GameRecord> random = generation.generate(game, TestData.random(), 4, 77);
        List<GameRecord> alphabeta = generation.generate(game, TestData.alphabeta(), 6, GameMix.partSeed(77, 1));
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(random.get(i).moves(), mixed.records().get(i).moves(), "part 0 uses the batch seed");
        }
        for (int i = 0; i < 6; i++) {
            GameRecord r = mixed.records().get(4 + i);
            assertArrayEquals(alphabeta.get(i).moves(), r.moves(), "part 1 uses its own seed");
            assertEquals(2, r.opening(), "alpha-beta games open with round(16·25/256) = 2 random plies");
        }
        assertTrue(GameMix.partSeed(77, 1) != 77 && GameMix.partSeed(77, 0) == 77);
    }

    @Test
    void a_one_part_mix_is_that_generator_alone() {
        GameGeneration generation = new GameGeneration(1, false);
        GameMix.Games mixed = GameMix.generate(game, List.of(new GameMix.Part("alphabeta", TestData.alphabeta(), 1.0)),
                5, 3, generation);
        List<GameRecord> alone = generation.generate(game, TestData.alphabeta(), 5, 3);
        for (int i = 0; i < 5; i++) {
            assertArrayEquals(alone.get(i).moves(), mixed.records().get(i).moves());
        }
        assertEquals(GameSources.single("alphabeta", 5), mixed.sources());
    }
}
