package dev.graft.runner;

import dev.graft.data.GameRecordsFile;
import dev.graft.games.domineering.DomineeringGame;
import dev.graft.spi.GameRecord;
import org.jetbrains.bio.npy.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run graft(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void generate_then_dump_with_sector_balance() throws IOException {
        Path games = dir.resolve("g.npz");
        Run gen = graft("data", "generate", "--board", "4", "--generator", "alphabeta", "--games", "12", "--seed", "3",
                "--threads", "2", "--no-progress", "--set-option", "opening=2", "--out", games.toString());
        assertEquals(0, gen.code, gen.err);
        assertTrue(gen.out.contains("wrote 12 domineering 4×4 games"), gen.out);
        List<GameRecord> records = GameRecordsFile.read(games, new DomineeringGame(4));
        assertEquals(12, records.size());
        assertTrue(records.stream().allMatch(r -> r.opening() == 2));

        Path out = dir.resolve("pos");
        Run dump = graft("data", "dump", "--games", games.toString(), "--positions", "20", "--seed", "1",
                "--aux", "sector-balance", "--out", out.toString());
        assertEquals(0, dump.code, dump.err);
        assertArrayEquals(new int[] {20, 1}, NpyFile.read(out.resolve("aux.npy"), 1 << 16).getShape(),
                "one 4×4 sector on a 4×4 board");
        assertArrayEquals(new int[] {20, 16}, NpyFile.read(out.resolve("tokens.npy"), 1 << 16).getShape());
    }

    @Test
    void a_dump_says_what_it_holds_in_dump_json_with_the_aux_options_given() throws Exception {
        Path games = dir.resolve("g.npz");
        assertEquals(0, graft("data", "generate", "--board", "4", "--generator", "random", "--games", "6",
                "--seed", "2", "--no-progress", "--out", games.toString()).code);
        Path out = dir.resolve("pos");
        Run dump = graft("data", "dump", "--games", games.toString(), "--positions", "10", "--seed", "5",
                "--aux", "sector-balance:scale=1,sector=2", "--out", out.toString());
        assertEquals(0, dump.code, dump.err);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("dump.json").toFile());
        assertEquals("domineering", json.get("game").asText());
        assertEquals(4, json.get("board").asInt());
        assertEquals(10, json.get("positions").asInt());
        assertEquals(5, json.get("seed").asInt());
        assertEquals(dev.graft.io.CacheEntry.sha256(games), json.get("source").get("sha256").asText());
        var task = json.get("auxiliary").get(0);
        assertEquals("sector-balance", task.get("name").asText());
        assertEquals(1.0, task.get("options").get("scale").asDouble());
        assertEquals(2, task.get("options").get("sector").asInt());
        assertEquals(4, task.get("outputs").asInt(), "four 2×2 sectors on a 4×4 board");
        assertEquals(List.of("sector-balance:0", "sector-balance:1", "sector-balance:2", "sector-balance:3"),
                new com.fasterxml.jackson.databind.ObjectMapper().convertValue(json.get("aux_columns"), List.class));
        float[] aux = NpyFile.read(out.resolve("aux.npy"), 1 << 16).asFloatArray();
        for (float v : aux) {
            assertEquals(Math.rint(v), v, 0, "at scale 1 the targets are whole move counts");
        }

        if (Files.isExecutable(NumpyReferenceTest.PYTHON)) {
            Path script = NumpyReferenceTest.referenceModule().resolveSibling("graft_dump.py");
            Process py = new ProcessBuilder(NumpyReferenceTest.PYTHON.toString(), script.toString(), out.toString())
                    .redirectErrorStream(true).start();
            String printed = new String(py.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertEquals(0, py.waitFor(), printed);
            var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(printed);
            assertEquals(10, summary.get("positions").asInt(), printed);
            assertEquals(1.0, summary.get("aux_scale").get(0).asDouble(), printed);
            assertEquals(4, summary.get("aux_columns").size(), printed);
        }

        Run bad = graft("data", "dump", "--games", games.toString(), "--positions", "2", "--aux", "sector-balance:scale",
                "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.code);
        assertTrue(bad.err.contains("'scale' is not key=value") && bad.err.contains("sector-balance:scale=1,sector=4"), bad.err);
        Run unknown = graft("data", "dump", "--games", games.toString(), "--positions", "2", "--aux",
                "sector-balance:scal=1", "--out", dir.resolve("bad").toString());
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.contains("scal"), unknown.err);
        assertFalse(Files.exists(dir.resolve("bad")), "nothing written on bad input");
    }

    @Test
    void user_mistakes_exit_2_with_a_message_and_write_nothing() throws IOException {
        Path games = dir.resolve("g.npz");
        Run badOption = graft("data", "generate", "--board", "4", "--games", "3", "--no-progress",
                "--set-option", "random_move=1.5", "--out", games.toString());
        assertEquals(2, badOption.code);
        assertTrue(badOption.err.contains("random_move") && badOption.err.contains("0 ≤ value ≤ 1"), badOption.err);
        Run badBoard = graft("data", "generate", "--board", "99", "--games", "3", "--out", games.toString());
        assertEquals(2, badBoard.code);
        assertTrue(badBoard.err.contains("board"), badBoard.err);
        Run unknown = graft("data", "generate", "--board", "4", "--generator", "minimax", "--games", "3",
                "--out", games.toString());
        assertEquals(2, unknown.code);
        assertTrue(unknown.err.contains("alphabeta") && unknown.err.contains("random"), unknown.err);
        assertFalse(Files.exists(games));

        assertEquals(0, graft("data", "generate", "--board", "4", "--generator", "random", "--games", "3",
                "--no-progress", "--out", games.toString()).code);
        Path out = dir.resolve("pos");
        Run wrongBoard = graft("data", "dump", "--board", "5", "--games", games.toString(), "--positions", "2",
                "--out", out.toString());
        assertEquals(2, wrongBoard.code);
        assertTrue(wrongBoard.err.contains(games.toString()) && wrongBoard.err.contains("4×4 board")
                && wrongBoard.err.contains("domineering 5×5"), wrongBoard.err);
        Run tooMany = graft("data", "dump", "--games", games.toString(), "--positions", "100000", "--out", out.toString());
        assertEquals(2, tooMany.code);
        assertTrue(tooMany.err.contains("holds only"), tooMany.err);
        Files.writeString(dir.resolve("junk.npz"), "junk");
        Run junk = graft("data", "dump", "--board", "4", "--games", dir.resolve("junk.npz").toString(),
                "--positions", "2", "--out", out.toString());
        assertEquals(2, junk.code);
        assertFalse(Files.exists(out), "nothing written on bad input");
    }

    @Test
    void bench_data_prints_the_three_figures() {
        Run r = graft("bench", "data", "--games", "4", "--board", "8", "--seconds", "0.2", "--json");
        assertEquals(0, r.code, r.err);
        for (String figure : List.of("alphabeta-generation", "alphabeta-generation-time", "position-sampling")) {
            assertTrue(r.out.contains(figure), r.out);
        }
        assertTrue(r.out.contains("{\"bench\": \"position-sampling\""), r.out);
    }
}
