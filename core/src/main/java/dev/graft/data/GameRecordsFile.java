package dev.graft.data;

import dev.graft.io.UserInputException;
import dev.graft.spi.Game;
import dev.graft.spi.GameRecord;
import dev.graft.spi.GameResult;
import dev.graft.spi.GameState;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpzEntry;
import org.jetbrains.bio.npy.NpzFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Game records as {@code .npz} (DESIGN.md "Interchange formats"): {@code moves} int16
 * [games, max_len] padded with −1, {@code lengths} int32 [games], {@code winners} bool [games]
 * (true = the first player, Domineering's vertical, won; false for a draw too). graft also writes
 * extra arrays that readers may ignore: {@code results} int8 [games], 0 first player won, 1 second
 * player won, 2 draw (a file without it has no draws: {@code winners} decides); {@code opening} int32 [games], the random-opening plies of each game
 * (positions are taken from plies ≥ opening; a file without it means 0), {@code board} int32
 * [2], the board's rows and columns, and, for games of a mix ({@link GameSources}), {@code source}
 * int8 [games], the index of each game's part, with {@code source_names} (byte strings [parts]),
 * each part's generator name.
 *
 * <p>Reading accepts any integer dtype for {@code moves}, {@code lengths} and {@code opening},
 * bool or 0/1 integers for {@code winners}, compressed or stored entries, and unknown extra arrays.
 * It replays every game through the engine and rejects a file whose games are not legal, finished
 * games with the recorded winner, with a {@link UserInputException} naming the file, game and ply.
 */
public final class GameRecordsFile {
    /** Array names. */
    public static final String MOVES = "moves";
    public static final String LENGTHS = "lengths";
    public static final String WINNERS = "winners";
    public static final String RESULTS = "results";
    public static final String OPENING = "opening";
    public static final String BOARD = "board";
    public static final String SOURCE = "source";
    public static final String SOURCE_NAMES = "source_names";

    private static final int CHUNK = 1 << 20;

    private GameRecordsFile() {
    }

    /** Writes {@code games} to {@code file} (compressed), atomically: the file appears only when complete. */
    public static void write(Path file, Game game, List<GameRecord> games) {
        write(file, game, games, null);
    }

    /**
     * Like {@link #write(Path, Game, List)}, also writing each game's part of the mix as
     * {@code source} and {@code source_names} when {@code sources} is not null.
     */
    public static void write(Path file, Game game, List<GameRecord> games, GameSources sources) {
        if (sources != null && sources.games() != games.size()) {
            throw new IllegalArgumentException(games.size() + " games but " + sources.games() + " sources");
        }
        if (game.moves() > Short.MAX_VALUE) {
            throw new IllegalArgumentException(game.name() + " has " + game.moves()
                    + " moves, more than an int16 'moves' array can hold");
        }
        int n = games.size();
        int maxLen = 0;
        for (GameRecord r : games) {
            maxLen = Math.max(maxLen, r.length());
        }
        short[] moves = new short[n * maxLen];
        Arrays.fill(moves, (short) -1);
        int[] lengths = new int[n];
        boolean[] winners = new boolean[n];
        byte[] results = new byte[n];
        int[] opening = new int[n];
        for (int g = 0; g < n; g++) {
            GameRecord r = games.get(g);
            for (int p = 0; p < r.length(); p++) {
                moves[g * maxLen + p] = (short) r.moves()[p];
            }
            lengths[g] = r.length();
            winners[g] = r.winner() == 0;
            results[g] = (byte) r.result().code();
            opening[g] = r.opening();
        }
        int width = maxLen;
        try {
            AtomicPaths.writeFile(file, target -> {
                Path tmp = target.resolveSibling(target.getFileName() + ".npy-library");
                try (NpzFile.Writer w = NpzFile.write(tmp, true)) {
                    w.write(MOVES, moves, new int[] {n, width}, ByteOrder.LITTLE_ENDIAN);
                    w.write(LENGTHS, lengths, new int[] {n}, ByteOrder.LITTLE_ENDIAN);
                    w.write(WINNERS, winners, new int[] {n});
                    w.write(RESULTS, results, new int[] {n});
                    w.write(OPENING, opening, new int[] {n}, ByteOrder.LITTLE_ENDIAN);
                    w.write(BOARD, new int[] {game.rows(), game.cols()}, new int[] {2}, ByteOrder.LITTLE_ENDIAN);
                    if (sources != null) {
                        w.write(SOURCE, sources.source(), new int[] {n});
                        w.write(SOURCE_NAMES, sources.names().toArray(String[]::new), new int[] {sources.names().size()});
                    }
                }
                try {
                    withFixedTimes(tmp, target);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not write game records to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The time every member of a games file carries, so that the same games always make the same bytes. */
    static final java.time.LocalDateTime ENTRY_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    /**
     * Copies the zip {@code from} to {@code to} with every member compressed again and dated {@link #ENTRY_TIME}
     * (the NPY library dates each member with the time of writing): the same games then give the same file,
     * byte for byte, whenever and in however many shards they were made.
     */
    private static void withFixedTimes(Path from, Path to) throws IOException {
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(from.toFile());
             java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(
                     new java.io.BufferedOutputStream(Files.newOutputStream(to)))) {
            var entries = in.entries();
            while (entries.hasMoreElements()) {
                java.util.zip.ZipEntry e = entries.nextElement();
                java.util.zip.ZipEntry copy = new java.util.zip.ZipEntry(e.getName());
                copy.setMethod(java.util.zip.ZipEntry.DEFLATED);
                copy.setTimeLocal(ENTRY_TIME);
                out.putNextEntry(copy);
                try (var data = in.getInputStream(e)) {
                    data.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    /**
     * The board's {@code {rows, cols}} as recorded in {@code file}'s {@code board} array, or empty
     * when the file has none (files not written by graft).
     */
    public static Optional<int[]> boardShape(Path file) {
        try (NpzFile.Reader r = open(file)) {
            if (!names(file, r).contains(BOARD)) {
                return Optional.empty();
            }
            int[] b = NpyArrays.ints(r.get(BOARD, CHUNK));
            if (b == null || b.length != 2) {
                throw new UserInputException(file + ": array 'board' should hold 2 integers (rows, cols)");
            }
            return Optional.of(b);
        }
    }

    /**
     * The part of the mix each of the file's games came from ({@code source}, {@code source_names}),
     * or empty when the file has no {@code source} array (a single generator, or not written by graft).
     */
    public static Optional<GameSources> readSources(Path file) {
        try (NpzFile.Reader r = open(file)) {
            Set<String> names = names(file, r);
            if (!names.contains(SOURCE)) {
                return Optional.empty();
            }
            if (!names.contains(SOURCE_NAMES)) {
                throw new UserInputException(file + ": has a 'source' array but no 'source_names' (the generator"
                        + " name of each source index)");
            }
            NpyArray s = r.get(SOURCE, CHUNK);
            int[] source = NpyArrays.ints(s);
            requireInts(file, SOURCE, s, source);
            String[] partNames = r.get(SOURCE_NAMES, CHUNK).asStringArray();
            byte[] bytes = new byte[source.length];
            for (int g = 0; g < source.length; g++) {
                if (source[g] < 0 || source[g] >= partNames.length) {
                    throw new UserInputException(file + ": game " + g + ": source " + source[g] + " outside 0…"
                            + (partNames.length - 1) + " (the indices of 'source_names')");
                }
                bytes[g] = (byte) source[g];
            }
            return Optional.of(new GameSources(List.of(partNames), bytes));
        } catch (UserInputException e) {
            throw e;
        } catch (Exception e) {
            throw new UserInputException(file + ": its 'source' arrays are not readable (" + e + ")", e);
        }
    }

    /** Reads and checks every game of {@code file} by replaying it on {@code game}. */
    public static List<GameRecord> read(Path file, Game game) {
        return read(file, game, Integer.MAX_VALUE);
    }

    /**
     * Reads and checks the first {@code limit} games of {@code file} (all of them when it holds
     * fewer) by replaying each on {@code game}. A {@code board} array that differs from the game's
     * board is refused before any game is replayed.
     */
    public static List<GameRecord> read(Path file, Game game, int limit) {
        int[] moves;
        int[] mShape;
        int[] lengths;
        boolean[] winners;
        int[] results = null;
        int[] opening = null;
        try (NpzFile.Reader r = open(file)) {
            Set<String> names = names(file, r);
            for (String need : List.of(MOVES, LENGTHS, WINNERS)) {
                if (!names.contains(need)) {
                    throw new UserInputException(file + ": no array '" + need + "' (the file has " + names
                            + "); a game-record .npz needs moves [games, max_len], lengths [games] and winners [games]");
                }
            }
            NpyArray m = r.get(MOVES, CHUNK);
            mShape = m.getShape();
            moves = NpyArrays.ints(m);
            requireInts(file, MOVES, m, moves);
            if (mShape.length != 2) {
                throw new UserInputException(file + ": array 'moves' has shape " + NpyArrays.shape(mShape)
                        + "; it must be 2-D, [games, max_len], padded with -1");
            }
            NpyArray l = r.get(LENGTHS, CHUNK);
            lengths = NpyArrays.ints(l);
            requireInts(file, LENGTHS, l, lengths);
            requireVector(file, LENGTHS, l.getShape(), mShape[0]);
            NpyArray w = r.get(WINNERS, CHUNK);
            winners = NpyArrays.bools(w);
            if (winners == null) {
                throw new UserInputException(file + ": array 'winners' has dtype " + NpyArrays.dtype(w)
                        + "; it must be bool (true = the first player won) or integers 0/1");
            }
            requireVector(file, WINNERS, w.getShape(), mShape[0]);
            if (names.contains(RESULTS)) {
                NpyArray res = r.get(RESULTS, CHUNK);
                results = NpyArrays.ints(res);
                requireInts(file, RESULTS, res, results);
                requireVector(file, RESULTS, res.getShape(), mShape[0]);
            }
            if (names.contains(OPENING)) {
                NpyArray o = r.get(OPENING, CHUNK);
                opening = NpyArrays.ints(o);
                requireInts(file, OPENING, o, opening);
                requireVector(file, OPENING, o.getShape(), mShape[0]);
            }
            if (names.contains(BOARD)) {
                int[] b = NpyArrays.ints(r.get(BOARD, CHUNK));
                if (b == null || b.length != 2) {
                    throw new UserInputException(file + ": array 'board' should hold 2 integers (rows, cols)");
                }
                if (b[0] != game.rows() || b[1] != game.cols()) {
                    throw new UserInputException(file + ": its games are on a " + b[0] + "×" + b[1] + " board (array"
                            + " 'board'), but the game is " + describe(game) + "; set the game's board to match");
                }
            }
        } catch (UserInputException e) {
            throw e;
        } catch (Exception e) {
            throw new UserInputException(file + ": not a readable game-record .npz (" + e + ")", e);
        }
        return replay(file, game, moves, Math.min(mShape[0], Math.max(0, limit)), mShape[1], lengths, winners, results,
                opening);
    }

    private static List<GameRecord> replay(Path file, Game game, int[] moves, int games, int width,
                                           int[] lengths, boolean[] winners, int[] results, int[] opening) {
        List<GameRecord> out = new ArrayList<>(games);
        int moveCount = game.moves();
        for (int g = 0; g < games; g++) {
            int len = lengths[g];
            if (len < 0 || len > width) {
                throw new UserInputException(file + ": game " + g + ": length " + len + " outside 0…" + width
                        + " (the width of 'moves')");
            }
            GameState s = game.newGame();
            int[] seq = new int[len];
            for (int p = 0; p < len; p++) {
                int move = moves[g * width + p];
                if (move < 0 || move >= moveCount) {
                    throw new UserInputException(file + ": game " + g + ", ply " + p + ": move " + move
                            + " is outside 0…" + (moveCount - 1) + " for " + describe(game)
                            + " (padding -1 inside the game's length, or a file for another board size?)");
                }
                if (s.isTerminal()) {
                    throw new UserInputException(file + ": game " + g + ", ply " + p + ": the game was already over"
                            + " after " + p + " moves, but its length is " + len);
                }
                if (!s.isLegal(move)) {
                    throw new UserInputException(file + ": game " + g + ", ply " + p + ": move " + move + " "
                            + game.describeMove(move) + " is illegal there (is the board size right? this is "
                            + describe(game) + ")");
                }
                s.play(move);
                seq[p] = move;
            }
            for (int p = len; p < width; p++) {
                if (moves[g * width + p] != -1) {
                    throw new UserInputException(file + ": game " + g + ", ply " + p + ": holds "
                            + moves[g * width + p] + " after the game's length " + len + "; padding must be -1");
                }
            }
            if (!s.isTerminal()) {
                throw new UserInputException(file + ": game " + g + ", ply " + len + ": the game is not over after its "
                        + len + " moves (the side to move still has " + s.legalMoveCount() + " legal moves)");
            }
            GameResult recorded;
            if (results != null) {
                if (results[g] < 0 || results[g] > 2) {
                    throw new UserInputException(file + ": game " + g + ": 'results' holds " + results[g]
                            + "; it must be 0 (first player won), 1 (second player won) or 2 (draw)");
                }
                recorded = GameResult.ofCode(results[g]);
                if (winners[g] != (recorded == GameResult.FIRST_WINS)) {
                    throw new UserInputException(file + ": game " + g + ": 'winners' (" + winners[g] + ") and"
                            + " 'results' (" + results[g] + ") disagree; winners is true exactly when results is 0");
                }
            } else {
                recorded = winners[g] ? GameResult.FIRST_WINS : GameResult.SECOND_WINS;
            }
            GameResult replayed = s.result();
            if (replayed != recorded) {
                throw new UserInputException(file + ": game " + g + ", ply " + len + ": the file says "
                        + describe(recorded) + ", but replaying the moves " + describe(replayed)
                        + (results == null ? " (a file without 'results' records no draws)" : ""));
            }
            int open = opening == null ? 0 : opening[g];
            if (open < 0 || open > len) {
                throw new UserInputException(file + ": game " + g + ": opening " + open + " outside 0…" + len);
            }
            out.add(new GameRecord(seq, recorded, open));
        }
        return List.copyOf(out);
    }

    private static String describe(GameResult result) {
        return switch (result) {
            case FIRST_WINS -> "the first player won";
            case SECOND_WINS -> "the second player won";
            case DRAW -> "it was a draw";
        };
    }

    private static String describe(Game game) {
        return game.name() + " " + game.rows() + "×" + game.cols();
    }

    private static NpzFile.Reader open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(file + ": no such file; give a game-record .npz (from graft data generate)");
        }
        try {
            return NpzFile.read(file);
        } catch (Exception e) {
            throw new UserInputException(file + ": not an .npz archive (" + e.getMessage()
                    + "); give a file written by graft data generate or numpy.savez", e);
        }
    }

    private static Set<String> names(Path file, NpzFile.Reader r) {
        try {
            Set<String> names = new TreeSet<>();
            for (NpzEntry e : r.introspect()) {
                names.add(e.getName());
            }
            return names;
        } catch (Exception e) {
            throw new UserInputException(file + ": not a readable .npz archive (" + e + ")", e);
        }
    }

    private static void requireInts(Path file, String name, NpyArray a, int[] values) {
        if (values == null) {
            throw new UserInputException(file + ": array '" + name + "' has dtype " + NpyArrays.dtype(a)
                    + "; it must be an integer array");
        }
    }

    private static void requireVector(Path file, String name, int[] shape, int games) {
        if (shape.length != 1 || shape[0] != games) {
            throw new UserInputException(file + ": array '" + name + "' has shape " + NpyArrays.shape(shape)
                    + "; it must be (" + games + ",), one entry per game of 'moves'");
        }
    }
}
