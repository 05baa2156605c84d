package dev.graft.generators;

import dev.graft.data.GameData;
import dev.graft.data.GameDataCache;
import dev.graft.data.GameDataRequest;
import dev.graft.data.GameGeneration;
import dev.graft.data.GameRecordsFile;
import dev.graft.data.SplitFractions;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.plugin.EngineContext;
import dev.graft.spi.PluginInputException;
import dev.graft.spi.Game;
import dev.graft.spi.GameGenerator;
import dev.graft.spi.GameRecord;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.Options;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The {@code file} generator: games of an existing record file, checked, cached by content. */
class FileGeneratorTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Game GAME = new DomineeringGame(5);

    @TempDir
    Path dir;

    private static GameGenerator generator(Path file) {
        var f = new FileGeneratorFactory();
        return f.create(Options.withDefaults(f.options(), Map.of("path", file.toString())), new EngineContext());
    }

    private static List<GameRecord> generate(GameGenerator g, Game game, int games) {
        return new GameGeneration(2, false).generate(game, g, games, 1);
    }

    /** The study's file layout, written from Java: int16 moves and lengths, bool winners, nothing else. */
    private Path studyLayout(String name, List<GameRecord> games) {
        int width = games.stream().mapToInt(GameRecord::length).max().orElse(0);
        short[] moves = new short[games.size() * width];
        Arrays.fill(moves, (short) -1);
        short[] lengths = new short[games.size()];
        boolean[] winners = new boolean[games.size()];
        for (int g = 0; g < games.size(); g++) {
            for (int p = 0; p < games.get(g).length(); p++) {
                moves[g * width + p] = (short) games.get(g).moves()[p];
            }
            lengths[g] = (short) games.get(g).length();
            winners[g] = games.get(g).winner() == 0;
        }
        Path f = dir.resolve(name);
        try (NpzFile.Writer w = NpzFile.write(f, true)) {
            w.write("moves", moves, new int[] {games.size(), width}, ByteOrder.LITTLE_ENDIAN);
            w.write("lengths", lengths, new int[] {games.size()}, ByteOrder.LITTLE_ENDIAN);
            w.write("winners", winners, new int[] {games.size()});
        }
        return f;
    }

    private static List<GameRecord> randomGames(Game game, int n, long seed) {
        return new GameGeneration(1, false).generate(game, new RandomGenerator(), n, seed);
    }

    @Test
    void a_numpy_file_with_int16_lengths_and_no_board_gives_its_first_games() throws Exception {
        boolean numpy = Files.isExecutable(Path.of(PYTHON)) && python("import numpy; print('ok')").startsWith("ok");
        assumeTrue(numpy, "needs " + PYTHON + " with numpy (Debian python3-numpy); not available here");
        // Python plays 5×5 games with the EXPERIMENT.md encoding and saves them as the study's code does.
        String printed = python(String.join("\n",
                "import numpy as np, random",
                "N = 5; P = N * (N - 1)",
                "def legal(board, player):",
                "    out = []",
                "    for i in range(N):",
                "        for j in range(N):",
                "            if player == 0 and i <= N - 2 and not board[i][j] and not board[i+1][j]: out.append(i*N + j)",
                "            if player == 1 and j <= N - 2 and not board[i][j] and not board[i][j+1]: out.append(P + j*N + i)",
                "    return out",
                "rng = random.Random(7); games = []; winners = []",
                "for g in range(7):",
                "    board = [[0]*N for _ in range(N)]; seq = []; player = 0",
                "    while True:",
                "        moves = legal(board, player)",
                "        if not moves: break",
                "        m = rng.choice(moves); seq.append(m)",
                "        if m < P: i, j = divmod(m, N); board[i][j] = board[i+1][j] = 1",
                "        else: j, i = divmod(m - P, N); board[i][j] = board[i][j+1] = 1",
                "        player = 1 - player",
                "    games.append(seq); winners.append(player == 1)",
                "L = max(len(s) for s in games)",
                "moves = np.full((len(games), L), -1, dtype=np.int16)",
                "lengths = np.zeros(len(games), dtype=np.int16)",
                "for g, s in enumerate(games): moves[g, :len(s)] = s; lengths[g] = len(s)",
                "np.savez_compressed('study.npz', moves=moves, lengths=lengths, winners=np.array(winners, dtype=bool))",
                "z = np.load('study.npz')",
                "assert z['lengths'].dtype == np.int16 and 'board' not in z.files",
                "print('ok')",
                "print(';'.join(','.join(map(str, s)) + ':' + str(int(w)) for s, w in zip(games, winners)))"));
        assertTrue(printed.startsWith("ok\n"), printed);
        String[] expected = printed.split("\n")[1].split(";");
        List<GameRecord> games = generate(generator(dir.resolve("study.npz")), GAME, 5);
        assertEquals(5, games.size(), "the first data.games games of the 7");
        for (int g = 0; g < 5; g++) {
            GameRecord r = games.get(g);
            StringBuilder got = new StringBuilder();
            for (int m : r.moves()) {
                got.append(got.length() == 0 ? "" : ",").append(m);
            }
            got.append(':').append(r.winner() == 0 ? 1 : 0);
            assertEquals(expected[g], got.toString(), "game " + g);
            assertEquals(0, r.opening(), "a file without an opening array has none");
        }
    }

    private String python(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? out : "failed: " + out;
    }

    @Test
    void graft_files_are_read_with_their_openings() {
        List<GameRecord> written = new GameGeneration(1, false).generate(GAME,
                new AlphaBetaGenerator(AlphaBetaSettings.defaults()), 4, 3);
        Path f = dir.resolve("graft.npz");
        GameRecordsFile.write(f, GAME, written);
        List<GameRecord> read = generate(generator(f), GAME, 4);
        for (int g = 0; g < 4; g++) {
            assertArrayEquals(written.get(g).moves(), read.get(g).moves());
            assertEquals(written.get(g).opening(), read.get(g).opening());
        }
    }

    @Test
    void more_games_asked_than_the_file_holds_is_refused_naming_the_file_and_both_counts() {
        Path f = studyLayout("three.npz", randomGames(GAME, 3, 5));
        PluginInputException e = assertThrows(PluginInputException.class, () -> generate(generator(f), GAME, 4));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("holds 3 games, but 4 were asked"),
                e.getMessage());
    }

    @Test
    void a_board_mismatch_is_refused_naming_the_file_and_where() {
        Path withBoard = dir.resolve("five.npz");
        GameRecordsFile.write(withBoard, GAME, randomGames(GAME, 3, 5));
        PluginInputException e = assertThrows(PluginInputException.class,
                () -> generate(generator(withBoard), new DomineeringGame(6), 2));
        assertTrue(e.getMessage().startsWith(withBoard.toString()) && e.getMessage().contains("5×5")
                && e.getMessage().contains("6×6"), e.getMessage());

        // No board array (the study's files): the 4×4 games do not replay on 5×5; the message says where.
        Path small = studyLayout("four.npz", randomGames(new DomineeringGame(4), 3, 5));
        PluginInputException replay = assertThrows(PluginInputException.class, () -> generate(generator(small), GAME, 3));
        assertTrue(replay.getMessage().startsWith(small.toString()) && replay.getMessage().matches("(?s).*game \\d+, ply \\d+.*"),
                replay.getMessage());
    }

    @Test
    void an_illegal_game_is_refused_naming_the_file_the_game_and_the_ply() {
        List<GameRecord> games = randomGames(GAME, 3, 8);
        int[] spoiled = games.get(1).moves().clone();
        spoiled[2] = spoiled[1]; // the square is taken by then
        List<GameRecord> bad = List.of(games.get(0), new GameRecord(spoiled, games.get(1).winner()), games.get(2));
        Path f = studyLayout("illegal.npz", bad);
        PluginInputException e = assertThrows(PluginInputException.class, () -> generate(generator(f), GAME, 3));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("game 1, ply 2")
                && e.getMessage().contains("illegal"), e.getMessage());
        assertEquals(1, generate(generator(f), GAME, 1).size(), "games after the ones asked for are not read");
    }

    @Test
    void the_cache_key_follows_the_files_content() throws IOException {
        Path f = studyLayout("games.npz", randomGames(GAME, 6, 2));
        FileGenerator g = (FileGenerator) generator(f);
        String sha = g.cacheInputs().get("sha256");
        assertTrue(sha.matches("[0-9a-f]{64}"), sha);
        assertEquals(sha, ((FileGenerator) generator(f)).cacheInputs().get("sha256"), "same content, same key");

        GameDataCache cache = new GameDataCache(dir.resolve("cache"));
        GameGeneration generation = new GameGeneration(1, false);
        GameData first = cache.obtain(request(g, 4), GAME, g, generation);
        assertFalse(first.cacheHit());
        assertTrue(cache.obtain(request(generator(f), 4), GAME, generator(f), generation).cacheHit());

        studyLayout("games.npz", randomGames(GAME, 6, 3)); // edited: other games
        GameGenerator edited = generator(f);
        assertNotEquals(sha, edited.cacheInputs().get("sha256"));
        GameData second = cache.obtain(request(edited, 4), GAME, edited, generation);
        assertFalse(second.cacheHit(), "an edited file is read again");
        assertFalse(Arrays.equals(first.games().get(0).moves(), second.games().get(0).moves()));
    }

    private static GameDataRequest request(GameGenerator g, int games) {
        return new GameDataRequest("domineering", Map.of("board", 5), List.of(new GameDataRequest.Part("file",
                Map.of("path", ((FileGenerator) g).file().toString()), 1.0, g.cacheInputs())), games,
                new SplitFractions(0.5, 0.25, 0.25), 1, "test");
    }

    @Test
    void a_missing_or_empty_path_is_refused_at_the_option() {
        var f = new FileGeneratorFactory();
        var none = assertThrows(InvalidOptionsException.class, () -> f.create(Options.withDefaults(f.options(), Map.of())));
        assertEquals("path", none.option());
        assertTrue(none.getMessage().contains("{name: file, path: games.npz}"), none.getMessage());
        var missing = assertThrows(InvalidOptionsException.class, () -> f.create(Options.withDefaults(f.options(),
                Map.of("path", dir.resolve("absent.npz").toString()))));
        assertEquals("path", missing.option());
        assertTrue(missing.getMessage().contains("no such file: " + dir.resolve("absent.npz")), missing.getMessage());
    }
}
