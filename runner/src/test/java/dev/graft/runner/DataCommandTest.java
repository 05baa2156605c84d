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
