package dev.graft.games.othello;

import dev.graft.data.GameRecordsFile;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameResult;
import dev.graft.spi.OptionType;
import dev.graft.spi.Options;
import dev.graft.spi.InvalidOptionsException;
import dev.graft.spi.PluginFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OthelloRecordTest {

    private static GameRecord randomGame(OthelloGame g, long seed) {
        OthelloState s = g.newGame();
        SplittableRandom rng = new SplittableRandom(seed);
        List<Integer> moves = new ArrayList<>();
        while (!s.isTerminal()) {
            int m = s.legalMove(rng.nextInt(s.legalMoveCount()));
            s.play(m);
            moves.add(m);
        }
        return GameRecord.of(moves.stream().mapToInt(Integer::intValue).toArray(), s, 0);
    }

    @Test
    void random_games_with_passes_and_draws_replay_from_their_records(@TempDir Path dir) {
        OthelloGame g = new OthelloGame(4);
        List<GameRecord> games = new ArrayList<>();
        boolean pass = false;
        boolean draw = false;
        for (long seed = 0; seed < 400 && !(pass && draw && games.size() >= 20); seed++) {
            GameRecord r = randomGame(g, seed);
            boolean hasPass = java.util.Arrays.stream(r.moves()).anyMatch(m -> m == g.passMove());
            if (hasPass || r.isDraw() || games.size() < 20) {
                games.add(r);
            }
            pass |= hasPass;
            draw |= r.isDraw();
        }
        assertTrue(pass && draw, "random 4×4 games should include a pass and a draw");
        Path file = dir.resolve("games.npz");
        GameRecordsFile.write(file, g, games);
        List<GameRecord> back = GameRecordsFile.read(file, g);
        assertEquals(games.size(), back.size());
        for (int i = 0; i < games.size(); i++) {
            assertArrayEquals(games.get(i).moves(), back.get(i).moves());
            assertEquals(games.get(i).result(), back.get(i).result());
            OthelloState s = g.newGame();
            for (int m : back.get(i).moves()) {
                s.play(m);
            }
            assertEquals(back.get(i).result(), s.result());
        }
        assertTrue(back.stream().anyMatch(r -> r.result() == GameResult.DRAW));
    }

    @Test
    void a_file_whose_results_contradict_the_replay_or_the_winners_is_refused(@TempDir Path dir) throws Exception {
        OthelloGame g = new OthelloGame(4);
        GameRecord decided = null;
        for (long seed = 0; decided == null; seed++) {
            GameRecord r = randomGame(g, seed);
            if (!r.isDraw()) {
                decided = r;
            }
        }
        int len = decided.length();
        short[] moves = new short[len];
        for (int p = 0; p < len; p++) {
            moves[p] = (short) decided.moves()[p];
        }
        boolean firstWon = decided.winner() == 0;
        Path draw = dir.resolve("draw.npz");
        writeRecords(draw, moves, firstWon, (byte) 2);
        dev.graft.io.UserInputException e = assertThrows(dev.graft.io.UserInputException.class,
                () -> GameRecordsFile.read(draw, g));
        assertTrue(e.getMessage().contains("game 0"), e.getMessage());
        Path mismatch = dir.resolve("mismatch.npz");
        writeRecords(mismatch, moves, !firstWon, (byte) decided.result().code());
        e = assertThrows(dev.graft.io.UserInputException.class, () -> GameRecordsFile.read(mismatch, g));
        assertTrue(e.getMessage().contains("'winners'") && e.getMessage().contains("'results'"), e.getMessage());
        Path right = dir.resolve("right.npz");
        writeRecords(right, moves, firstWon, (byte) decided.result().code());
        assertEquals(decided.result(), GameRecordsFile.read(right, g).get(0).result());
    }

    private static void writeRecords(Path file, short[] moves, boolean firstWon, byte result) throws Exception {
        try (org.jetbrains.bio.npy.NpzFile.Writer w = org.jetbrains.bio.npy.NpzFile.write(file, true)) {
            w.write("moves", moves, new int[] {1, moves.length}, java.nio.ByteOrder.LITTLE_ENDIAN);
            w.write("lengths", new int[] {moves.length}, new int[] {1}, java.nio.ByteOrder.LITTLE_ENDIAN);
            w.write("winners", new boolean[] {firstWon}, new int[] {1});
            w.write("results", new byte[] {result}, new int[] {1});
        }
    }

    @Test
    void a_full_8x8_random_game_replays_to_the_recorded_result() {
        OthelloGame g = new OthelloGame(8);
        GameRecord r = randomGame(g, 42);
        OthelloState s = g.newGame();
        for (int m : r.moves()) {
            assertTrue(s.isLegal(m), "move " + g.describeMove(m) + " at ply " + s.ply());
            s.play(m);
        }
        assertTrue(s.isTerminal());
        assertEquals(r.result(), s.result());
        assertEquals(r.winner(), s.winner());
        assertTrue(r.length() >= 10);
    }

    @Test
    void the_factory_mirrors_domineerings_board_option_and_refuses_odd_boards() {
        PluginFactory<Game> f = new OthelloFactory();
        assertEquals("othello", f.name());
        assertEquals(1, f.options().size());
        assertEquals("board", f.options().get(0).name());
        assertEquals(OptionType.INT, f.options().get(0).type());
        assertEquals(8, f.options().get(0).defaultValue());
        assertEquals(4.0, f.options().get(0).min());
        assertEquals(8.0, f.options().get(0).max());
        assertEquals(new OthelloGame(6), f.create(Options.withDefaults(f.options(), Map.of("board", 6))));
        InvalidOptionsException odd = assertThrows(InvalidOptionsException.class,
                () -> f.create(Options.withDefaults(f.options(), Map.of("board", 5))));
        assertEquals("board", odd.option());
        assertTrue(odd.getMessage().contains("even"), odd.getMessage());
    }
}
