package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameGenerationTest {

    @Test
    void one_and_two_threads_give_identical_records() {
        Game game = new DomineeringGame(5);
        for (GameGenerator g : List.of(TestData.alphabeta(), TestData.random())) {
            List<GameRecord> one = new GameGeneration(1, false).generate(game, g, 40, 7);
            List<GameRecord> two = new GameGeneration(2, false).generate(game, g, 40, 7);
            List<GameRecord> three = new GameGeneration(3, false).generate(game, g, 40, 7);
            assertEquals(40, one.size());
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i).moves(), two.get(i).moves(), "game " + i);
                assertArrayEquals(one.get(i).moves(), three.get(i).moves(), "game " + i);
                assertEquals(one.get(i).winner(), two.get(i).winner());
                assertEquals(one.get(i).opening(), two.get(i).opening());
            }
        }
    }

    @Test
    void game_seeds_differ_across_indices_and_batch_seeds() {
        Set<Long> seeds = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            for (int i = 0; i < 200; i++) {
                seeds.add(GameGeneration.gameSeed(seed, i));
            }
        }
        assertEquals(20 * 200, seeds.size());
    }

    @Test
    void a_failing_game_is_reported_with_its_index() {
        Game game = new DomineeringGame(4);
        GameGenerator failing = g -> seed -> {
            throw new IllegalStateException("boom");
        };
        var e = assertThrows(IllegalStateException.class,
                () -> new GameGeneration(2, false).generate(game, failing, 10, 1));
        assertTrue(e.getMessage().contains("generating game") && e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void zero_threads_means_every_core() {
        assertEquals(Runtime.getRuntime().availableProcessors(), GameGeneration.threadsFor(0));
        assertEquals(3, GameGeneration.threadsFor(3));
    }
}
