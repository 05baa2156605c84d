package dev.graft.runner;

import dev.graft.data.GameDataCache;
import dev.graft.data.GameGeneration;
import dev.graft.data.GameRecordsFile;
import dev.graft.data.GameSources;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.generators.RandomGenerator;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The data section end to end: a game mix, games from a file beside the spec, and their bad inputs. */
class GameDataSpecTest {
    private static final Game GAME = new DomineeringGame(4);

    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result graft(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String spec(String data) {
        return String.join("\n",
                "name: tiny",
                "game: {name: domineering, board: 4}",
                "data:",
                data,
                "models:",
                "  small: {d_model: 8, d_head: 4, heads: 2, layers: 1, d_mlp: 16}",
                "  large: {d_model: 8, d_head: 4, heads: 2, layers: 2, d_mlp: 16}",
                "training: {steps: 2, batch: {small: 8, large: 8}, validate_every: 2, checkpoint_every: 2,",
                "           quick_validation_positions: 8}",
                "");
    }

    private Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private Path gamesFile(String name, int games) throws Exception {
        Path f = tmp.resolve(name);
        Files.createDirectories(f.getParent());
        List<GameRecord> records = new GameGeneration(1, false).generate(GAME, new RandomGenerator(), games, 9);
        GameRecordsFile.write(f, GAME, records);
        return f;
    }

    private static Path onlyDataArtifact(Path cache) throws Exception {
        try (Stream<Path> dirs = Files.list(cache.resolve("data"))) {
            List<Path> all = dirs.filter(p -> !p.getFileName().toString().startsWith(".lock-")).toList(); // not the lock
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void a_mix_with_games_from_a_file_beside_the_spec_runs_and_tags_each_game() throws Exception {
        Path file = gamesFile("exp/data/games.npz", 10);
        Path spec = write("exp/mix.yaml", spec(String.join("\n",
                "  games: 8",
                "  threads: 1",
                "  mix:",
                "    - {generator: {name: file, path: data/games.npz}, fraction: 0.5}",
                "    - {generator: random, fraction: 0.5}")));
        Path cache = tmp.resolve("cache");
        Result run = graft("run", spec.toString(), "--out", tmp.resolve("run").toString(), "--cache", cache.toString(),
                "--no-progress");
        assertEquals(0, run.code(), run.err());
        Path artifact = onlyDataArtifact(cache);
        Path games = artifact.resolve(GameDataCache.GAMES_FILE);
        GameSources sources = GameRecordsFile.readSources(games).orElseThrow();
        assertEquals(List.of("file", "random"), sources.names());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 1, 1, 1, 1}, sources.source());
        List<GameRecord> stored = GameRecordsFile.read(games, GAME);
        List<GameRecord> fromFile = GameRecordsFile.read(file, GAME);
        for (int g = 0; g < 4; g++) {
            assertArrayEquals(fromFile.get(g).moves(), stored.get(g).moves(), "the file's first games, game " + g);
        }
        String manifest = Files.readString(artifact.resolve(GameDataCache.MANIFEST_FILE));
        assertTrue(manifest.contains("\"sha256\"") && manifest.contains(file.toAbsolutePath().normalize().toString()),
                manifest);

        Result plan = graft("plan", spec.toString(), "--out", tmp.resolve("run").toString(), "--cache", cache.toString());
        assertTrue(plan.out().lines().anyMatch(l -> l.matches("\\s*\\d+\\s+data\\s.*\\scached\\b.*")), plan.out());
        gamesFile("exp/data/games.npz", 12); // the file changes: its games must be read again
        Result changed = graft("plan", spec.toString(), "--cache", cache.toString());
        assertEquals(0, changed.code(), changed.err());
        assertFalse(changed.out().lines().anyMatch(l -> l.matches("\\s*\\d+\\s+data\\s.*\\scached\\b.*")), changed.out());
    }

    @Test
    void a_missing_file_is_refused_before_any_work_at_its_line_and_column() throws Exception {
        Path spec = write("exp/missing.yaml", spec("  generator: {name: file, path: nowhere.npz}"));
        Path out = tmp.resolve("out");
        Result r = graft("run", spec.toString(), "--out", out.toString(), "--cache", tmp.resolve("cache").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(spec + ":4:33") && r.err().contains("data.generator.path")
                && r.err().contains("no such file: " + tmp.resolve("exp/nowhere.npz").toAbsolutePath().normalize()), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void a_file_with_too_few_games_or_an_illegal_game_exits_2_naming_the_file() throws Exception {
        Path file = gamesFile("few.npz", 5);
        Path spec = write("few.yaml", spec("  generator: {name: file, path: few.npz}\n  games: 6"));
        Result r = graft("run", spec.toString(), "--out", tmp.resolve("a").toString(), "--cache",
                tmp.resolve("cache").toString(), "--no-progress");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(file + ": holds 5 games, but 6 were asked for"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(Files.exists(tmp.resolve("cache/data")) && Files.list(tmp.resolve("cache/data"))
                        .anyMatch(p -> !p.getFileName().toString().startsWith(".lock-")), // a builders' lock file may stay
                "no game data is cached");

        Path other = tmp.resolve("five.npz");
        Game five = new DomineeringGame(5);
        GameRecordsFile.write(other, five, new GameGeneration(1, false).generate(five, new RandomGenerator(), 6, 1));
        Path wrongBoard = write("board.yaml", spec("  generator: {name: file, path: five.npz}\n  games: 6"));
        Result b = graft("run", wrongBoard.toString(), "--out", tmp.resolve("b").toString(), "--cache",
                tmp.resolve("cache").toString(), "--no-progress");
        assertEquals(2, b.code(), b.err());
        assertTrue(b.err().contains(other + ": its games are on a 5×5 board"), b.err());
    }

    @Test
    void mix_fractions_that_do_not_sum_to_one_exit_2_at_the_mix() throws Exception {
        Path spec = write("sum.yaml", spec(String.join("\n", "  mix:",
                "    - {generator: random, fraction: 0.6}",
                "    - {generator: alphabeta, fraction: 0.6}")));
        Result r = graft("validate", spec.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(spec + ":5:5") && r.err().contains("must sum to 1, got 0.6 + 0.6 = 1.2"), r.err());
    }
}
