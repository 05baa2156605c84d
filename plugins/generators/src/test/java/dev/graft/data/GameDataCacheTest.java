package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameDataCacheTest {
    @TempDir
    Path root;

    private final Game game = new DomineeringGame(5);
    private final GameGeneration generation = new GameGeneration(2, false);

    private static GameDataRequest request(Map<String, Object> generatorOptions, int games, long seed) {
        return new GameDataRequest("domineering", Map.of("board", 5), "alphabeta", generatorOptions, games,
                new SplitFractions(0.6, 0.2, 0.2), seed, "test-1");
    }

    /** Counts games played, to tell a hit from a miss. */
    private static GameGenerator counting(GameGenerator inner, AtomicInteger played) {
        return g -> {
            GameGenerator.GamePlayer p = inner.newPlayer(g);
            return seed -> {
                played.incrementAndGet();
                return p.play(seed);
            };
        };
    }

    @Test
    void identical_inputs_hit_the_cache_and_give_the_same_games_and_split() {
        GameDataCache cache = new GameDataCache(root);
        AtomicInteger played = new AtomicInteger();
        GameDataRequest req = request(Map.of("opening", -1), 20, 4);
        GameData first = cache.obtain(req, game, counting(TestData.alphabeta(), played), generation);
        assertFalse(first.cacheHit());
        assertEquals(20, played.get());
        assertEquals(12, first.split().train().length);
        GameData second = new GameDataCache(root).obtain(request(Map.of("opening", -1), 20, 4), game,
                counting(TestData.alphabeta(), played), generation);
        assertTrue(second.cacheHit());
        assertEquals(20, played.get(), "a hit plays no game");
        assertEquals(first.split(), second.split());
        for (int i = 0; i < 20; i++) {
            assertArrayEquals(first.games().get(i).moves(), second.games().get(i).moves());
        }
        assertTrue(second.message().startsWith("reusing 20 games from "), second.message());
        assertTrue(Files.isRegularFile(first.directory().resolve("manifest.json")));
        assertEquals(first.directory(), root.resolve("data").resolve(req.hash()));
    }

    @Test
    void any_changed_input_misses() {
        GameDataRequest base = request(Map.of("opening", -1), 10, 4);
        List<GameDataRequest> changed = List.of(
                request(Map.of("opening", 2), 10, 4),
                request(Map.of("opening", -1), 11, 4),
                request(Map.of("opening", -1), 10, 5),
                new GameDataRequest("domineering", Map.of("board", 6), "alphabeta", Map.of("opening", -1), 10,
                        new SplitFractions(0.6, 0.2, 0.2), 4, "test-1"),
                new GameDataRequest("domineering", Map.of("board", 5), "random", Map.of("opening", -1), 10,
                        new SplitFractions(0.6, 0.2, 0.2), 4, "test-1"),
                new GameDataRequest("domineering", Map.of("board", 5), "alphabeta", Map.of("opening", -1), 10,
                        new SplitFractions(0.8, 0.1, 0.1), 4, "test-1"),
                new GameDataRequest("domineering", Map.of("board", 5), "alphabeta", Map.of("opening", -1), 10,
                        new SplitFractions(0.6, 0.2, 0.2), 4, "test-2"));
        for (GameDataRequest r : changed) {
            assertNotEquals(base.hash(), r.hash(), r.canonical());
        }
        assertEquals(base.hash(), request(Map.of("opening", -1L), 10, 4).hash(), "integer width does not matter");
        GameDataCache cache = new GameDataCache(root);
        cache.obtain(base, game, TestData.alphabeta(), generation);
        assertTrue(cache.contains(base));
        assertFalse(cache.obtain(changed.get(0), game, TestData.alphabeta(), generation).cacheHit());
    }

    private static GameDataRequest mix(List<GameDataRequest.Part> parts, int games) {
        return new GameDataRequest("domineering", Map.of("board", 5), parts, games,
                new SplitFractions(0.6, 0.2, 0.2), 4, "test-1");
    }

    @Test
    void the_key_covers_every_part_of_a_mix() {
        var random = new GameDataRequest.Part("random", Map.of(), 0.5);
        var alphabeta = new GameDataRequest.Part("alphabeta", Map.of("opening", -1), 0.5);
        GameDataRequest base = mix(List.of(random, alphabeta), 10);
        List<GameDataRequest> changed = List.of(
                mix(List.of(alphabeta, random), 10),
                mix(List.of(new GameDataRequest.Part("random", Map.of(), 0.4),
                        new GameDataRequest.Part("alphabeta", Map.of("opening", -1), 0.6)), 10),
                mix(List.of(random, new GameDataRequest.Part("alphabeta", Map.of("opening", 3), 0.5)), 10),
                mix(List.of(random, new GameDataRequest.Part("alphabeta", Map.of("opening", -1), 0.5,
                        Map.of("sha256", "ab"))), 10),
                mix(List.of(new GameDataRequest.Part("random", Map.of(), 1.0)), 10));
        for (GameDataRequest r : changed) {
            assertNotEquals(base.hash(), r.hash(), r.canonical());
        }
        assertEquals(request(Map.of("opening", -1), 10, 4).hash(),
                mix(List.of(new GameDataRequest.Part("alphabeta", Map.of("opening", -1), 1.0)), 10).hash(),
                "a one-part mix is the same request as data.generator");
        assertArrayEquals(new int[] {5, 5}, base.counts());
        assertThrows(IllegalArgumentException.class, () -> mix(List.of(random), 10), "fractions must sum to 1");
    }

    @Test
    void a_mix_is_stored_with_each_games_source_and_read_back_with_it() throws IOException {
        GameDataRequest req = mix(List.of(new GameDataRequest.Part("random", Map.of(), 0.5),
                new GameDataRequest.Part("alphabeta", Map.of("opening", -1), 0.5)), 9);
        GameDataCache cache = new GameDataCache(root);
        GameData made = cache.obtain(req, game, List.of(TestData.random(), TestData.alphabeta()), generation);
        assertArrayEquals(new int[] {4, 5}, made.sources().counts());
        assertEquals("alphabeta", made.sources().nameOf(8));
        assertTrue(made.message().contains("9 games (4 random + 5 alphabeta)"), made.message());
        GameData again = new GameDataCache(root).obtain(req, game, List.of(TestData.random(), TestData.alphabeta()),
                generation);
        assertTrue(again.cacheHit());
        assertEquals(made.sources(), again.sources());
        String manifest = Files.readString(made.directory().resolve(GameDataCache.MANIFEST_FILE));
        assertTrue(manifest.contains("\"generator\" : \"alphabeta\"") && manifest.contains("\"games\" : 5")
                && manifest.contains("\"fraction\" : 0.5"), manifest);
        assertThrows(IllegalArgumentException.class,
                () -> cache.obtain(req, game, List.of(TestData.random()), generation), "one generator per part");
    }

    @Test
    void a_failed_generation_leaves_no_artifact() throws IOException {
        GameDataCache cache = new GameDataCache(root);
        AtomicInteger played = new AtomicInteger();
        GameGenerator failing = g -> seed -> {
            if (played.incrementAndGet() == 7) {
                throw new IllegalStateException("simulated crash");
            }
            return TestData.random().newPlayer(g).play(seed);
        };
        GameDataRequest req = request(Map.of(), 15, 1);
        assertThrows(IllegalStateException.class, () -> cache.obtain(req, game, failing, generation));
        assertFalse(cache.contains(req));
        Path data = root.resolve("data");
        try (var left = Files.list(data)) {
            // the builders' lock file may stay (only the OS lock on it counts); nothing else may
            assertEquals(List.of(), left.filter(p -> !p.getFileName().toString().startsWith(".lock-")).toList(),
                    "nothing half-written under " + data);
        }
        GameData retry = cache.obtain(req, game, TestData.random(), generation);
        assertFalse(retry.cacheHit());
        List<GameRecord> games = retry.games();
        assertEquals(15, games.size());
    }
}
