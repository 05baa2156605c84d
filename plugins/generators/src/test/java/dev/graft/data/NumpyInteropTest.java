package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real numpy on both sides: skipped (with the reason) only where /usr/bin/python3 has no numpy. */
class NumpyInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @BeforeAll
    static void numpyPresent() throws Exception {
        boolean ok = Files.isExecutable(Path.of(PYTHON)) && python(Path.of("."), "import numpy").exitCode == 0;
        assumeTrue(ok, "numpy interop needs " + PYTHON + " with numpy (Debian python3-numpy); not available here");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result python(Path cwd, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, out + "\n(timed out)");
        }
        return new Result(p.exitValue(), out);
    }

    private static String run(Path cwd, String script) throws Exception {
        Result r = python(cwd, script);
        assertEquals(0, r.exitCode, "python failed:\n" + r.output);
        return r.output.trim();
    }

    @Test
    void numpy_compressed_npz_with_int16_lengths_is_read() throws Exception {
        // Python plays 4×4 Domineering games with the EXPERIMENT.md encoding, independently of graft.
        String script = String.join("\n",
                "import numpy as np, random",
                "N = 4; P = N * (N - 1)",
                "def moves_of(board, player):",
                "    out = []",
                "    for i in range(N):",
                "        for j in range(N):",
                "            if player == 0 and i <= N - 2 and not board[i][j] and not board[i+1][j]: out.append(i*N + j)",
                "            if player == 1 and j <= N - 2 and not board[i][j] and not board[i][j+1]: out.append(P + j*N + i)",
                "    return sorted(out)",
                "rng = random.Random(3); games = []; winners = []",
                "for g in range(6):",
                "    board = [[0]*N for _ in range(N)]; seq = []; player = 0",
                "    while True:",
                "        legal = moves_of(board, player)",
                "        if not legal: break",
                "        m = rng.choice(legal); seq.append(m)",
                "        if m < P: i, j = divmod(m, N); board[i][j] = board[i+1][j] = 1",
                "        else: j, i = divmod(m - P, N); board[i][j] = board[i][j+1] = 1",
                "        player = 1 - player",
                "    games.append(seq); winners.append(player == 1)",
                "L = max(len(s) for s in games)",
                "moves = np.full((len(games), L), -1, dtype=np.int16)",
                "for g, s in enumerate(games): moves[g, :len(s)] = s",
                "np.savez_compressed('py.npz', moves=moves, lengths=np.array([len(s) for s in games], dtype=np.int16),",
                "                    winners=np.array(winners, dtype=bool))",
                "print(';'.join(','.join(map(str, s)) + ':' + str(int(w)) for s, w in zip(games, winners)))");
        String expected = run(dir, script);
        Game game = new DomineeringGame(4);
        List<GameRecord> read = GameRecordsFile.read(dir.resolve("py.npz"), game);
        StringBuilder got = new StringBuilder();
        for (GameRecord r : read) {
            if (got.length() > 0) {
                got.append(';');
            }
            StringBuilder seq = new StringBuilder();
            for (int m : r.moves()) {
                seq.append(seq.length() == 0 ? "" : ",").append(m);
            }
            got.append(seq).append(':').append(r.winner() == 0 ? 1 : 0);
            assertEquals(0, r.opening(), "no opening array means 0");
        }
        assertEquals(expected, got.toString());
    }

    @Test
    void numpy_reads_graft_records_with_exact_dtypes_and_shapes() throws Exception {
        Game game = new DomineeringGame(5);
        List<GameRecord> games = TestData.games(game, TestData.alphabeta(), 5, 2);
        GameRecordsFile.write(dir.resolve("graft.npz"), game, games);
        int width = games.stream().mapToInt(GameRecord::length).max().orElseThrow();
        String out = run(dir, String.join("\n",
                "import numpy as np",
                "z = np.load('graft.npz')",
                "print(z['moves'].dtype, z['moves'].shape, z['lengths'].dtype, z['lengths'].shape, z['winners'].dtype,"
                        + " z['winners'].shape)",
                "print(int(z['moves'][0, z['lengths'][0]:].max(initial=-1)), ','.join(map(str, z['moves'][0, :z['lengths'][0]])),"
                        + " int(z['winners'][0]))"));
        String[] lines = out.split("\n");
        assertEquals("int16 (5, " + width + ") int32 (5,) bool (5,)", lines[0]);
        StringBuilder first = new StringBuilder();
        for (int m : games.get(0).moves()) {
            first.append(first.length() == 0 ? "" : ",").append(m);
        }
        assertEquals("-1 " + first + " " + (games.get(0).winner() == 0 ? 1 : 0), lines[1]);
    }

    @Test
    void numpy_reads_the_source_of_each_game_of_a_mix_without_pickle() throws Exception {
        Game game = new DomineeringGame(4);
        List<GameRecord> games = TestData.games(game, TestData.random(), 5, 3);
        GameRecordsFile.write(dir.resolve("mix.npz"), game, games,
                new GameSources(List.of("random", "alphabeta"), new byte[] {0, 0, 1, 1, 1}));
        String out = run(dir, String.join("\n",
                "import numpy as np",
                "z = np.load('mix.npz', allow_pickle=False)",
                "s, n = z['source'], z['source_names']",
                "print(s.dtype, s.shape, ','.join(map(str, s)))",
                "print(n.dtype.kind, n.shape, ','.join(x.decode() if isinstance(x, bytes) else str(x) for x in n))",
                "print(','.join((x.decode() if isinstance(x, bytes) else str(x)) for x in n[s]))"));
        String[] lines = out.split("\n");
        assertEquals("int8 (5,) 0,0,1,1,1", lines[0]);
        assertTrue(lines[1].matches("[SU] \\(2,\\) random,alphabeta"), lines[1]);
        assertEquals("random,random,alphabeta,alphabeta,alphabeta", lines[2]);
    }

    @Test
    void numpy_reads_a_position_dump_with_exact_dtypes_and_shapes() throws Exception {
        Game game = new DomineeringGame(4);
        List<GameRecord> games = TestData.games(game, TestData.random(), 6, 5);
        GamePositions src = new GamePositions(game, games, new int[] {0, 1, 2, 3, 4, 5},
                List.of(new TestData.EmptyPerRow()), 1);
        PositionDump.write(dir.resolve("dump"), src, new PositionRef[] {src.locate(0), src.locate(1), src.locate(2)});
        String out = run(dir.resolve("dump"), String.join("\n",
                "import numpy as np",
                "for n in ['tokens', 'value', 'policy', 'mask', 'aux', 'game', 'ply', 'symmetry']:",
                "    a = np.load(n + '.npy'); print(n, a.dtype, a.shape)"));
        assertArrayEquals(new String[] {
                "tokens int8 (3, 16)", "value float32 (3,)", "policy int16 (3,)", "mask bool (3, 24)",
                "aux float32 (3, 4)", "game int32 (3,)", "ply int16 (3,)", "symmetry int8 (3,)"}, out.split("\n"));
    }
}
