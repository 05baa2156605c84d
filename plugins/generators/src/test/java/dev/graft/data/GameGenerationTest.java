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
    void players_get_each_games_index_and_prepare_gets_the_count() {
        Game game = new DomineeringGame(4);
        int[] prepared = {-1};
        GameGenerator indexed = new GameGenerator() {
            @Override
            public void prepare(Game g, long seed, int games) {
                prepared[0] = games;
            }

            @Override
            public GamePlayer newPlayer(Game g) {
                return new GamePlayer() {
                    @Override
                    public GameRecord play(long seed) {
                        throw new AssertionError("the framework plays by index");
                    }

                    @Override
                    public GameRecord play(int index, long seed) {
                        // A game of `index` moves is not legal Domineering, but the generation does not replay.
                        return new GameRecord(new int[index], 0);
                    }
                };
            }
        };
        List<GameRecord> out = new GameGeneration(3, false).generate(game, indexed, 9, 5);
        assertEquals(9, prepared[0]);
        for (int i = 0; i < 9; i++) {
            assertEquals(i, out.get(i).length(), "game " + i);
        }
    }

    @Test
    void wrong_user_input_found_while_playing_is_passed_on_as_it_is() {
        Game game = new DomineeringGame(4);
        GameGenerator refusing = g -> seed -> {
            throw new dev.graft.io.UserInputException("games.npz: game 3, ply 2: illegal");
        };
        var e = assertThrows(dev.graft.io.UserInputException.class,
                () -> new GameGeneration(2, false).generate(game, refusing, 10, 1));
        assertEquals("games.npz: game 3, ply 2: illegal", e.getMessage());
    }

    @Test
    void zero_threads_means_every_core() {
        assertEquals(Runtime.getRuntime().availableProcessors(), GameGeneration.threadsFor(0));
        assertEquals(3, GameGeneration.threadsFor(3));
    }
}
