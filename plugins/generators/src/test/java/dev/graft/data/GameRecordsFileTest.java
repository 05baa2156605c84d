package dev.graft.data;

import dev.graft.games.domineering.DomineeringGame;
import dev.graft.io.UserInputException;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import org.jetbrains.bio.npy.NpzFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GameRecordsFileTest {
    @TempDir
    Path dir;

    private final Game game = new DomineeringGame(5);

    @Test
    void written_records_read_back_identically() {
        List<GameRecord> games = TestData.games(game, TestData.alphabeta(), 12, 4);
        Path f = dir.resolve("g.npz");
        GameRecordsFile.write(f, game, games);
        List<GameRecord> back = GameRecordsFile.read(f, game);
        assertEquals(games.size(), back.size());
        for (int i = 0; i < games.size(); i++) {
            assertArrayEquals(games.get(i).moves(), back.get(i).moves());
            assertEquals(games.get(i).winner(), back.get(i).winner());
            assertEquals(games.get(i).opening(), back.get(i).opening());
        }
        assertArrayEquals(new int[] {5, 5}, GameRecordsFile.boardShape(f).orElseThrow());
        try (var files = filesIn(dir)) {
            assertEquals(List.of("g.npz"), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void sources_round_trip_and_files_without_them_read_as_before() {
        List<GameRecord> games = TestData.games(game, TestData.random(), 6, 2);
        GameSources sources = new GameSources(List.of("random", "alphabeta", "random"), new byte[] {0, 0, 1, 1, 2, 2});
        Path f = dir.resolve("mixed.npz");
        GameRecordsFile.write(f, game, games, sources);
        assertEquals(sources, GameRecordsFile.readSources(f).orElseThrow());
        assertEquals(6, GameRecordsFile.read(f, game).size(), "readers that do not ask for sources are unaffected");
        Path plain = dir.resolve("plain.npz");
        GameRecordsFile.write(plain, game, games);
        assertTrue(GameRecordsFile.readSources(plain).isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> GameRecordsFile.write(dir.resolve("bad.npz"), game, games, GameSources.single("random", 5)));
    }

    @Test
    void only_the_first_games_are_read_when_asked_for_fewer() {
        Arrays3 a = new Arrays3();
        a.moves[2 * a.width] = (short) (game.moves() + 1); // game 2 is broken
        Path f = a.write("two-good.npz", true);
        assertEquals(2, GameRecordsFile.read(f, game, 2).size(), "game 2 is never replayed");
        assertThrows(UserInputException.class, () -> GameRecordsFile.read(f, game, 3));
    }

    @Test
    void a_board_array_of_another_size_is_refused_naming_both_boards() {
        List<GameRecord> games = TestData.games(game, TestData.random(), 2, 2);
        Path f = dir.resolve("five.npz");
        GameRecordsFile.write(f, game, games);
        var e = assertThrows(UserInputException.class, () -> GameRecordsFile.read(f, new DomineeringGame(6)));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("5×5 board")
                && e.getMessage().contains("domineering 6×6"), e.getMessage());
    }

    private static java.util.stream.Stream<String> filesIn(Path d) {
        try {
            return Files.list(d).map(p -> p.getFileName().toString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A valid file's arrays, which each bad-input case then spoils. */
    private final class Arrays3 {
        int games;
        int width;
        short[] moves;
        int[] lengths;
        boolean[] winners;

        Arrays3() {
            List<GameRecord> g = TestData.games(game, TestData.random(), 3, 11);
            games = g.size();
            width = g.stream().mapToInt(GameRecord::length).max().orElse(0) + 1;
            moves = new short[games * width];
            java.util.Arrays.fill(moves, (short) -1);
            lengths = new int[games];
            winners = new boolean[games];
            for (int i = 0; i < games; i++) {
                for (int p = 0; p < g.get(i).length(); p++) {
                    moves[i * width + p] = (short) g.get(i).moves()[p];
                }
                lengths[i] = g.get(i).length();
                winners[i] = g.get(i).winner() == 0;
            }
        }

        Path write(String name, boolean withMoves) {
            Path f = dir.resolve(name);
            try (NpzFile.Writer w = NpzFile.write(f, false)) {
                if (withMoves) {
                    w.write("moves", moves, new int[] {games, width}, ByteOrder.LITTLE_ENDIAN);
                }
                w.write("lengths", lengths, new int[] {lengths.length}, ByteOrder.LITTLE_ENDIAN);
                w.write("winners", winners, new int[] {winners.length});
            }
            return f;
        }
    }

    private UserInputException bad(String name, Consumer<Arrays3> spoil, String... expected) {
        Arrays3 a = new Arrays3();
        assertEquals(3, GameRecordsFile.read(a.write("good.npz", true), game).size(), "fixture is valid");
        spoil.accept(a);
        Path f = a.write(name, true);
        UserInputException e = assertThrows(UserInputException.class, () -> GameRecordsFile.read(f, game));
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), "mentions '" + s + "': " + e.getMessage());
        }
        return e;
    }

    @Test
    void an_illegal_move_is_reported_with_game_and_ply() {
        bad("illegal.npz", a -> a.moves[a.width + 1] = a.moves[a.width], "game 1, ply 1", "illegal");
    }

    @Test
    void a_game_that_does_not_end_is_reported() {
        bad("short.npz", a -> {
            a.moves[2 * a.width + a.lengths[2] - 1] = -1;
            a.lengths[2]--;
        }, "game 2", "not over");
    }

    @Test
    void moves_after_the_end_are_reported() {
        bad("long.npz", a -> a.lengths[0]++, "game 0, ply");
    }

    @Test
    void a_disagreeing_winner_is_reported() {
        bad("winner.npz", a -> a.winners[1] = !a.winners[1], "game 1", "won");
    }

    @Test
    void moves_of_a_larger_board_are_reported_as_out_of_range() {
        bad("board.npz", a -> a.moves[0] = (short) (game.moves() + 3), "game 0, ply 0", "outside 0…39", "board");
    }

    @Test
    void wrong_shapes_are_reported() {
        bad("shape.npz", a -> a.lengths = new int[] {1, 2}, "lengths", "(3,)");
    }

    @Test
    void a_missing_array_is_reported() {
        Arrays3 a = new Arrays3();
        Path f = a.write("nomoves.npz", false);
        var e = assertThrows(UserInputException.class, () -> GameRecordsFile.read(f, game));
        assertTrue(e.getMessage().contains("no array 'moves'"), e.getMessage());
    }

    @Test
    void a_file_that_is_not_an_npz_is_reported() throws IOException {
        Path f = dir.resolve("text.npz");
        Files.writeString(f, "hello, not a zip");
        var e = assertThrows(UserInputException.class, () -> GameRecordsFile.read(f, game));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(".npz"), e.getMessage());
        var missing = assertThrows(UserInputException.class, () -> GameRecordsFile.read(dir.resolve("none.npz"), game));
        assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());
    }
}
