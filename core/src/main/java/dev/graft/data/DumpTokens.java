package dev.graft.data;

import dev.graft.io.UserInputException;
import dev.graft.spi.Game;
import org.jetbrains.bio.npy.NpyArray;
import org.jetbrains.bio.npy.NpyFile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The board tokens of a position dump ({@code tokens.npy}, int8 [n, squares], see {@link PositionDump}),
 * checked against the game a model plays.
 *
 * @param file    the {@code tokens.npy} read
 * @param n       number of positions
 * @param squares tokens per position in the file (no CLS)
 * @param board   the tokens, row-major [n × squares]
 */
public record DumpTokens(Path file, int n, int squares, byte[] board) {

    /**
     * Reads {@code dir/tokens.npy} and checks it fits {@code game}.
     *
     * @param expected what the positions are for, for messages, e.g. "checkpoint x.ckpt's model"
     * @throws UserInputException naming the file and what is wrong: no such folder or file, not a .npy,
     *                            not 2-D integers, a different number of squares, token values out of range
     */
    public static DumpTokens read(Path dir, Game game, String expected) {
        if (!Files.isDirectory(dir)) {
            throw new UserInputException(dir + ": no such folder; give a folder of positions written by"
                    + " 'graft data dump' (it holds tokens.npy)");
        }
        Path file = dir.resolve("tokens.npy");
        if (!Files.isRegularFile(file)) {
            throw new UserInputException(dir + " has no tokens.npy; give a folder of positions written by"
                    + " 'graft data dump'");
        }
        NpyArray a;
        try {
            a = NpyFile.read(file, 1 << 20);
        } catch (Exception e) { // the (Kotlin) reader declares nothing; IOException or runtime errors
            throw new UserInputException(file + " is not a readable .npy array (" + e + ")", e);
        }
        int[] shape = a.getShape();
        int[] values = NpyArrays.ints(a);
        if (values == null || shape.length != 2) {
            throw new UserInputException(file + " holds " + NpyArrays.dtype(a) + " " + NpyArrays.shape(shape)
                    + "; expected int8 [positions, squares]");
        }
        int n = shape[0];
        int squares = shape[1];
        if (squares != game.squares()) {
            throw new UserInputException(file + " has " + squares + " tokens per position" + boardGuess(squares)
                    + ", but " + expected + " plays " + game.name() + " on " + game.rows() + "×" + game.cols()
                    + " = " + game.squares() + " squares (" + game.tokens() + " tokens with CLS); dump positions"
                    + " of a " + game.rows() + "×" + game.cols() + " board");
        }
        if (n < 1) {
            throw new UserInputException(file + " holds no positions");
        }
        byte[] board = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (v < 0 || v >= game.squareStates()) {
                throw new UserInputException(file + ": position " + (i / squares) + ", square " + (i % squares)
                        + " has token " + v + "; " + game.name() + " squares take 0.." + (game.squareStates() - 1));
            }
            board[i] = (byte) v;
        }
        return new DumpTokens(file, n, squares, board);
    }

    /** The model's input: each position's squares followed by the game's CLS token, [n × (squares + 1)]. */
    public byte[] withCls(Game game) {
        int t = squares + 1;
        byte[] out = new byte[n * t];
        for (int i = 0; i < n; i++) {
            System.arraycopy(board, i * squares, out, i * t, squares);
            out[i * t + squares] = (byte) game.clsToken();
        }
        return out;
    }

    private static String boardGuess(int squares) {
        int side = (int) Math.round(Math.sqrt(squares));
        return side * side == squares ? " (a " + side + "×" + side + " board)" : "";
    }
}
